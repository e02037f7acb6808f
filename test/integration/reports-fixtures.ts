// Known tickets, deadlines and events written straight into the database, so report tests
// can assert exact figures. Times are written in China time.
import type { Database } from '../../src/db/database';

/** "2026-12-03 09:30" (China time) → epoch ms. */
export const cst = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);

export interface TicketFixture {
  code: string;
  kind: 'complaint' | 'visit';
  level?: 1 | 2 | 3;
  visitType?: 'install' | 'repair' | 'maintenance' | 'inspection';
  status: string;
  assignee?: string;
  created: string;
  resolved?: string;
  satisfaction?: number;
  product?: string;
  phone?: string;
  ref?: string;
  summary?: string;
}

export async function insertTicket(db: Database, t: TicketFixture): Promise<number> {
  const created = cst(t.created);
  await db.transaction((em) =>
    em.query(
      `INSERT INTO tickets (code, kind, status, complaint_level, visit_type, vip, summary, description, product, customer_phone, customer_ref,
                            assignee_id, policy_name, policy_json, source_platform, paused_ms, satisfaction, created_at, updated_at, resolved_at, version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        t.code, t.kind, t.status, t.level ?? null, t.visitType ?? null, false, t.summary ?? `工单${t.code}`, '', t.product ?? null, t.phone ?? null, t.ref ?? null,
        t.assignee ?? null, 'standard', '{}', 'wecom', 0, t.satisfaction ?? null, created, created, t.resolved ? cst(t.resolved) : null, 1,
      ],
    ),
  );
  const rows = (await db.ds.query('SELECT id FROM tickets WHERE code = ?', [t.code])) as { id: number | string }[];
  return Number(rows[0]!.id);
}

export async function insertDeadline(db: Database, ticketId: number, name: string, due: string, met?: string | null): Promise<void> {
  const dueAt = cst(due);
  await db.transaction((em) =>
    em.query('INSERT INTO ticket_deadlines (ticket_id, name, due_at, met_at, breached_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      ticketId, name, dueAt, met ? cst(met) : null, met && cst(met) <= dueAt ? null : dueAt, dueAt, dueAt,
    ]),
  );
}

export async function insertEvent(db: Database, ticketId: number, action: string, at: string): Promise<void> {
  await db.transaction((em) =>
    em.query('INSERT INTO ticket_events (ticket_id, at, actor_type, action) VALUES (?, ?, ?, ?)', [ticketId, cst(at), action === 'escalation' ? 'system' : 'staff', action]),
  );
}

/**
 * The seeded week around Thursday 2026-12-03 (see the expectations in reports-figures.test.ts).
 * Covers: a ticket opened 23:50 whose deadline falls due after midnight, one opened exactly at
 * 00:00 the next day, a cancelled ticket, a follow-up met early, a follow-up owed on a resolved
 * ticket, escalations either side of midnight, and a previous week to compare with.
 */
export async function seedWeek(db: Database): Promise<void> {
  const T1 = await insertTicket(db, { code: '1001', kind: 'complaint', level: 1, status: 'closed', assignee: 'wang.agent', created: '2026-12-03 09:00', product: 'ro-purifier', phone: '13900000002', summary: '净水器漏水，地板泡了' });
  await insertDeadline(db, T1, 'first_response', '2026-12-03 09:30', '2026-12-03 09:10');
  await insertDeadline(db, T1, 'resolution', '2026-12-03 17:00', '2026-12-03 18:00');

  const T2 = await insertTicket(db, { code: '1002', kind: 'complaint', level: 2, status: 'in_progress', assignee: 'wang.agent', created: '2026-12-03 23:50', product: 'ro-purifier', phone: '13900000002' });
  await insertDeadline(db, T2, 'first_response', '2026-12-04 00:20', '2026-12-04 00:10');
  await insertDeadline(db, T2, 'resolution', '2026-12-05 17:00');

  const T3 = await insertTicket(db, { code: '1003', kind: 'complaint', level: 3, status: 'open', created: '2026-12-03 14:00', summary: '已向消费者协会投诉，要求今天给说法' });
  await insertDeadline(db, T3, 'first_response', '2026-12-03 14:30');
  await insertDeadline(db, T3, 'resolution', '2026-12-05 14:00');
  await insertEvent(db, T3, 'escalation', '2026-12-03 14:31');
  await insertEvent(db, T3, 'escalation', '2026-12-03 23:59');
  await insertEvent(db, T3, 'escalation', '2026-12-04 00:00');
  await insertEvent(db, T3, 'claim', '2026-12-03 15:00');

  const T4 = await insertTicket(db, { code: '1004', kind: 'visit', visitType: 'repair', status: 'scheduled', assignee: 'zhang.engineer', created: '2026-12-03 10:00', product: 'ro-purifier', phone: '13900000001' });
  await insertDeadline(db, T4, 'dispatch', '2026-12-03 10:30', '2026-12-03 10:20');
  await insertDeadline(db, T4, 'arrival', '2026-12-03 15:00', '2026-12-03 14:50');

  const T5 = await insertTicket(db, { code: '1005', kind: 'visit', visitType: 'install', status: 'on_site', assignee: 'liu.engineer', created: '2026-12-03 11:00', product: 'water-heater' });
  await insertDeadline(db, T5, 'arrival', '2026-12-03 16:00', '2026-12-03 16:30');
  await insertDeadline(db, T5, 'report', '2026-12-04 08:00');

  const T6 = await insertTicket(db, { code: '1006', kind: 'visit', visitType: 'maintenance', status: 'closed', assignee: 'zhang.engineer', created: '2026-11-25 10:00', resolved: '2026-11-26 12:00', satisfaction: 5 });
  await insertDeadline(db, T6, 'follow_up', '2026-12-03 12:00', '2026-12-03 11:00');

  const T7 = await insertTicket(db, { code: '1007', kind: 'visit', visitType: 'repair', status: 'resolved', assignee: 'zhang.engineer', created: '2026-11-20 10:00', resolved: '2026-11-26 20:00' });
  await insertDeadline(db, T7, 'follow_up', '2026-12-03 20:00');

  await insertTicket(db, { code: '1008', kind: 'visit', visitType: 'repair', status: 'open', created: '2026-12-04 00:00', product: 'ro-purifier', phone: '13900000001' });

  const T9 = await insertTicket(db, { code: '1009', kind: 'complaint', level: 1, status: 'cancelled', created: '2026-12-03 00:00' });
  await insertDeadline(db, T9, 'first_response', '2026-12-03 00:30');

  const T10 = await insertTicket(db, { code: '1010', kind: 'visit', visitType: 'repair', status: 'closed', assignee: 'liu.engineer', created: '2026-11-27 10:00', resolved: '2026-11-28 17:00', satisfaction: 3 });
  await insertDeadline(db, T10, 'follow_up', '2026-12-05 17:00', '2026-12-03 15:00');

  // The previous 7 days (11-26 … 12-02).
  const T11 = await insertTicket(db, { code: '1011', kind: 'complaint', level: 1, status: 'closed', assignee: 'wang.agent', created: '2026-11-28 10:00' });
  await insertDeadline(db, T11, 'first_response', '2026-11-28 10:30', '2026-11-28 10:20');
  const T12 = await insertTicket(db, { code: '1012', kind: 'complaint', level: 1, status: 'closed', assignee: 'wang.agent', created: '2026-12-02 22:00' });
  await insertDeadline(db, T12, 'first_response', '2026-12-02 22:30');
  for (let i = 0; i < 7; i++) await insertEvent(db, T11, 'escalation', `2026-11-30 0${i}:00`);
}
