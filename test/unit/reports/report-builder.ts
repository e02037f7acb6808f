// A DailyReport built in memory for render tests (the figures themselves are tested against a database).
import type { DailyReport, OverdueTicket, PersonLine, Rate } from '../../../src/reports/types';

const r = (met: number, due: number): Rate => ({ met, due, rate: due ? met / due : null });
const STAFF = ['wang.agent', 'li.dispatcher', 'zhang.engineer', 'liu.engineer', 'chen.sales'];

export function buildDaily(opts: { overdue: number; people?: number; listed?: number } = { overdue: 3 }): DailyReport {
  const listed = Math.min(opts.listed ?? 100, opts.overdue);
  const overdueTickets: OverdueTicket[] = Array.from({ length: listed }, (_, i) => ({
    code: String(2000 + i),
    summary: `客户反映净水器第${i}次漏水，地板泡了要求赔偿`,
    kind: i % 2 ? 'visit' : 'complaint',
    complaintLevel: i % 2 ? null : ((i % 3) + 1),
    status: 'in_progress',
    deadline: i % 2 ? 'arrival' : 'first_response',
    dueAt: '2026-12-03T06:00:00.000Z',
    overdueMinutes: 90 + i,
    ownerId: i % 7 === 6 ? 'li.dispatcher' : STAFF[i % STAFF.length]!,
    ownerName: null,
    ownerIsDispatcher: i % 7 === 6,
  }));
  const people: PersonLine[] = Array.from({ length: opts.people ?? 3 }, (_, i) => ({
    staffId: STAFF[i % STAFF.length]! + (i >= STAFF.length ? `-${i}` : ''),
    name: `员工${i}`,
    open: 10 - (i % 10),
    overdue: 3,
    met: 4,
    due: 5,
    rate: 0.8,
  }));
  const targets = { first_response: r(9, 10), resolution: r(3, 4), arrival: r(5, 6), follow_up: r(0, 0) };
  return {
    date: '2026-12-03',
    from: '2026-12-02T16:00:00.000Z',
    to: '2026-12-03T16:00:00.000Z',
    asOf: '2026-12-03T16:00:00.000Z',
    complete: true,
    restDay: null,
    opened: { total: 12, complaint: 5, visit: 7, complaintByLevel: { '1': 3, '2': 1, '3': 1 }, visitByType: { install: 2, repair: 4, maintenance: 1, inspection: 0 } },
    targets,
    satisfaction: { count: 2, average: 4.5 },
    escalations: 3,
    previous7: { from: '2026-11-25T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z', openedPerDay: 9.71, escalationsPerDay: 2.14, targets: { ...targets, first_response: r(50, 60) }, satisfaction: { count: 10, average: 4.2 } },
    change: { opened: 2.29, escalations: 0.86, targets: { first_response: 6.7, resolution: 0, arrival: 0, follow_up: null }, satisfaction: 0.3 },
    week: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${27 + i > 30 ? '0' : ''}${27 + i > 30 ? 27 + i - 30 : 27 + i}`.replace('2026-11-0', '2026-12-0'), opened: i + 5, targets: { ...targets, follow_up: i === 3 ? r(1, 2) : r(0, 0) }, escalations: i, satisfaction: { count: 1, average: 4 } })),
    backlog: { asOf: '2026-12-04T01:00:00.000Z', open: 40, overdue: opts.overdue, overdueTickets, people },
  };
}
