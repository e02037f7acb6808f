// The scheduled posts: every morning at reports.dailyAt (China time) yesterday's dashboard, and
// on reports.monthlyDay at monthlyAt last month's figures, to every managers' conversation on
// its platform. The scheduler's run coordinator lets one instance run each fire; the outbox
// keys (conversation + day) make a second run, or a second instance, post nothing new.
import type { Conversation } from '../config/directory-schema';
import type { OperatorConfig } from '../config/operator-schema';
import type { Destination } from '../channels/channel';
import type { Logger } from '../lib/logger';
import type { Outbox } from '../outbox/outbox-store';
import type { Scheduler } from '../scheduler/scheduler';
import { addDays, chinaDay, chinaMonth, previousMonth } from './china-day';
import type { ReportService } from './service';

export interface ReportJobsDeps {
  scheduler: Pick<Scheduler, 'registerJob'>;
  outbox: Pick<Outbox, 'enqueueAll'>;
  reports: ReportService;
  config: Pick<OperatorConfig, 'conversations' | 'reports'>;
  logger: Logger;
}

/** "09:00" → "0 9 * * *" */
export function cronAt(hhmm: string, dayOfMonth = '*'): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${m} ${h} ${dayOfMonth} * *`;
}

function destinationOf(c: Conversation): Destination {
  return c.robot ? { kind: 'robot', platform: c.platform, conversationId: c.id } : { kind: 'group', platform: c.platform, conversationId: c.chatId ?? c.id };
}

export function registerReportJobs(deps: ReportJobsDeps): { postDaily(day: string): Promise<void>; postMonthly(month: string): Promise<void> } {
  const managers = () => deps.config.conversations.filter((c) => c.purpose === 'managers');

  async function postDaily(day: string) {
    const report = await deps.reports.daily(day);
    for (const c of managers()) {
      const bodies = await deps.reports.dailyMessages(report, c.platform);
      await deps.outbox.enqueueAll(bodies.map((body, i) => ({ destination: destinationOf(c), body, idempotencyKey: `report-daily:${c.id}:${day}:${i}` })));
    }
    deps.logger.info({ day, conversations: managers().map((c) => c.id) }, 'daily report queued');
  }

  async function postMonthly(month: string) {
    const report = await deps.reports.monthly(month);
    for (const c of managers()) {
      const bodies = await deps.reports.monthlyMessages(report, c.platform);
      await deps.outbox.enqueueAll(bodies.map((body, i) => ({ destination: destinationOf(c), body, idempotencyKey: `report-monthly:${c.id}:${month}:${i}` })));
    }
    deps.logger.info({ month, conversations: managers().map((c) => c.id) }, 'monthly report queued');
  }

  const { dailyAt, monthlyDay, monthlyAt } = deps.config.reports;
  // The morning post covers the whole of yesterday (China time), with the backlog as it is now.
  deps.scheduler.registerJob('reports-daily', cronAt(dailyAt), (fireAt) => postDaily(addDays(chinaDay(fireAt.getTime()), -1)));
  deps.scheduler.registerJob('reports-monthly', cronAt(monthlyAt, String(monthlyDay)), (fireAt) => postMonthly(previousMonth(chinaMonth(fireAt.getTime()))));
  return { postDaily, postMonthly };
}
