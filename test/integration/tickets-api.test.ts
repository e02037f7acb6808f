import { startTestApp, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-config';
import type { NewTicket } from '../../src/tickets/ticket-store';

const TOKEN = 'test-admin-token-0123456789';
let t: TestApp;

function draft(over: Partial<NewTicket> = {}): NewTicket {
  return {
    kind: 'complaint',
    complaintLevel: 1,
    visitType: null,
    vip: false,
    summary: '净水器漏水',
    description: '净水器漏水，地板泡了',
    product: 'ro-purifier',
    customerName: '周女士',
    customerPhone: '13900000002',
    customerRef: null,
    contactName: '周女士',
    contactPhone: '13900000002',
    address: null,
    region: null,
    appointmentDate: null,
    appointmentStart: null,
    appointmentEnd: null,
    appointmentAt: null,
    assigneeId: 'wang.agent',
    policyName: 'standard',
    policy: { complaint: { firstResponse: 1_800_000 } },
    sourcePlatform: 'wecom',
    sourceConversationId: 'wrDemoServiceGroup',
    sourceConversationType: 'group',
    sourceConversationTitle: '售后服务群',
    sourceMessageId: '4567890123456789012',
    sourceSenderId: 'WangXiaoWang',
    ...over,
  };
}

const api = (path: string, token: string | null = TOKEN) => fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

beforeAll(async () => {
  t = await startTestApp({ env: testEnv({ ADMIN_TOKEN: TOKEN }) });
});
afterAll(async () => t.close());

test('healthz answers 200 with the database checked', async () => {
  const res = await fetch(`${t.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok' });
});

test('the admin API refuses a missing or wrong token', async () => {
  expect((await api('/api/tickets', null)).status).toBe(401);
  const wrong = await api('/api/tickets', 'not-the-token-at-all');
  expect(wrong.status).toBe(401);
  expect(((await wrong.json()) as any).error.message).toMatch(/Bearer/);
});

test('tickets list newest first with cursor pagination, filters and exact source ids', async () => {
  const created = [];
  for (let i = 0; i < 5; i++) {
    t.clock.advance(60_000);
    created.push(await t.runtime.tickets.create(draft({ kind: i % 2 ? 'visit' : 'complaint', visitType: i % 2 ? 'repair' : null, sourceMessageId: `45678901234567890${i}1` }), { type: 'staff', id: 'wang.agent' }));
  }
  const first = (await (await api('/api/tickets?limit=2')).json()) as any;
  expect(first.tickets.map((x: { code: string }) => x.code)).toEqual([created[4]!.code, created[3]!.code]);
  expect(first.tickets[0].source).toEqual({
    platform: 'wecom',
    conversationId: 'wrDemoServiceGroup',
    conversationType: 'group',
    conversationTitle: '售后服务群',
    messageId: '456789012345678904' + '1',
    senderId: 'WangXiaoWang',
  });
  const second = (await (await api(`/api/tickets?limit=2&cursor=${first.next}`)).json()) as any;
  expect(second.tickets.map((x: { code: string }) => x.code)).toEqual([created[2]!.code, created[1]!.code]);
  const third = (await (await api(`/api/tickets?limit=2&cursor=${second.next}`)).json()) as any;
  expect(third.tickets.map((x: { code: string }) => x.code)).toEqual([created[0]!.code]);
  expect(third.next).toBeNull();

  const visits = (await (await api('/api/tickets?kind=visit')).json()) as any;
  expect(visits.tickets).toHaveLength(2);
  expect(visits.tickets.every((x: { kind: string }) => x.kind === 'visit')).toBe(true);
});

test('a ticket answers with its event history; a status filter and since narrow the list', async () => {
  const ticket = await t.runtime.tickets.create(draft(), { type: 'staff', id: 'wang.agent', messagePlatform: 'wecom', messageId: '9' });
  await t.runtime.tickets.transition(ticket.code!, 'claim', { type: 'staff', id: 'wang.agent' });
  const res = (await (await api(`/api/tickets/${encodeURIComponent('#' + ticket.code)}`)).json()) as any;
  expect(res.ticket.status).toBe('in_progress');
  expect(res.events.map((e: { action: string }) => e.action)).toEqual(['create', 'claim']);
  expect(res.events[0].message).toEqual({ platform: 'wecom', id: '9' });
  expect(res.events[1]).toMatchObject({ fromStatus: 'open', toStatus: 'in_progress', actor: { type: 'staff', id: 'wang.agent' } });

  const inProgress = (await (await api('/api/tickets?status=in_progress')).json()) as any;
  expect(inProgress.tickets.map((x: { code: string }) => x.code)).toEqual([ticket.code]);
  const future = (await (await api(`/api/tickets?since=${encodeURIComponent(new Date(t.clock.now().getTime() + 1000).toISOString())}`)).json()) as any;
  expect(future.tickets).toEqual([]);
});

test.each([
  ['/api/tickets?status=done', /status/],
  ['/api/tickets?kind=repair', /kind/],
  ['/api/tickets?since=yesterday', /since: expected a date/],
  ['/api/tickets?limit=0', /limit/],
  ['/api/tickets?cursor=%%%', /cursor/],
  ['/api/tickets?colour=red', /colour|Unrecognized/i],
])('a bad query %s gets a 400 naming the parameter', async (path, message) => {
  const res = await api(path);
  expect(res.status).toBe(400);
  expect(((await res.json()) as any).error.message).toMatch(message);
});

test('an unknown ticket is a 404 and a malformed code a 400', async () => {
  expect((await api('/api/tickets/99999')).status).toBe(404);
  expect((await api('/api/tickets/abc')).status).toBe(400);
});

test('a ticket opened from chat answers with its SLA deadlines', async () => {
  await t.runtime.handler({
    platform: 'wecom',
    messageId: '7345678901234567891',
    kind: 'text',
    conversation: { type: 'direct', id: 'WangXiaoWang' },
    sender: { id: 'WangXiaoWang', isCustomer: false },
    text: '客户投诉热水器装好第二天就漏水，地板都泡了，电话13712340000',
    mentions: [],
    receivedAt: t.clock.now().toISOString(),
    raw: {},
  });
  const list = (await (await api('/api/tickets?limit=1')).json()) as any;
  const ticket = list.tickets[0];
  expect(ticket.source.messageId).toBe('7345678901234567891');
  expect(ticket.kind).toBe('complaint');
  expect(ticket.deadlines.map((d: { name: string }) => d.name).sort()).toEqual(['first_response', 'resolution']);
  for (const d of ticket.deadlines) {
    expect(Date.parse(d.dueAt)).toBeGreaterThan(Date.parse(ticket.createdAt));
    expect(d).toMatchObject({ metAt: null, breachedAt: null });
  }
  const one = (await (await api(`/api/tickets/${ticket.code}`)).json()) as any;
  expect(one.ticket.deadlines).toEqual(ticket.deadlines);
});
