// The holiday data check: business calendars that follow Chinese public holidays but have no
// data for the current or the coming year would silently treat Spring Festival as working
// days. Warn in the log (every instance, at start and daily) and in the managers' group (once
// a day: the outbox key carries the China date).
import type { Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Outbox, OutboxItem } from '../outbox/outbox-store';
import { destinationKey } from '../outbox/codec';
import { holidayGaps } from '../sla/holidays';
import { chinaDateString, chinaDayOf } from '../sla/china-time';
import type { Directory } from '../tickets/directory';

export function createHolidayCheck(deps: { config: OperatorConfig; clock: Clock; logger: Logger; outbox: Outbox; directory: Directory; platforms: readonly Platform[] }) {
  return async function holidayCheck(): Promise<{ calendar: string; year: number }[]> {
    const now = deps.clock.now().getTime();
    const gaps = holidayGaps(deps.config.calendars, now);
    if (!gaps.length) return gaps;
    const list = gaps.map((g) => `${g.calendar}: ${g.year}`).join(', ');
    deps.logger.warn({ gaps }, `no Chinese public holiday data for ${list}; declare those years under calendars.<name>.holidays in the operator config, or those holidays count as working days`);
    const day = chinaDateString(chinaDayOf(now));
    const seen = new Set<string>();
    const items: OutboxItem[] = [];
    for (const p of deps.platforms) {
      const dest = deps.directory.conversation('managers', p);
      if (!dest || seen.has(destinationKey(dest))) continue;
      seen.add(destinationKey(dest));
      items.push({
        destination: dest,
        body: {
          title: '节假日数据缺失',
          lines: [
            ...gaps.map((g) => `日历「${g.calendar}」没有 ${g.year} 年的法定节假日和调休数据。`),
            '在这些数据补上之前，节假日会被当作工作日计算时限。',
            '请在运营配置 calendars.<日历>.holidays 中声明该年的放假日期（off）和调休上班日期（workdays）。',
          ],
        },
        idempotencyKey: `holiday-gap:${day}:${destinationKey(dest)}`,
      });
    }
    await deps.outbox.enqueueAll(items);
    return gaps;
  };
}
