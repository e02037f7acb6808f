// WeCom callbacks through the real runtime: URL verification, record-once under retries, the
// 64-bit MsgId, the smart robot, and every kind of bad input refused with a 4xx and nothing stored.
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
import type { InboundMessage } from '../../src/channels/channel';
import { cdata } from '../fakes/wecom-server';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

let h: WecomHarness;
beforeAll(async () => {
  h = await startWecom();
});
afterAll(async () => h.close());
beforeEach(async () => {
  await h.settle();
  await h.t.runtime.db.ds.query('DELETE FROM inbound_messages');
});

const payloads = async () => (await h.rows()).map((r) => r.payload as InboundMessage);

describe('URL verification', () => {
  test('app callback: echostr decrypted and returned bare', async () => {
    const req = h.sim.verification('app', '1288432023552776189');
    const res = await h.sim.deliver(req);
    expect(res).toEqual({ status: 200, body: '1288432023552776189' });
  });

  test('smart robot: receive id "" accepted', async () => {
    const res = await h.sim.deliver(h.sim.verification('bot', 'hello-bot'));
    expect(res).toEqual({ status: 200, body: 'hello-bot' });
  });

  test('a literal "+" turned into a space by query decoding still verifies', async () => {
    let req = h.sim.verification('app', 'x');
    for (let i = 0; !req.query.echostr!.includes('+') && i < 200; i++) req = h.sim.verification('app', `x${i}`);
    expect(req.query.echostr).toContain('+');
    const qs = Object.entries(req.query)
      .map(([k, v]) => `${k}=${k === 'echostr' ? v.replace(/\//g, '%2F').replace(/=/g, '%3D') : encodeURIComponent(v)}`)
      .join('&');
    const res = await fetch(`${h.t.url}/wecom/callback?${qs}`);
    expect(res.status).toBe(200);
  });

  test('wrong signature on verification is 401 with a reason', async () => {
    const req = h.sim.verification('app', 'abc');
    req.query.msg_signature = '0'.repeat(40);
    const res = await h.sim.deliver(req);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.message).toMatch(/msg_signature does not match/);
  });
});

describe('app messages', () => {
  test('delivered four times (concurrently) → one inbound row, 64-bit MsgId exact, empty 200 each time', async () => {
    const msgId = '9223372036854775807';
    const req = h.sim.appText({ from: 'WangXiaoWang', content: '云栖酒店净水器漏水，客户电话13900000001', msgId });
    const answers = await Promise.all([1, 2, 3, 4].map(() => h.sim.deliver(req)));
    expect(answers).toEqual(Array(4).fill({ status: 200, body: '' }));
    const rows = await h.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.platformMessageId).toBe(msgId);
    const m = rows[0]!.payload as InboundMessage;
    expect(m).toMatchObject({
      platform: 'wecom',
      messageId: msgId,
      kind: 'text',
      conversation: { type: 'direct', id: 'WangXiaoWang' },
      sender: { id: 'WangXiaoWang', isCustomer: false, name: '客服小王' },
      text: '云栖酒店净水器漏水，客户电话13900000001',
      replyContext: { via: 'app', userId: 'WangXiaoWang' },
    });
    expect((m.raw as Record<string, unknown>).MsgId).toBe(msgId);
  });

  test('later retries (sequential, after the first was processed) still add nothing', async () => {
    const req = h.sim.appText({ from: 'LiDiaodu', content: '明天下午去宁波' });
    for (let i = 0; i < 4; i++) {
      expect((await h.sim.deliver(req)).status).toBe(200);
      await h.settle();
    }
    expect((await h.rows()).map((r) => r.platformMessageId)).toEqual([req.msgId]);
    expect((await h.rows())[0]!.status).toBe('done');
  });

  test('events other than kf are acknowledged and not stored', async () => {
    const res = await h.sim.deliver(h.sim.appEvent({ from: 'WangXiaoWang', event: 'enter_agent' }));
    expect(res).toEqual({ status: 200, body: '' });
    expect(await h.rows()).toHaveLength(0);
  });

  test('kf_msg_or_event is recorded once as an event keyed by account and Token', async () => {
    const req = h.sim.kfEvent({ openKfId: WECOM.kfAccount, token: 'ENCTokenForDedupe' });
    await h.sim.deliver(req);
    await h.sim.deliver(req);
    const rows = await h.rows();
    expect(rows.map((r) => r.platformMessageId)).toEqual([`kf-event:${WECOM.kfAccount}:ENCTokenForDedupe`]);
    expect(rows[0]!.payload).toMatchObject({ kind: 'event', event: 'kf_msg_or_event', replyContext: { via: 'kf', openKfId: WECOM.kfAccount, syncToken: 'ENCTokenForDedupe' } });
  });
});

describe('bad input is a 4xx and nothing is stored', () => {
  const expectRefused = async (res: { status: number; body: string }, status: number, pattern: RegExp) => {
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).error.message).toMatch(pattern);
    expect(await h.rows()).toHaveLength(0);
  };

  test('wrong signature', async () => {
    const req = h.sim.appText({ from: 'WangXiaoWang', content: 'x' });
    req.query.msg_signature = req.query.msg_signature!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    await expectRefused(await h.sim.deliver(req), 401, /msg_signature does not match/);
  });

  test('missing signature', async () => {
    const req = h.sim.appText({ from: 'WangXiaoWang', content: 'x' });
    delete req.query.msg_signature;
    await expectRefused(await h.sim.deliver(req), 401, /missing msg_signature/);
  });

  test('a message encrypted for another CorpID', async () => {
    const xml = `<xml><ToUserName>${cdata('wwOtherCorp')}</ToUserName><FromUserName>${cdata('Mallory')}</FromUserName><CreateTime>1</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata('hi')}</Content><MsgId>1</MsgId></xml>`;
    await expectRefused(await h.sim.deliver(h.sim.appEnvelope(xml, { receiveId: 'wwOtherCorp' })), 403, /wwOtherCorp/);
  });

  test('bad base64 in <Encrypt> (signed, so only the decoder can object)', async () => {
    const bogus = 'this is not base64!!';
    const sealed = h.sim.sealApp('x');
    const query = { ...sealed.query, msg_signature: getSignature(WECOM.token, sealed.query.timestamp!, sealed.query.nonce!, bogus) };
    const body = `<xml><ToUserName>${cdata(WECOM.corpId)}</ToUserName><Encrypt>${cdata(bogus)}</Encrypt></xml>`;
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/callback', query, body, contentType: 'text/xml' }), 400, /base64/);
  });

  test('bad padding (ciphertext from another key, correctly signed)', async () => {
    const enc = encrypt('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', '<xml></xml>', WECOM.corpId);
    const ts = '1764806400';
    const nonce = '42';
    const body = `<xml><ToUserName>${cdata(WECOM.corpId)}</ToUserName><Encrypt>${cdata(enc)}</Encrypt></xml>`;
    const res = await h.sim.deliver({ method: 'POST', path: '/wecom/callback', query: { msg_signature: getSignature(WECOM.token, ts, nonce, enc), timestamp: ts, nonce }, body, contentType: 'text/xml' });
    expect([400, 403]).toContain(res.status);
    expect(await h.rows()).toHaveLength(0);
  });

  test('envelope without <Encrypt>, and a malformed envelope', async () => {
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/callback', query: { msg_signature: 'a'.repeat(40), timestamp: '1', nonce: '2' }, body: '<xml><ToUserName>x</ToUserName></xml>', contentType: 'text/xml' }), 400, /no <Encrypt>/);
    const good = h.sim.appText({ from: 'WangXiaoWang', content: 'x' });
    const broken = { ...good, body: good.body.replace('</xml>', '') };
    await expectRefused(await h.sim.deliver(broken), 400, /not valid WeCom XML/);
  });

  test('decrypted plaintext that is not XML', async () => {
    await expectRefused(await h.sim.deliver(h.sim.appEnvelope('{"not":"xml"}')), 400, /decrypted WeCom message is not valid WeCom XML/);
  });

  test('DOCTYPE inside the decrypted message', async () => {
    await expectRefused(await h.sim.deliver(h.sim.appEnvelope('<!DOCTYPE x [<!ENTITY a "b">]><xml><Content>&a;</Content></xml>')), 400, /DOCTYPE/);
  });

  test('smart robot: body that is not JSON, JSON without encrypt, plaintext that is not JSON', async () => {
    const q = h.sim.sealBot('{}').query;
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/bot', query: q, body: '<xml/>', contentType: 'application/json' }), 400, /not valid JSON/);
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/bot', query: q, body: '{"encrypt":5}', contentType: 'application/json' }), 400, /string "encrypt"/);
    const sealed = h.sim.sealBot('not json at all');
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/bot', query: sealed.query, body: JSON.stringify({ encrypt: sealed.encrypt }), contentType: 'application/json' }), 400, /decrypted smart robot message is not valid JSON/);
  });

  test('smart robot message signed with the app token is refused', async () => {
    const sealedWithAppToken = h.sim.sealApp(JSON.stringify({ msgid: '1', msgtype: 'text' }), { receiveId: '' });
    await expectRefused(await h.sim.deliver({ method: 'POST', path: '/wecom/bot', query: sealedWithAppToken.query, body: JSON.stringify({ encrypt: sealedWithAppToken.encrypt }), contentType: 'application/json' }), 401, /does not match/);
  });

  test('oversize body → 413', async () => {
    const req = h.sim.appText({ from: 'WangXiaoWang', content: '长'.repeat(20_000) });
    const res = await h.sim.deliver(req);
    expect(res.status).toBe(413);
    expect(await h.rows()).toHaveLength(0);
  });
});

describe('smart robot', () => {
  test('group @-message: mention stripped, chatid as conversation, response_url kept; retries deduped', async () => {
    const responseUrl = h.fake.newResponseUrl();
    const req = h.sim.botText({ from: 'ZhangGong', chatId: WECOM.serviceGroupChat, content: '@售后机器人\u2005机房空调坏了，明天上午去看', responseUrl, quote: '工单 #1024' });
    for (let i = 0; i < 4; i++) expect(await h.sim.deliver(req)).toEqual({ status: 200, body: '' });
    const [m, ...rest] = await payloads();
    expect(rest).toHaveLength(0);
    expect(m).toMatchObject({
      messageId: req.msgId,
      conversation: { type: 'group', id: WECOM.serviceGroupChat, title: '售后服务群' },
      sender: { id: 'ZhangGong', isCustomer: false, name: '张工' },
      text: '机房空调坏了，明天上午去看',
      quotedText: '工单 #1024',
      replyContext: { via: 'bot', chatType: 'group', chatId: WECOM.serviceGroupChat, responseUrl, userId: 'ZhangGong' },
    });
    expect(m!.replyContext!.responseUrlExpiresAt).toBe(h.clock.now().getTime() + 3600_000);
  });

  test('1:1 text: direct conversation with the user', async () => {
    const req = h.sim.botText({ from: 'LiuGong', content: '我的工单' });
    await h.sim.deliver(req);
    expect((await payloads())[0]).toMatchObject({ conversation: { type: 'direct', id: 'LiuGong' }, text: '我的工单', replyContext: { via: 'bot', chatType: 'single' } });
  });

  test('a stream refresh gets an encrypted finish:true stream, signed, and nothing is stored', async () => {
    const res = await h.sim.deliver(h.sim.botStreamRefresh({ from: 'ZhangGong', streamId: 'stream-1' }));
    expect(res.status).toBe(200);
    const env = JSON.parse(res.body) as { encrypt: string; msgsignature: string; timestamp: string; nonce: string };
    expect(env.msgsignature).toBe(getSignature(WECOM.botToken, env.timestamp, env.nonce, env.encrypt));
    const plain = decrypt(WECOM.botAesKey, env.encrypt);
    expect(plain.id).toBe('');
    expect(JSON.parse(plain.message)).toEqual({ msgtype: 'stream', stream: { id: 'stream-1', finish: true, content: '' } });
    expect(await h.rows()).toHaveLength(0);
  });
});
