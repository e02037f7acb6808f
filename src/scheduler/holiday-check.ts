// The holiday data check: business calendars that follow Chinese public holidays but have no
// data for the current or the coming year would silently treat Spring Festival as working
// days. Warn in the log (every instance, at start and daily) and in the managers' group at most
// once a day: the outbox key carries the China date, so restarts and other instances that day
// add nothing.
import type { Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Outbox, OutboxItem } from '../outbox/outbox-store';
import { destinationKey } from '../outbox/codec';
import { holidayGaps } from '../sla/holidays';
import { chinaDateString, chinaDayOf, chinaDayStart, chinaYearOf } from '../sla/china-time';
import type { Directory } from '../tickets/directory';

/**
 * The State Council publishes next year's schedule in November or December: before November
 * the operator cannot act on a missing coming year, so the chat hears of it only from 1 November
 * (the log always does).
 */
const COMING_YEAR_FROM_MONTH = 11;
/** Chat warnings are not urgent: a restart at night waits for the morning, the daily check's time. */
const POST_FROM_MINUTE = 8 * 60 + 30;

export function holidayWarningLines(gaps: { calendar: string; year: number }[]): string[] {
  const years = [...new Set(gaps.map((g) => g.year))].sort();
  const calendars = [...new Set(gaps.map((g) => g.calendar))];
  const example = calendars[0]!;
  return [
    `日历${calendars.map((c) => `「${c}」`).join('')}还没有 ${years.join('、')} 年的放假和调休安排，补上之前这些假期会按工作日计算时限和提醒。`,
    `怎么补：按国务院办公厅发布的节假日安排通知，在运营配置文件（GONGDAN_CONFIG，默认 config/gongdan.yaml）的 calendars.${example}.holidays 下写：`,
    ...years.map((y) => `"${y}": { off: ["${y}-01-01", …放假日期], workdays: [调休上班日期] }`),
    '保存后重启服务即生效（也可升级 chinese-days 到含该年数据的版本）。补上之前每天提醒一次。',
  ];
}

export function createHolidayCheck(deps: { config: OperatorConfig; clock: Clock; logger: Logger; outbox: Outbox; directory: Directory; platforms: readonly Platform[] }) {
  return async function holidayCheck(): Promise<{ calendar: string; year: number }[]> {
    const now = deps.clock.now().getTime();
    const gaps = holidayGaps(deps.config.calendars, now);
    if (!gaps.length) return gaps;
    const list = gaps.map((g) => `${g.calendar}: ${g.year}`).join(', ');
    deps.logger.warn({ gaps }, `no Chinese public holiday data for ${list}; declare those years under calendars.<name>.holidays in the operator config, or those holidays count as working days`);
    const thisYear = chinaYearOf(now);
    const month = Number(chinaDateString(chinaDayOf(now)).slice(5, 7));
    const actionable = gaps.filter((g) => g.year <= thisYear || month >= COMING_YEAR_FROM_MONTH);
    if (!actionable.length) return gaps;
    const dayNumber = chinaDayOf(now);
    const day = chinaDateString(dayNumber);
    const postFrom = chinaDayStart(dayNumber) + POST_FROM_MINUTE * 60_000;
    const seen = new Set<string>();
    const items: OutboxItem[] = [];
    for (const p of deps.platforms) {
      const dest = deps.directory.conversation('managers', p);
      if (!dest || seen.has(destinationKey(dest))) continue;
      seen.add(destinationKey(dest));
      items.push({
        destination: dest,
        body: { title: '节假日数据缺失', lines: holidayWarningLines(actionable) },
        idempotencyKey: `holiday-gap:${day}:${destinationKey(dest)}`,
        ...(now < postFrom ? { notBefore: postFrom } : {}),
      });
    }
    await deps.outbox.enqueueAll(items);
    return gaps;
  };
}
