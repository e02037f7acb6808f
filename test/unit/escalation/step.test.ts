import { chainSchema, type StepConfig } from '../../../src/escalation/config-schema';
import { planSteps, runStep, type StepSubject, type StepTimer } from '../../../src/escalation/step';
import type { DeadlineName } from '../../../src/escalation/config-schema';
import { openingDeadlines, followUpDeadline, rebookedDeadlines } from '../../../src/sla/deadlines';
import { always, cn, example, fmt, MIN, standardPolicy, workdays } from '../sla/china-fixtures';

const cal = workdays();
const complaintChain = example.escalation.chains.complaint!;
const visitChain = example.escalation.chains.visit!;
const normal = { urgent: false, calendar: cal };
const urgent = { urgent: true, calendar: cal };

const plan = (timers: StepTimer[]) => timers.map((t) => `${t.stepIndex}@${fmt(t.dueAt)}`);

function subject(deadline: DeadlineName, dueAt: number, change: Partial<StepSubject> = {}): StepSubject {
  return { status: 'assigned', assigneeId: 'wang.agent', complaintLevel: 1, deadlines: { [deadline]: { dueAt, metAt: null } }, lastStaffActionAt: null, ...change };
}

describe('planSteps', () => {
  test.each([
    // [why, chain, deadline, due, urgent, expected "stepIndex@dueAt"]
    ['first response inside working hours', complaintChain, 'first_response', '2026-12-04 10:30', false, ['0@2026-12-04 10:20', '1@2026-12-04 10:30', '2@2026-12-04 11:00']],
    ['17:50 before National Day: first response due 10-08 09:20', complaintChain, 'first_response', '2026-10-08 09:20', false, ['0@2026-10-08 09:10', '1@2026-10-08 09:20', '2@2026-10-08 09:50']],
    ['the manager notice after a deadline at 12:00 waits for lunch to end', complaintChain, 'first_response', '2026-12-04 12:00', false, ['0@2026-12-04 11:50', '1@2026-12-04 13:30', '2@2026-12-04 13:30']],
    ['resolution: reminder 1h before 09:20 waits for opening, executive at 13:20 waits for lunch to end', complaintChain, 'resolution', '2026-12-07 09:20', false, ['3@2026-12-07 09:00', '4@2026-12-07 09:20', '5@2026-12-07 13:30']],
    ['executive notice 4h after a 16:00 deadline moves to the next working day', complaintChain, 'resolution', '2026-12-04 16:00', false, ['3@2026-12-04 15:00', '4@2026-12-04 16:00', '5@2026-12-07 09:00']],
    ['level 3: the same executive notice goes at 20:00, no waiting', complaintChain, 'resolution', '2026-12-04 16:00', true, ['3@2026-12-04 15:00', '4@2026-12-04 16:00', '5@2026-12-04 20:00']],
    ['dispatch at 18:00 on the eve of National Day waits for 10-08', visitChain, 'dispatch', '2026-09-30 18:00', false, ['0@2026-10-08 09:00']],
    ['a late engineer: @ the group at arrival, the manager 30m later', visitChain, 'arrival', '2026-12-08 15:15', false, ['2@2026-12-08 15:15', '3@2026-12-08 15:45']],
    ['contact reminder 30m before the contact deadline', visitChain, 'contact', '2026-12-08 14:00', false, ['1@2026-12-08 13:30']],
    ['day-6 follow-up reminder (follow_up = resolvedAt + 7d, step at -1d)', visitChain, 'follow_up', '2026-12-15 16:00', false, ['4@2026-12-14 16:00']],
    ['day 6 on a Sunday waits for Monday morning', visitChain, 'follow_up', '2026-12-14 10:00', false, ['4@2026-12-14 09:00']],
    ['a deadline no step hangs on', visitChain, 'report', '2026-12-08 15:15', false, []],
  ] as const)('%s', (_why, chain, deadline, due, isUrgent, expected) => {
    const timers = planSteps('c', chain as StepConfig[], deadline, cn(due), isUrgent ? urgent : normal);
    expect(plan(timers)).toEqual(expected);
    for (const t of timers) expect(t).toMatchObject({ chain: 'c', deadline, deadlineDueAt: cn(due), repeat: 0 });
  });

  test('a step marked urgent ignores working hours even when the ticket is not urgent', () => {
    const chain = chainSchema.parse([{ deadline: 'resolution', offset: '4h', notify: 'executive', urgent: true }]);
    expect(plan(planSteps('c', chain, 'resolution', cn('2026-12-04 16:00'), normal))).toEqual(['0@2026-12-04 20:00']);
  });

  test('24x7 calendar: nothing waits', () => {
    expect(plan(planSteps('c', complaintChain, 'resolution', cn('2026-10-01 03:00'), { urgent: false, calendar: always() }))).toEqual([
      '3@2026-10-01 02:00',
      '4@2026-10-01 03:00',
      '5@2026-10-01 07:00',
    ]);
  });

  test('the day-6 follow-up, end to end from the resolve instant', () => {
    const followUp = followUpDeadline(cn('2026-12-08 16:00'), standardPolicy);
    const [timer] = planSteps('visit', visitChain, 'follow_up', followUp, normal);
    expect(fmt(timer!.dueAt)).toBe('2026-12-14 16:00');
    const waiting = subject('follow_up', followUp, { status: 'resolved', assigneeId: 'zhang.engineer' });
    expect(runStep(timer!, visitChain[4]!, waiting, timer!.dueAt, normal)).toEqual({ kind: 'fire', notify: 'assignee', deadline: 'follow_up', overdueMs: -24 * 60 * MIN, next: null });
  });

  test.each([
    ['resolved', 'fire'],
    ['closed', 'stale'],
    ['cancelled', 'stale'],
    ['in_progress', 'stale'], // re-opened: the next resolve sets a new follow-up
    ['pending', 'stale'],
  ] as const)('the follow-up reminder on a %s visit → %s', (status, expected) => {
    const due = cn('2026-12-15 16:00');
    const [timer] = planSteps('visit', visitChain, 'follow_up', due, normal);
    expect(runStep(timer!, visitChain[4]!, subject('follow_up', due, { status }), timer!.dueAt, normal).kind).toBe(expected);
  });
});

describe('runStep: staleness table', () => {
  const due = cn('2026-12-04 10:30');
  const step = complaintChain[1]!; // first_response, at the deadline, @ the group, repeat 30m
  const timer: StepTimer = { chain: 'complaint', stepIndex: 1, deadline: 'first_response', deadlineDueAt: due, repeat: 0, dueAt: due };
  const repeatTimer: StepTimer = { ...timer, repeat: 1, dueAt: due + 30 * MIN, firedAt: due };
  const now = due + 30 * MIN;

  test.each([
    ['open', timer, subject('first_response', due, { status: 'open' }), 'fire'],
    ['assigned', timer, subject('first_response', due), 'fire'],
    ['in_progress', timer, subject('first_response', due, { status: 'in_progress' }), 'fire'],
    ['scheduled', timer, subject('first_response', due, { status: 'scheduled' }), 'fire'],
    ['on_site', timer, subject('first_response', due, { status: 'on_site' }), 'fire'],
    ['pending (paused, waiting on the customer)', timer, subject('first_response', due, { status: 'pending' }), 'stale'],
    ['resolved', timer, subject('first_response', due, { status: 'resolved' }), 'stale'],
    ['closed', timer, subject('first_response', due, { status: 'closed' }), 'stale'],
    ['cancelled', timer, subject('first_response', due, { status: 'cancelled' }), 'stale'],
    ['deadline met', timer, { ...subject('first_response', due), deadlines: { first_response: { dueAt: due, metAt: due - MIN } } }, 'stale'],
    ['deadline moved (pause / rebook planned new timers)', timer, subject('first_response', due + 45 * MIN), 'stale'],
    ['deadline gone', timer, subject('resolution', due), 'stale'],
    ['first fire: an earlier staff action does not silence the breach', timer, subject('first_response', due, { lastStaffActionAt: due - 5 * MIN }), 'fire'],
    ['repeat, nobody acted', repeatTimer, subject('first_response', due), 'fire'],
    ['repeat, action before the previous fire', repeatTimer, subject('first_response', due, { lastStaffActionAt: due - MIN }), 'fire'],
    ['repeat, someone acted after the previous fire', repeatTimer, subject('first_response', due, { lastStaffActionAt: due + MIN }), 'stale'],
    ['repeat without firedAt: the scheduled previous fire stands in', { ...repeatTimer, firedAt: undefined }, subject('first_response', due, { lastStaffActionAt: due + MIN }), 'stale'],
  ] as const)('%s → %s', (_why, t, s, expected) => {
    const out = runStep(t as StepTimer, step, s as StepSubject, now, normal);
    expect(out.kind).toBe(expected);
    if (out.kind === 'stale') expect(out.reason).toMatch(/\w/);
  });

  test('a timer whose step no longer hangs on its deadline is stale', () => {
    const out = runStep(timer, complaintChain[3]!, subject('first_response', due), now, normal);
    expect(out).toMatchObject({ kind: 'stale', reason: expect.stringContaining('no longer hangs') });
  });
});

describe('runStep: firing and repeats', () => {
  test('repeats every 30 minutes until someone acts; each repeat is one new timer', () => {
    const opened = cn('2026-12-04 10:00');
    const due = openingDeadlines({ kind: 'complaint', complaintLevel: 1, openedAt: opened, appointmentAt: null, policy: standardPolicy, calendar: cal }).first_response!;
    expect(fmt(due)).toBe('2026-12-04 10:30');
    const step = complaintChain[1]!;
    let timer: StepTimer | null = planSteps('complaint', complaintChain, 'first_response', due, normal).find((t) => t.stepIndex === 1)!;
    const s = subject('first_response', due, { status: 'open', assigneeId: null });
    const fired: string[] = [];
    while (timer) {
      const now = timer.dueAt + 2_000; // scheduler lag
      if (fired.length === 3) s.lastStaffActionAt = now - 60_000; // someone replies before the 4th
      const out = runStep(timer, step, s, now, normal);
      if (out.kind === 'stale') break;
      fired.push(`${timer.repeat}@${fmt(now)} ${out.notify} +${out.overdueMs / MIN | 0}m`);
      if (out.next) {
        expect(out.next).toMatchObject({ chain: 'complaint', stepIndex: 1, deadline: 'first_response', deadlineDueAt: due, repeat: timer.repeat + 1, firedAt: now });
      }
      timer = out.next;
    }
    expect(fired).toEqual(['0@2026-12-04 10:30 group +0m', '1@2026-12-04 11:00 group +30m', '2@2026-12-04 11:30 group +60m']);
  });

  test('a repeat falling in lunch waits for 13:30; on a level-3 ticket or a step marked urgent it does not', () => {
    const due = cn('2026-12-04 11:40');
    const step = complaintChain[1]!;
    const timer = planSteps('complaint', complaintChain, 'first_response', due, normal).find((t) => t.stepIndex === 1)!;
    const l1 = runStep(timer, step, subject('first_response', due), due, normal);
    const l3 = runStep(timer, step, subject('first_response', due, { complaintLevel: 3 }), due, { urgent: true, calendar: cal });
    const urgentStep = runStep(timer, { ...step, urgent: true }, subject('first_response', due), due, normal);
    expect(l1.kind === 'fire' && fmt(l1.next!.dueAt)).toBe('2026-12-04 13:30');
    expect(l3.kind === 'fire' && fmt(l3.next!.dueAt)).toBe('2026-12-04 12:10');
    expect(urgentStep.kind === 'fire' && fmt(urgentStep.next!.dueAt)).toBe('2026-12-04 12:10');
  });

  test('nobody acts: a repeating step repeats until someone acts, or maxRepeats where the chain caps it', () => {
    const due = cn('2026-12-04 10:30');
    const s = subject('first_response', due, { status: 'open' });
    const fires = (step: typeof complaintChain[number]) => {
      let timer: StepTimer | null = planSteps('complaint', complaintChain, 'first_response', due, normal).find((t) => t.stepIndex === 1)!;
      let n = 0;
      while (timer && n < 50) {
        const out = runStep(timer, step, s, timer.dueAt, normal);
        if (out.kind !== 'fire') break;
        n++;
        timer = out.next;
      }
      return n;
    };
    expect(fires({ ...complaintChain[1]!, maxRepeats: undefined })).toBe(50); // only the loop's own cap stops it
    expect(fires(complaintChain[1]!)).toBe(7); // the example config caps the group @ at 6 repeats
    expect(fires({ ...complaintChain[1]!, maxRepeats: 0 })).toBe(1);
    expect(fires({ ...complaintChain[1]!, maxRepeats: 10 })).toBe(11);
  });

  test('a level-3 complaint at night: every step fires at once, repeats run through the night', () => {
    const opened = cn('2026-12-08 22:00');
    const vipCal = always();
    const d = openingDeadlines({ kind: 'complaint', complaintLevel: 3, openedAt: opened, appointmentAt: null, policy: example.policies.vip!, calendar: vipCal });
    const timers = planSteps('complaint', complaintChain, 'first_response', d.first_response!, { urgent: true, calendar: cal });
    // Planned against the business calendar on purpose: urgent means no deferral even there.
    expect(plan(timers)).toEqual(['0@2026-12-08 22:05', '1@2026-12-08 22:15', '2@2026-12-08 22:45']);
    const out = runStep(timers[1]!, complaintChain[1]!, subject('first_response', d.first_response!, { complaintLevel: 3, status: 'open' }), timers[1]!.dueAt, { urgent: true, calendar: cal });
    expect(out.kind === 'fire' && fmt(out.next!.dueAt)).toBe('2026-12-08 22:45');
  });

  test('a late engineer: group at arrival, manager 30 minutes later, nothing once they check in', () => {
    const appointment = cn('2026-12-08 15:00');
    const { arrival } = rebookedDeadlines({ kind: 'visit', complaintLevel: null, openedAt: cn('2026-12-04 10:00'), appointmentAt: appointment, policy: standardPolicy, calendar: cal });
    const [atArrival, later] = planSteps('visit', visitChain, 'arrival', arrival!, normal);
    const waiting = subject('arrival', arrival!, { status: 'scheduled', assigneeId: 'zhang.engineer', complaintLevel: null });
    expect(runStep(atArrival!, visitChain[2]!, waiting, atArrival!.dueAt, normal)).toEqual({ kind: 'fire', notify: 'group', deadline: 'arrival', overdueMs: 0, next: null });
    expect(runStep(later!, visitChain[3]!, waiting, later!.dueAt, normal)).toMatchObject({ kind: 'fire', notify: 'manager', overdueMs: 30 * MIN });
    const arrived = { ...waiting, status: 'on_site' as const, deadlines: { arrival: { dueAt: arrival!, metAt: cn('2026-12-08 15:40') } } };
    expect(runStep(later!, visitChain[3]!, arrived, later!.dueAt, normal).kind).toBe('stale');
  });

  test('a step for the assignee of an unassigned ticket goes to the dispatcher', () => {
    const due = cn('2026-12-04 10:30');
    const [remind] = planSteps('complaint', complaintChain, 'first_response', due, normal);
    const out = runStep(remind!, complaintChain[0]!, subject('first_response', due, { status: 'open', assigneeId: null }), remind!.dueAt, normal);
    expect(out).toEqual({ kind: 'fire', notify: 'dispatcher', deadline: 'first_response', overdueMs: -10 * MIN, next: null });
  });
});
