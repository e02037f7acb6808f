// `npm run cli -- report daily [--date YYYY-MM-DD] [--platform wecom|dingtalk] [--out chart.png]`
// `npm run cli -- report monthly [--month YYYY-MM] [--platform …] [--csv out.csv] [--json]`
// Prints the chat text as it would be posted (before the channel's own wrapping).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEnv } from '../config/env';
import { loadOperatorConfig } from '../config/load-operator-config';
import { PLATFORMS, type Platform } from '../config/directory-schema';
import { connectDatabase } from '../db/database';
import { systemClock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { createReportService } from './service';

export const REPORT_USAGE = 'report daily|monthly [--date YYYY-MM-DD | --month YYYY-MM] [--platform wecom|dingtalk] [--out chart.png] [--csv file.csv] [--json]';

export async function runReportCli(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { date: { type: 'string' }, month: { type: 'string' }, platform: { type: 'string', default: 'wecom' }, out: { type: 'string' }, csv: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    err.write(`report: ${(e as Error).message}\nusage: ${REPORT_USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const what = positionals[0];
  if ((what !== 'daily' && what !== 'monthly') || positionals.length > 1) {
    err.write(`report: expected "daily" or "monthly"\nusage: ${REPORT_USAGE}\n`);
    return 2;
  }
  if (!(PLATFORMS as readonly string[]).includes(values.platform!)) {
    err.write(`report: --platform must be one of ${PLATFORMS.join(', ')}, got "${values.platform}"\n`);
    return 2;
  }
  const platform = values.platform as Platform;
  const env = loadEnv(process.env);
  const config = loadOperatorConfig(env.GONGDAN_CONFIG);
  const db = await connectDatabase(env.DATABASE_URL);
  try {
    const reports = createReportService({ db, clock: systemClock, config, publicBaseUrl: env.PUBLIC_BASE_URL });
    if (what === 'daily') {
      const report = await reports.daily(values.date);
      if (values.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const r = reports.renderDaily(report, platform);
        out.write(`# ${r.body.title}\n${r.body.lines.join('\n')}\n\n(${r.bytes}/${r.limit} bytes for ${platform})\n`);
      }
      if (values.out) {
        writeFileSync(values.out, reports.chart(report));
        err.write(`chart written to ${values.out}\n`);
      }
    } else {
      const report = await reports.monthly(values.month);
      if (values.json) out.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        const r = reports.renderMonthly(report, platform);
        out.write(`# ${r.body.title}\n${r.body.lines.join('\n')}\n`);
      }
      if (values.csv) {
        writeFileSync(values.csv, reports.monthlyCsv(report));
        err.write(`CSV written to ${values.csv}\n`);
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof AppError && e.status < 500) {
      err.write(`report: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    await db.close();
  }
}
