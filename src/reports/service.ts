// The reports service: figures (SQL), chat text per platform, the chart, and the files the
// chat links to. The scheduler, the chat command hook, the HTTP API and the CLI all use this.
import type { OutboundBody, Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { Database } from '../db/database';
import type { Clock } from '../lib/clock';
import { ValidationError } from '../lib/errors';
import { chinaDay, chinaMonth, parseDay, parseMonth } from './china-day';
import { dailyChartPng } from './chart';
import { parseReportCommand } from './command';
import { monthlyCsv } from './csv';
import { loadDaily } from './daily-query';
import { dailyDetailHtml } from './detail-page';
import { loadMonthly } from './monthly-query';
import { createReportFiles, type ReportFiles } from './report-files';
import { dailyTitle, renderDaily, renderMonthly, type Rendered } from './render-text';
import type { DailyReport, MonthlyReport } from './types';

export interface ReportServiceDeps {
  db: Database;
  clock: Clock;
  config: Pick<OperatorConfig, 'staff' | 'products' | 'assignment'>;
  /** Where this bot is reachable from the platforms (PUBLIC_BASE_URL); without it, no links or DingTalk images. */
  publicBaseUrl?: string;
}

export interface ReportService {
  /** The day's figures; date "YYYY-MM-DD" in China time, default today. */
  daily(date?: string): Promise<DailyReport>;
  /** The month's figures; month "YYYY-MM" in China time, default this month. */
  monthly(month?: string): Promise<MonthlyReport>;
  renderDaily(report: DailyReport, platform: Platform, opts?: { detailUrl?: string }): Rendered;
  renderMonthly(report: MonthlyReport, platform: Platform, opts?: { csvUrl?: string }): Rendered;
  chart(report: DailyReport): Buffer;
  monthlyCsv(report: MonthlyReport): string;
  /** What to post: WeCom gets the markdown then an image message; DingTalk one markdown with the image by URL. */
  dailyMessages(report: DailyReport, platform: Platform): Promise<OutboundBody[]>;
  monthlyMessages(report: MonthlyReport, platform: Platform): Promise<OutboundBody[]>;
  /** The answer to 日报 / 月报 in chat, or null when the text is not one of them. */
  answerCommand(text: string, platform: Platform): Promise<OutboundBody[] | null>;
  files: ReportFiles;
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { db, clock, config } = deps;
  const files = createReportFiles(db);
  const base = deps.publicBaseUrl?.replace(/\/+$/, '');
  const now = () => clock.now().getTime();
  const staff = config.staff;

  async function daily(date?: string): Promise<DailyReport> {
    const at = now();
    const day = date ?? chinaDay(at);
    if (!parseDay(day)) throw new ValidationError(`date: expected a calendar day as YYYY-MM-DD (China time), got "${day}"`);
    if (day > chinaDay(at)) throw new ValidationError(`date: ${day} is in the future (today is ${chinaDay(at)} China time)`);
    return loadDaily(db, { date: day, now: at, staff, defaultDispatcher: config.assignment.defaultDispatcher });
  }

  async function monthly(month?: string): Promise<MonthlyReport> {
    const at = now();
    const m = month ?? chinaMonth(at);
    if (!parseMonth(m)) throw new ValidationError(`month: expected a month as YYYY-MM (China time), got "${m}"`);
    if (m > chinaMonth(at)) throw new ValidationError(`month: ${m} is in the future (this month is ${chinaMonth(at)} China time)`);
    return loadMonthly(db, { month: m, now: at, products: config.products });
  }

  async function dailyMessages(report: DailyReport, platform: Platform): Promise<OutboundBody[]> {
    let rendered = renderDaily(report, platform, { staff });
    if (rendered.truncated && base) {
      const page = await files.put('text/html; charset=utf-8', Buffer.from(dailyDetailHtml(report, dailyTitle(report)), 'utf8'), now());
      rendered = renderDaily(report, platform, { staff, detailUrl: `${base}${page.path}` });
    }
    const png = dailyChartPng(report);
    const url = base ? `${base}${(await files.put('image/png', png, now())).path}` : undefined;
    if (platform === 'wecom') {
      // Group-robot markdown cannot carry an image; the chart follows as an image message.
      return [rendered.body, { title: `${rendered.body.title} 图表`, lines: [], image: { png, url } }];
    }
    return [url ? { ...rendered.body, image: { png, url } } : rendered.body];
  }

  async function monthlyMessages(report: MonthlyReport, platform: Platform): Promise<OutboundBody[]> {
    let csvUrl: string | undefined;
    if (base) csvUrl = `${base}${(await files.put('text/csv; charset=utf-8', Buffer.from(monthlyCsv(report), 'utf8'), now())).path}`;
    return [renderMonthly(report, platform, { staff, csvUrl }).body];
  }

  return {
    daily,
    monthly,
    renderDaily: (report, platform, opts = {}) => renderDaily(report, platform, { staff, ...opts }),
    renderMonthly: (report, platform, opts = {}) => renderMonthly(report, platform, { staff, ...opts }),
    chart: dailyChartPng,
    monthlyCsv,
    dailyMessages,
    monthlyMessages,
    files,
    async answerCommand(text, platform) {
      const cmd = parseReportCommand(text, now());
      if (!cmd) return null;
      if (cmd.kind === 'error') return [{ title: '日报/月报', lines: [cmd.message] }];
      if (cmd.kind === 'daily') return dailyMessages(await daily(cmd.date), platform);
      return monthlyMessages(await monthly(cmd.month), platform);
    },
  };
}
