// HTTP for reports: the JSON/CSV API behind the admin token, and the public (unguessable,
// expiring) file addresses that chat messages link to.
import Router, { type RouterContext } from '@koa/router';
import { z } from 'zod';
import type { Clock } from '../lib/clock';
import { NotFoundError, ValidationError } from '../lib/errors';
import { REPORT_FILE_EXT } from './report-files';
import type { ReportService } from './service';

const dailyQuery = z.strictObject({ date: z.string().optional() });
const monthlyQuery = z.strictObject({ month: z.string().optional() });

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const r = schema.safeParse(query);
  if (!r.success) {
    throw new ValidationError(
      r.error.issues
        .map((i) => {
          if (i.code === 'unrecognized_keys') return `query: unknown parameter ${i.keys.map((k) => `"${k}"`).join(', ')}`;
          return `${i.path.join('.') || 'query'}: ${i.code === 'invalid_type' ? 'expected one value' : i.message}`;
        })
        .join('; '),
    );
  }
  return r.data;
}

/** Mount with `admin: true`: /api/reports/daily, /api/reports/daily.png, /api/reports/monthly, /api/reports/monthly.csv */
export function reportsApi(reports: ReportService): Router {
  const router = new Router();
  router.get('/api/reports/daily', async (ctx) => {
    ctx.body = await reports.daily(parse(dailyQuery, ctx.query).date);
  });
  router.get('/api/reports/daily.png', async (ctx) => {
    ctx.type = 'image/png';
    ctx.body = reports.chart(await reports.daily(parse(dailyQuery, ctx.query).date));
  });
  router.get('/api/reports/monthly', async (ctx) => {
    ctx.body = await reports.monthly(parse(monthlyQuery, ctx.query).month);
  });
  router.get('/api/reports/monthly.csv', async (ctx) => {
    const report = await reports.monthly(parse(monthlyQuery, ctx.query).month);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.set('content-disposition', `attachment; filename="gongdan-monthly-${report.month}.csv"`);
    ctx.body = reports.monthlyCsv(report);
  });
  return router;
}

/** Mount without admin: GET /reports/img/<32 hex>.png and /reports/file/<32 hex>.(html|csv). */
export function reportFilesRouter(reports: ReportService, clock: Clock): Router {
  const router = new Router();
  const serve = (kind: 'img' | 'file') => async (ctx: RouterContext) => {
    const m = /^([0-9a-f]{32})\.([a-z]+)$/.exec(String(ctx.params.name ?? ''));
    const file = m ? await reports.files.get(m[1]!, clock.now().getTime()) : null;
    const ext = file ? REPORT_FILE_EXT[file.contentType] : undefined;
    if (!file || !m || ext !== m[2] || (kind === 'img') !== (ext === 'png')) throw new NotFoundError('no such report file (it may have expired)');
    ctx.type = file.contentType;
    ctx.set('cache-control', 'private, max-age=86400');
    ctx.set('x-content-type-options', 'nosniff');
    ctx.body = file.body;
  };
  router.get('/reports/img/:name', serve('img'));
  router.get('/reports/file/:name', serve('file'));
  return router;
}
