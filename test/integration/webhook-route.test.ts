// The HTTP layer's contract with any channel: bytes in, verified messages recorded once, an
// immediate answer; bad input refused with a 4xx and nothing stored.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel, RawWebhook, WebhookResult } from '../../src/channels/channel';
import { WebhookRejectedError } from '../../src/lib/errors';
import { InboundMessageEntity } from '../../src/db/entities/inbound-message.entity';
import { startTestApp, type TestApp } from '../support/test-app';
import { testEnv } from '../support/test-config';

const SECRET = 'loopback-secret';
const sign = (body: string) => createHmac('sha256', SECRET).update(body).digest('hex');

/** A minimal signed-JSON platform: enough to exercise the route, not a product channel. */
const signedJsonChannel: Channel = {
  platform: 'sandbox',
  webhookPaths: ['/hooks/signed'],
  async parseWebhook(req: RawWebhook): Promise<WebhookResult> {
    if (req.method === 'GET') return { kind: 'handshake', reply: req.query.echo ?? '' };
    const given = Buffer.from(req.headers['x-sign'] ?? '', 'hex');
    const want = Buffer.from(sign(req.body.toString('utf8')), 'hex');
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new WebhookRejectedError('signature mismatch', { status: 401, code: 'bad_signature' });
    let body: { id: string; text: string };
    try {
      body = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw new WebhookRejectedError('body is not JSON');
    }
    return {
      kind: 'messages',
      messages: [{ platform: 'sandbox', messageId: body.id, kind: 'text', conversation: { type: 'direct', id: 'u1' }, sender: { id: 'u1', isCustomer: false }, text: body.text, mentions: [], receivedAt: req.receivedAt.toISOString(), raw: body }],
      reply: 'success',
    };
  },
  async send() {
    return {};
  },
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: testEnv({ BODY_LIMIT_BYTES: '2048' }), channels: [signedJsonChannel] });
});
afterAll(async () => t.close());

const post = (body: string, signature = sign(body)) => fetch(`${t.url}/hooks/signed`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sign': signature }, body });
const stored = () => t.runtime.db.ds.getRepository(InboundMessageEntity).find({ order: { id: 'ASC' } });

test('GET is handed to the channel for its handshake', async () => {
  const res = await fetch(`${t.url}/hooks/signed?echo=12345`);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('12345');
});

test('a message delivered four times is recorded once, and every delivery is answered', async () => {
  const body = JSON.stringify({ id: '4567890123456789012', text: '空调坏了' });
  const answers = await Promise.all([post(body), post(body), post(body), post(body)]);
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  expect(await answers[0]!.text()).toBe('success');
  const rows = (await stored()).filter((r) => r.platformMessageId === '4567890123456789012');
  expect(rows).toHaveLength(1);
  await t.runtime.processor.idle();
});

test.each([
  ['a forged signature', () => post(JSON.stringify({ id: 'x1', text: 'hi' }), 'ab'.repeat(32)), 401, 'bad_signature'],
  ['malformed JSON', () => post('{"id":'), 400, 'webhook_rejected'],
  ['an oversize body', () => post(JSON.stringify({ id: 'x2', text: '长'.repeat(2000) })), 413, 'payload_too_large'],
])('%s is refused with a precise 4xx and nothing is stored', async (_what, send, status, code) => {
  const before = (await stored()).length;
  const res = await send();
  expect(res.status).toBe(status);
  expect(((await res.json()) as any).error.code).toBe(code);
  expect((await stored()).length).toBe(before);
});

test('healthz answers 503 once the database is gone', async () => {
  const extra = await startTestApp({ channels: [] });
  await extra.runtime.db.close();
  const res = await fetch(`${extra.url}/healthz`);
  expect(res.status).toBe(503);
  expect(await res.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
  await extra.runtime.stop();
  await extra.testDb.drop().catch(() => undefined);
});
