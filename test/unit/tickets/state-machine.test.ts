import { IllegalTransitionError, nextStatus, TICKET_STATUSES, TRANSITIONS, type TicketAction, type TicketKind, type TicketStatus } from '../../../src/tickets/state-machine';

const subject = (status: TicketStatus, kind: TicketKind = 'visit', statusBeforePause: TicketStatus | null = null) => ({ status, kind, statusBeforePause });

// The allowed transitions, written out by hand: this table is the specification the code's table must match.
const allowed: [TicketAction, TicketStatus, TicketKind, TicketStatus][] = [
  ['assign', 'open', 'complaint', 'assigned'],
  ['assign', 'in_progress', 'visit', 'assigned'],
  ['assign', 'scheduled', 'visit', 'assigned'],
  ['claim', 'open', 'complaint', 'in_progress'],
  ['claim', 'assigned', 'visit', 'in_progress'],
  ['schedule', 'in_progress', 'visit', 'scheduled'],
  ['schedule', 'scheduled', 'visit', 'scheduled'],
  ['arrive', 'scheduled', 'visit', 'on_site'],
  ['arrive', 'in_progress', 'visit', 'on_site'],
  ['resolve', 'on_site', 'visit', 'resolved'],
  ['resolve', 'in_progress', 'complaint', 'resolved'],
  ['pause', 'in_progress', 'complaint', 'pending'],
  ['pause', 'on_site', 'visit', 'pending'],
  ['close', 'resolved', 'complaint', 'closed'],
  ['close', 'pending', 'visit', 'closed'],
  ['reopen', 'resolved', 'visit', 'in_progress'],
  ['reopen', 'closed', 'complaint', 'in_progress'],
  ['cancel', 'open', 'visit', 'cancelled'],
  ['cancel', 'pending', 'complaint', 'cancelled'],
];

test.each(allowed)('%s from %s (%s) → %s', (action, from, kind, to) => {
  expect(nextStatus(subject(from, kind), action)).toBe(to);
});

const refused: [TicketAction, TicketStatus, TicketKind][] = [
  ['claim', 'in_progress', 'complaint'],
  ['claim', 'closed', 'visit'],
  ['schedule', 'open', 'complaint'],
  ['arrive', 'in_progress', 'complaint'],
  ['arrive', 'open', 'visit'],
  ['resolve', 'pending', 'visit'],
  ['resolve', 'closed', 'visit'],
  ['pause', 'pending', 'visit'],
  ['pause', 'resolved', 'visit'],
  ['resume', 'in_progress', 'visit'],
  ['close', 'cancelled', 'visit'],
  ['reopen', 'in_progress', 'visit'],
  ['cancel', 'closed', 'complaint'],
];

test.each(refused)('%s from %s (%s) is an IllegalTransitionError', (action, from, kind) => {
  const attempt = () => nextStatus(subject(from, kind), action);
  expect(attempt).toThrow(IllegalTransitionError);
  expect(attempt).toThrow(`cannot ${action} a ${kind} ticket that is ${from}`);
});

test.each([['in_progress'], ['scheduled'], ['on_site'], ['open']] as [TicketStatus][])('resume returns to %s, the status held before the pause', (before) => {
  expect(nextStatus(subject('pending', 'visit', before), 'resume')).toBe(before);
});

test('cancelled is terminal: no action leaves it', () => {
  for (const action of Object.keys(TRANSITIONS) as TicketAction[]) {
    expect(() => nextStatus(subject('cancelled'), action)).toThrow(IllegalTransitionError);
  }
});

test('every status in the table is a known status', () => {
  for (const t of Object.values(TRANSITIONS)) {
    for (const s of t.from) expect(TICKET_STATUSES).toContain(s);
    if (t.to !== 'previous') expect(TICKET_STATUSES).toContain(t.to);
  }
});
