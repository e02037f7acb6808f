// Adversarial input through the real runtime: every hostile webhook gets a precise 4xx (never a
// 5xx) and leaves inbound_messages empty; odd chat texts get a clear Chinese answer, finish 'done'
// and leave no half-written ticket; a platform delivering one message ten times at once makes one
// row, one ticket and one reply.
import { createCipheriv, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { getSignature } from '@wecom/crypto';
import { dingtalkSign } from '../../src/channels/dingtalk/sign';
import { OutboxEntity } from '../../src/db/entities/outbox.entity';
import { TicketEntity } from '../../src/db/entities/ticket.entity';
import { newMsgId } from '../fakes/wecom-server';
import { DT, startDingtalk, type DingtalkHarness } from '../support/dingtalk-harness';
import { startWecom, WECOM, type WecomHarness } from '../support/wecom-harness';

const LIMIT = 65_536;
let w: WecomHarness;
let d: DingtalkHarness;

beforeAll(async () => {
  w = await startWecom({ env: { BODY_LIMIT_BYTES: String(LIMIT) } });
  d = await startDingtalk({ envVars: { DINGTALK_MAX_SKEW_MS: '600000' } });
}, 60_000);
afterAll(async () => {
  await w?.close();
  await d?.close();
});

// ---------------------------------------------------------------------------------------------
// Raw HTTP: node:http rather than fetch, so duplicated keys, chunked bodies and arbitrary bytes
// reach the server exactly as written.

interface Req {
  method?: string;
  path: string;
  /** The query string as sent (no leading "?"), or key/value pairs to encode. */
  query?: string | Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body in pieces without content-length (Transfer-Encoding: chunked). */
  chunked?: boolean;
}

interface Res {
  status: number;
  text: string;
}

function send(base: string, r: Req): Promise<Res> {
  const url = new URL(base);
  const qs = r.query === undefined ? '' : typeof r.query === 'string' ? r.query : new URLSearchParams(r.query).toString();
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const headers: Record<string, string | number> = { ...(r.headers ?? {}) };
  if (body && !r.chunked) headers['content-length'] = body.length;
  return new Promise((resolve, reject) => {
    let settled = false;
    const req = request({ host: url.hostname, port: url.port, method: r.method ?? 'POST', path: `${r.path}${qs ? `?${qs}` : ''}`, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        settled = true;
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    // The server may answer (413) and stop reading before the whole body is written.
    req.on('error', (err) => {
      if (!settled) setTimeout(() => !settled && reject(err), 200);
    });
    if (body && r.chunked) {
      for (let i = 0; i < body.length; i += 4096) req.write(body.subarray(i, i + 4096));
      req.end();
    } else req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// WeCom crypto, written out so a test can lie where the simulator would not: the length prefix,
// the receive id, the plaintext itself.

function seal(aesKey: string, plain: string | Buffer, receiveId: string, lengthDelta = 0): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const msg = Buffer.isBuffer(plain) ? plain : Buffer.from(plain, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(Math.max(0, Math.min(0xffffffff, msg.length + lengthDelta)));
  let buf = Buffer.concat([randomBytes(16), len, msg, Buffer.from(receiveId, 'utf8')]);
  const pad = 32 - (buf.length % 32);
  buf = Buffer.concat([buf, Buffer.alloc(pad, pad)]);
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(buf), c.final()]).toString('base64');
}

const secs = () => String(Math.floor(w.clock.now().getTime() / 1000));
function signed(token: string, encrypt: string): Record<string, string> {
  const timestamp = secs();
  const nonce = String(randomBytes(4).readUInt32BE(0));
  return { msg_signature: getSignature(token, timestamp, nonce, encrypt), timestamp, nonce };
}
const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();
const envelope = (enc: string, extra = '') => `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt><AgentID>${WECOM.agentId}</AgentID>${extra}</xml>`;
const appPlain = (o: { content?: string; createTime?: string; msgId?: string } = {}) =>
  `<xml><ToUserName><![CDATA[${WECOM.corpId}]]></ToUserName><FromUserName><![CDATA[WangXiaoWang]]></FromUserName><CreateTime>${o.createTime ?? secs()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${o.content ?? '测试'}]]></Content><MsgId>${o.msgId ?? newMsgId()}</MsgId><AgentID>${WECOM.agentId}</AgentID></xml>`;
const XML = { 'content-type': 'text/xml' };
const JSON_CT = { 'content-type': 'application/json' };

/** A signed app callback around `plain` (app Token and key, receive id = CorpID unless told). */
function app(plain: string | Buffer, o: { receiveId?: string; lengthDelta?: number; headers?: Record<string, string>; envelopeExtra?: string } = {}): Req {
  const enc = seal(WECOM.aesKey, plain, o.receiveId ?? WECOM.corpId, o.lengthDelta);
  return { path: '/wecom/callback', query: signed(WECOM.token, enc), headers: o.headers ?? XML, body: envelope(enc, o.envelopeExtra) };
}
/** An app envelope whose <Encrypt> is `enc` verbatim, correctly signed. */
function appRawEncrypt(enc: string): Req {
  return { path: '/wecom/callback', query: signed(WECOM.token, enc), headers: XML, body: envelope(enc) };
}
function bot(payload: string | Buffer, o: { receiveId?: string; headers?: Record<string, string> } = {}): Req {
  const enc = seal(WECOM.botAesKey, payload, o.receiveId ?? '');
  return { path: '/wecom/bot', query: signed(WECOM.botToken, enc), headers: o.headers ?? JSON_CT, body: JSON.stringify({ encrypt: enc }) };
}
const botPayload = (over: Record<string, unknown> = {}) => ({ msgid: randomBytes(8).toString('hex'), aibotid: 'aibDemoBot', chattype: 'single', from: { userid: 'ZhangGong' }, msgtype: 'text', text: { content: '你好' }, ...over });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// DingTalk: the body is not signed, only the timestamp; a valid robot message from the simulator.
const dtBody = (over: Record<string, unknown> = {}) => ({ ...d.sim.robotMessage({ text: '投诉：师傅没来', sender: { staffId: 'dt-chen' }, conversation: { type: 'group', id: 'cidDemoServiceGroup', title: '售后服务群' } }), ...over });
function dt(body: string | Buffer | Record<string, unknown>, headers: Record<string, string> = d.sim.callbackHeaders()): Req {
  return { path: '/dingtalk/callback', headers, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) };
}

// ---------------------------------------------------------------------------------------------

type Target = 'wecom' | 'dingtalk';
interface HostileCase {
  name: string;
  target: Target;
  req: () => Req;
  status: number;
  code: string;
  message: RegExp;
}

const WECOM_CASES: HostileCase[] = [
  // Query parameters
  { name: 'app: no query at all', target: 'wecom', req: () => ({ ...app(appPlain()), query: '' }), status: 401, code: 'wecom_bad_signature', message: /missing msg_signature, timestamp or nonce/ },
  { name: 'app: nonce missing', target: 'wecom', req: () => { const r = app(appPlain()); const q = { ...(r.query as Record<string, string>) }; delete q.nonce; return { ...r, query: q }; }, status: 401, code: 'wecom_bad_signature', message: /missing msg_signature, timestamp or nonce/ },
  { name: 'app: signature of the right length but wrong', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, query: { ...(r.query as Record<string, string>), msg_signature: 'f'.repeat(40) } }; }, status: 401, code: 'wecom_bad_signature', message: /msg_signature does not match/ },
  { name: 'app: signature not hex', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, query: { ...(r.query as Record<string, string>), msg_signature: 'z'.repeat(40) } }; }, status: 401, code: 'wecom_bad_signature', message: /not a 40-digit hex SHA-1/ },
  { name: 'app: duplicated msg_signature (the valid one first)', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, query: `${qs(r.query as Record<string, string>)}&msg_signature=${'0'.repeat(40)}` }; }, status: 400, code: 'duplicate_query_parameter', message: /query parameter "msg_signature" appears 2 times/ },
  { name: 'app: duplicated timestamp (the valid one last)', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, query: `timestamp=1&${qs(r.query as Record<string, string>)}` }; }, status: 400, code: 'duplicate_query_parameter', message: /query parameter "timestamp" appears 2 times/ },
  // Bodies
  { name: 'app: empty body', target: 'wecom', req: () => ({ ...app(appPlain()), body: '' }), status: 400, code: 'wecom_bad_xml', message: /no <Encrypt> element/ },
  { name: 'app: body of only whitespace', target: 'wecom', req: () => ({ ...app(appPlain()), body: ' \r\n\t  \n' }), status: 400, code: 'wecom_bad_xml', message: /no <Encrypt> element/ },
  { name: 'app: envelope with DOCTYPE and entities (signed)', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, body: `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>${(r.body as string).replace('</xml>', '<X>&lol2;</X></xml>')}` }; }, status: 400, code: 'wecom_bad_xml', message: /WeCom callback envelope is not valid WeCom XML: DOCTYPE and entity declarations are not allowed/ },
  { name: 'app: decrypted message with DOCTYPE and entities', target: 'wecom', req: () => app(`<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>${appPlain({ content: '&x;' })}`), status: 400, code: 'wecom_bad_xml', message: /decrypted WeCom message is not valid WeCom XML: DOCTYPE/ },
  { name: 'app: envelope nested 200 deep (signed <Encrypt>)', target: 'wecom', req: () => app(appPlain(), { envelopeExtra: `${'<a>'.repeat(200)}x${'</a>'.repeat(200)}` }), status: 400, code: 'wecom_bad_xml', message: /WeCom callback envelope is not valid WeCom XML: .*nest/i },
  { name: 'app: decrypted message nested 200 deep', target: 'wecom', req: () => app(appPlain().replace('</xml>', `${'<a>'.repeat(200)}x${'</a>'.repeat(200)}</xml>`)), status: 400, code: 'wecom_bad_xml', message: /decrypted WeCom message is not valid WeCom XML: .*nest/i },
  { name: 'app: <Encrypt> empty (signed)', target: 'wecom', req: () => appRawEncrypt(''), status: 400, code: 'wecom_bad_ciphertext', message: /not valid base64/ },
  { name: 'app: <Encrypt> huge (signed, under the body limit)', target: 'wecom', req: () => appRawEncrypt(Buffer.alloc(40_000, 7).toString('base64')), status: 400, code: 'wecom_bad_ciphertext', message: /WeCom ciphertext rejected: (bad PKCS#7|inconsistent PKCS#7)/ },
  { name: 'app: base64 with bad padding (signed)', target: 'wecom', req: () => appRawEncrypt('QUJDRA='), status: 400, code: 'wecom_bad_ciphertext', message: /not valid base64/ },
  { name: 'app: base64 with padding in the middle (signed)', target: 'wecom', req: () => appRawEncrypt('QUJD=A=='), status: 400, code: 'wecom_bad_ciphertext', message: /not valid base64/ },
  { name: 'app: ciphertext of 20 bytes, not whole AES blocks (signed)', target: 'wecom', req: () => appRawEncrypt(randomBytes(20).toString('base64')), status: 400, code: 'wecom_bad_ciphertext', message: /length 20 is not a whole number of AES blocks/ },
  { name: 'app: ciphertext of 40 bytes (signed)', target: 'wecom', req: () => appRawEncrypt(randomBytes(40).toString('base64')), status: 400, code: 'wecom_bad_ciphertext', message: /length 40 is not a whole number of AES blocks/ },
  { name: 'app: valid crypto around a plaintext that is not XML', target: 'wecom', req: () => app('hello, not xml at all'), status: 400, code: 'wecom_bad_xml', message: /decrypted WeCom message is not valid WeCom XML/ },
  { name: 'app: valid crypto around JSON', target: 'wecom', req: () => app('{"MsgType":"text","Content":"x"}'), status: 400, code: 'wecom_bad_xml', message: /decrypted WeCom message is not valid WeCom XML/ },
  { name: 'app: valid crypto around XML without an <xml> root', target: 'wecom', req: () => app('<foo><MsgType>text</MsgType></foo>'), status: 400, code: 'wecom_bad_xml', message: /expected a single <xml> root element/ },
  { name: 'app: valid crypto around an empty plaintext', target: 'wecom', req: () => app(''), status: 400, code: 'wecom_bad_xml', message: /empty body/ },
  { name: 'app: length prefix too long', target: 'wecom', req: () => app(appPlain(), { lengthDelta: 1000 }), status: 400, code: 'wecom_bad_ciphertext', message: /declared message length \d+ exceeds the plaintext/ },
  { name: 'app: length prefix 0xFFFFFFFF', target: 'wecom', req: () => app(appPlain(), { lengthDelta: 0xffffffff }), status: 400, code: 'wecom_bad_ciphertext', message: /declared message length 4294967295 exceeds the plaintext/ },
  { name: 'app: length prefix too short', target: 'wecom', req: () => app(appPlain(), { lengthDelta: -4 }), status: 403, code: 'wecom_wrong_receiver', message: /addressed to receive id "xml>wwGongdanTest0001"/ },
  { name: 'app: wrong receiveid', target: 'wecom', req: () => app(appPlain(), { receiveId: 'wwOtherCorp' }), status: 403, code: 'wecom_wrong_receiver', message: /receive id "wwOtherCorp", not this deployment's "wwGongdanTest0001"/ },
  { name: 'app: decrypted message that is not UTF-8', target: 'wecom', req: () => app(Buffer.concat([Buffer.from(appPlain().slice(0, 40)), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('</xml>')])), status: 400, code: 'wecom_bad_ciphertext', message: /not valid UTF-8/ },
  { name: 'app: envelope with bytes that are not UTF-8 (signed <Encrypt>)', target: 'wecom', req: () => { const r = app(appPlain()); return { ...r, body: Buffer.concat([Buffer.from((r.body as string).replace('</xml>', '<X>')), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('</X></xml>')]) }; }, status: 400, code: 'invalid_encoding', message: /body is not valid UTF-8/ },
  { name: 'app: CreateTime that is no time (signed)', target: 'wecom', req: () => app(appPlain({ createTime: '99999999999999999999' })), status: 400, code: 'wecom_bad_xml', message: /decrypted WeCom message CreateTime "99999999999999999999" is not a plausible time/ },
  { name: 'app: content-type application/json', target: 'wecom', req: () => app(appPlain(), { headers: JSON_CT }), status: 415, code: 'unsupported_media_type', message: /\/wecom\/callback takes XML, not application\/json/ },
  { name: 'app: content-type multipart/form-data', target: 'wecom', req: () => app(appPlain(), { headers: { 'content-type': 'multipart/form-data; boundary=x' } }), status: 415, code: 'unsupported_media_type', message: /takes XML, not multipart\/form-data/ },
  { name: 'app: GET with garbage', target: 'wecom', req: () => ({ method: 'GET', path: '/wecom/callback', query: 'msg_signature=%%%&timestamp=abc&nonce=&echostr=!!!' }), status: 401, code: 'wecom_bad_signature', message: /not a 40-digit hex SHA-1/ },
  { name: 'app: GET without a query', target: 'wecom', req: () => ({ method: 'GET', path: '/wecom/callback' }), status: 400, code: 'wecom_bad_request', message: /needs echostr/ },
  { name: 'app: GET with a signed echostr that is not base64', target: 'wecom', req: () => ({ method: 'GET', path: '/wecom/callback', query: { ...signed(WECOM.token, '!!!'), echostr: '!!!' } }), status: 400, code: 'wecom_bad_ciphertext', message: /not valid base64/ },

  // Smart robot
  { name: 'bot: JSON body that is an array', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: '[]' }), status: 400, code: 'wecom_bad_json', message: /must be a JSON object with a string "encrypt"/ },
  { name: 'bot: JSON body that is null', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: 'null' }), status: 400, code: 'wecom_bad_json', message: /must be a JSON object with a string "encrypt"/ },
  { name: 'bot: JSON body that is a string', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: '"encrypt"' }), status: 400, code: 'wecom_bad_json', message: /must be a JSON object with a string "encrypt"/ },
  { name: 'bot: JSON body nested 5,000 deep', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: nested(5000) }), status: 400, code: 'wecom_bad_json', message: /nested deeper than 64 levels/ },
  { name: 'bot: envelope with a deeply nested extra field (signed)', target: 'wecom', req: () => { const r = bot(JSON.stringify(botPayload())); return { ...r, body: (r.body as string).replace(/}$/, `,"x":${nested(3000)}}`) }; }, status: 400, code: 'wecom_bad_json', message: /nested deeper than 64 levels/ },
  { name: 'bot: "encrypt" is a number', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: '{"encrypt":5}' }), status: 400, code: 'wecom_bad_json', message: /string "encrypt"/ },
  { name: 'bot: empty body', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: '' }), status: 400, code: 'wecom_bad_json', message: /smart robot callback body is not valid JSON/ },
  { name: 'bot: body of only whitespace', target: 'wecom', req: () => ({ ...bot(JSON.stringify(botPayload())), body: '  \n ' }), status: 400, code: 'wecom_bad_json', message: /smart robot callback body is not valid JSON/ },
  { name: 'bot: valid crypto around a plaintext that is not JSON', target: 'wecom', req: () => bot('<xml>not json</xml>'), status: 400, code: 'wecom_bad_json', message: /decrypted smart robot message is not valid JSON/ },
  { name: 'bot: valid crypto around a JSON array', target: 'wecom', req: () => bot('[1,2,3]'), status: 400, code: 'wecom_bad_json', message: /decrypted smart robot message is not a JSON object/ },
  { name: 'bot: valid crypto around null', target: 'wecom', req: () => bot('null'), status: 400, code: 'wecom_bad_json', message: /decrypted smart robot message is not a JSON object/ },
  { name: 'bot: valid crypto around a message nested 6,000 deep', target: 'wecom', req: () => bot(JSON.stringify(botPayload()).replace(/}$/, `,"x":${nested(6000)}}`)), status: 400, code: 'wecom_bad_json', message: /decrypted smart robot message is nested deeper than 64 levels/ },
  { name: 'bot: text.content is a number', target: 'wecom', req: () => bot(JSON.stringify(botPayload({ text: { content: 42 } }))), status: 400, code: 'wecom_bad_json', message: /decrypted smart robot message has fields of the wrong type: text\.content: Invalid input: expected string, received number/ },
  { name: 'bot: from.userid is an object', target: 'wecom', req: () => bot(JSON.stringify(botPayload({ from: { userid: { $ne: 1 } } }))), status: 400, code: 'wecom_bad_json', message: /fields of the wrong type: from\.userid: Invalid input: expected string, received object/ },
  { name: 'bot: chatid is an array', target: 'wecom', req: () => bot(JSON.stringify(botPayload({ chattype: 'group', chatid: ['a', 'b'] }))), status: 400, code: 'wecom_bad_json', message: /fields of the wrong type: chatid: Invalid input: expected string, received array/ },
  { name: 'bot: create_time that is no time', target: 'wecom', req: () => bot(JSON.stringify(botPayload({ create_time: 1e20 }))), status: 400, code: 'wecom_bad_json', message: /smart robot message create_time 100000000000000000000 is not a plausible time/ },
  { name: 'bot: msgid of 300 characters', target: 'wecom', req: () => bot(JSON.stringify(botPayload({ msgid: 'm'.repeat(300) }))), status: 400, code: 'wecom_bad_json', message: /fields of the wrong type: msgid: /i },
  { name: 'bot: wrong receiveid', target: 'wecom', req: () => bot(JSON.stringify(botPayload()), { receiveId: 'wwOtherCorp' }), status: 403, code: 'wecom_wrong_receiver', message: /receive id "wwOtherCorp"/ },
  { name: 'bot: content-type text/xml', target: 'wecom', req: () => bot(JSON.stringify(botPayload()), { headers: XML }), status: 415, code: 'unsupported_media_type', message: /\/wecom\/bot takes JSON, not text\/xml/ },
  { name: 'bot: envelope bytes that are not UTF-8', target: 'wecom', req: () => { const r = bot(JSON.stringify(botPayload())); return { ...r, body: Buffer.concat([Buffer.from((r.body as string).replace(/}$/, ',"x":"')), Buffer.from([0xff, 0xff]), Buffer.from('"}')]) }; }, status: 400, code: 'invalid_encoding', message: /body is not valid UTF-8/ },
  { name: 'bot: duplicated nonce', target: 'wecom', req: () => { const r = bot(JSON.stringify(botPayload())); return { ...r, query: `${qs(r.query as Record<string, string>)}&nonce=1` }; }, status: 400, code: 'duplicate_query_parameter', message: /"nonce" appears 2 times/ },
  { name: 'bot: GET with garbage', target: 'wecom', req: () => ({ method: 'GET', path: '/wecom/bot', query: `msg_signature=${'a'.repeat(40)}&timestamp=1&nonce=2&echostr=%00%01` }), status: 401, code: 'wecom_bad_signature', message: /msg_signature does not match/ },
];

const DINGTALK_CASES: HostileCase[] = [
  { name: 'dingtalk: no timestamp or sign', target: 'dingtalk', req: () => dt(dtBody(), JSON_CT), status: 400, code: 'missing_signature', message: /missing "timestamp" header/ },
  { name: 'dingtalk: sign of the right length but wrong', target: 'dingtalk', req: () => dt(dtBody(), { ...d.sim.callbackHeaders(), sign: dingtalkSign('another-secret', String(d.clock.now().getTime())) }), status: 401, code: 'bad_signature', message: /"sign" header does not match/ },
  { name: 'dingtalk: sign URL-encoded', target: 'dingtalk', req: () => { const h = d.sim.callbackHeaders(); return dt(dtBody(), { ...h, sign: encodeURIComponent(h.sign!) }); }, status: 401, code: 'bad_signature', message: /"sign" header does not match/ },
  { name: 'dingtalk: timestamp in seconds (correctly signed)', target: 'dingtalk', req: () => { const ts = String(Math.floor(d.clock.now().getTime() / 1000)); return dt(dtBody(), d.sim.callbackHeaders({ timestamp: ts, sign: dingtalkSign(DT.appSecret, ts) })); }, status: 400, code: 'bad_timestamp', message: /the "timestamp" header \d{10} looks like seconds; DingTalk sends milliseconds since the epoch/ },
  { name: 'dingtalk: timestamp in the future (correctly signed)', target: 'dingtalk', req: () => dt(dtBody(), d.sim.callbackHeaders({ timestamp: String(d.clock.now().getTime() + 3_600_000) })), status: 401, code: 'stale_timestamp', message: /stale timestamp: 3600 s from our clock, the limit is 600 s/ },
  { name: 'dingtalk: negative timestamp', target: 'dingtalk', req: () => dt(dtBody(), d.sim.callbackHeaders({ timestamp: `-${d.clock.now().getTime()}` })), status: 400, code: 'bad_timestamp', message: /must be milliseconds since the epoch/ },
  { name: 'dingtalk: timestamp not a number', target: 'dingtalk', req: () => dt(dtBody(), d.sim.callbackHeaders({ timestamp: '1.7e12' })), status: 400, code: 'bad_timestamp', message: /must be milliseconds since the epoch/ },
  { name: 'dingtalk: empty body', target: 'dingtalk', req: () => dt(''), status: 400, code: 'malformed_json', message: /the body is not valid JSON/ },
  { name: 'dingtalk: body of only whitespace', target: 'dingtalk', req: () => dt('\n   \t'), status: 400, code: 'malformed_json', message: /the body is not valid JSON/ },
  { name: 'dingtalk: JSON array', target: 'dingtalk', req: () => dt('[{"msgId":"x"}]'), status: 400, code: 'invalid_body', message: /not a DingTalk robot message: \(body\): /i },
  { name: 'dingtalk: JSON null', target: 'dingtalk', req: () => dt('null'), status: 400, code: 'invalid_body', message: /not a DingTalk robot message/ },
  { name: 'dingtalk: JSON string', target: 'dingtalk', req: () => dt('"投诉"'), status: 400, code: 'invalid_body', message: /not a DingTalk robot message/ },
  { name: 'dingtalk: JSON nested 100,000 deep', target: 'dingtalk', req: () => dt(nested(100_000)), status: 400, code: 'malformed_json', message: /nested deeper than 64 levels/ },
  { name: 'dingtalk: a robot message with a field nested 5,000 deep', target: 'dingtalk', req: () => dt(JSON.stringify(dtBody()).replace(/}$/, `,"content":${nested(5000)}}`)), status: 400, code: 'malformed_json', message: /nested deeper than 64 levels/ },
  { name: 'dingtalk: text.content not a string', target: 'dingtalk', req: () => dt(dtBody({ text: { content: ['x'] } })), status: 400, code: 'invalid_body', message: /text.content/ },
  { name: 'dingtalk: createAt that is no time', target: 'dingtalk', req: () => dt(dtBody({ createAt: 1e20 })), status: 400, code: 'invalid_body', message: /createAt/ },
  { name: 'dingtalk: msgId of 300 characters', target: 'dingtalk', req: () => dt(dtBody({ msgId: 'm'.repeat(300) })), status: 400, code: 'invalid_body', message: /msgId: Too big/ },
  { name: 'dingtalk: conversationId of 300 characters', target: 'dingtalk', req: () => dt(dtBody({ conversationId: 'c'.repeat(300) })), status: 400, code: 'invalid_body', message: /conversationId: Too big/ },
  { name: 'dingtalk: senderStaffId of 300 characters', target: 'dingtalk', req: () => dt(dtBody({ senderStaffId: 's'.repeat(300) })), status: 400, code: 'invalid_body', message: /senderStaffId: Too big/ },
  { name: 'dingtalk: conversationTitle of 1,000 characters', target: 'dingtalk', req: () => dt(dtBody({ conversationTitle: '群'.repeat(1000) })), status: 400, code: 'invalid_body', message: /conversationTitle: Too big/ },
  { name: 'dingtalk: bytes that are not UTF-8', target: 'dingtalk', req: () => dt(Buffer.concat([Buffer.from(JSON.stringify(dtBody()).replace('师傅没来', '')).subarray(0, 40), Buffer.from([0xe4, 0xb8]), Buffer.from(JSON.stringify(dtBody()).slice(40))])), status: 400, code: 'invalid_encoding', message: /body is not valid UTF-8/ },
  { name: 'dingtalk: content-type text/xml', target: 'dingtalk', req: () => dt(dtBody(), { ...d.sim.callbackHeaders(), 'content-type': 'text/xml' }), status: 415, code: 'unsupported_media_type', message: /\/dingtalk\/callback takes JSON, not text\/xml/ },
  { name: 'dingtalk: content-type form', target: 'dingtalk', req: () => dt(dtBody(), { ...d.sim.callbackHeaders(), 'content-type': 'application/x-www-form-urlencoded' }), status: 415, code: 'unsupported_media_type', message: /takes JSON, not application\/x-www-form-urlencoded/ },
  { name: 'dingtalk: duplicated query keys', target: 'dingtalk', req: () => ({ ...dt(dtBody()), query: 'a=1&a=2' }), status: 400, code: 'duplicate_query_parameter', message: /"a" appears 2 times/ },
  { name: 'dingtalk: GET with garbage', target: 'dingtalk', req: () => ({ method: 'GET', path: '/dingtalk/callback', query: 'timestamp=x&sign=%FF', body: undefined }), status: 405, code: 'method_not_allowed', message: /DingTalk callbacks are POST requests/ },
];

async function inboundCount(h: { t: { runtime: { db: { ds: { query(sql: string): Promise<{ n: number | string }[]> } } } } }): Promise<number> {
  const rows = await h.t.runtime.db.ds.query('SELECT COUNT(*) AS n FROM inbound_messages');
  return Number(rows[0]?.n ?? 0);
}

describe('hostile webhooks: a precise 4xx, never a 5xx, nothing recorded', () => {
  test.each([...WECOM_CASES, ...DINGTALK_CASES].map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const h = c.target === 'wecom' ? w : d;
    await h.t.runtime.db.ds.query('DELETE FROM inbound_messages');
    const res = await send(h.t.url, c.req());
    let error: { code?: string; message?: string } = {};
    try {
      error = (JSON.parse(res.text) as { error: typeof error }).error ?? {};
    } catch {
      /* reported by the expectations below */
    }
    expect({ status: res.status, code: error.code, message: error.message }).toEqual({ status: c.status, code: c.code, message: expect.stringMatching(c.message) });
    expect(await inboundCount(h)).toBe(0);
  });
});

describe('body size', () => {
  /** A valid, signed staff message padded with whitespace inside the envelope to exactly `size` bytes. */
  function appOfSize(size: number): Req {
    const r = app(appPlain({ content: '你好' }));
    const base = Buffer.byteLength(r.body as string);
    return { ...r, body: (r.body as string).replace('</xml>', `${' '.repeat(size - base)}</xml>`) };
  }

  beforeEach(async () => {
    await w.settle();
    await w.t.runtime.db.ds.query('DELETE FROM inbound_messages');
  });

  test('exactly BODY_LIMIT_BYTES is accepted and recorded', async () => {
    const r = appOfSize(LIMIT);
    expect(Buffer.byteLength(r.body as string)).toBe(LIMIT);
    expect(await send(w.t.url, r)).toEqual({ status: 200, text: '' });
    expect(await inboundCount(w)).toBe(1);
  });

  test('one byte over is 413 with the limit named, nothing recorded', async () => {
    const res = await send(w.t.url, appOfSize(LIMIT + 1));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toEqual({ code: 'payload_too_large', message: `request body of ${LIMIT + 1} bytes exceeds the limit of ${LIMIT} bytes` });
    expect(await inboundCount(w)).toBe(0);
  });

  test('a chunked body without content-length over the limit is 413, nothing recorded', async () => {
    const res = await send(w.t.url, { ...appOfSize(LIMIT * 3), chunked: true });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toEqual({ code: 'payload_too_large', message: `request body exceeds the limit of ${LIMIT} bytes` });
    expect(await inboundCount(w)).toBe(0);
    // The server is still answering afterwards.
    expect((await fetch(`${w.t.url}/healthz`)).status).toBe(200);
  });

  test('a chunked body under the limit is accepted', async () => {
    expect(await send(w.t.url, { ...appOfSize(LIMIT - 10), chunked: true })).toEqual({ status: 200, text: '' });
    expect(await inboundCount(w)).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The message handler, through the real path (signed callback → inbox → handler → outbox).

async function work(h: WecomHarness | DingtalkHarness): Promise<void> {
  await h.t.runtime.processor.drain();
  await h.t.runtime.outbox.drain();
}

async function replyText(h: WecomHarness | DingtalkHarness, platform: string, messageId: string): Promise<string | null> {
  const rows = await h.t.runtime.db.ds.getRepository(OutboxEntity).find({ where: { idempotencyKey: `reply:${platform}:${messageId}` } });
  if (!rows.length) return null;
  const body = rows[0]!.body as { title: string; lines: string[] };
  return [body.title, ...body.lines].join('\n');
}

async function inboxStatus(h: WecomHarness | DingtalkHarness, platform: string, messageId: string): Promise<string[]> {
  const rows: { status: string }[] = await h.t.runtime.db.ds.query('SELECT status FROM inbound_messages WHERE platform = ? AND platform_message_id = ?', [platform, messageId]);
  return rows.map((r) => r.status);
}

/** No ticket without its create event; no deadline, timer or event without its ticket. */
async function expectNoHalfWrittenTickets(h: WecomHarness | DingtalkHarness): Promise<void> {
  const q = (sql: string) => h.t.runtime.db.ds.query(sql) as Promise<{ n: number | string }[]>;
  const n = async (sql: string) => Number((await q(sql))[0]!.n);
  expect(await n("SELECT COUNT(*) AS n FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'create')")).toBe(0);
  expect(await n('SELECT COUNT(*) AS n FROM ticket_deadlines x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id)')).toBe(0);
  expect(await n('SELECT COUNT(*) AS n FROM ticket_events x WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = x.ticket_id)')).toBe(0);
  expect(await n("SELECT COUNT(*) AS n FROM inbound_messages WHERE status <> 'done'")).toBe(0);
}

describe('odd chat texts: a clear Chinese answer, the inbox row done, no half-written ticket', () => {
  let code = '';
  let resolvedCode = '';
  let customerCode = '';

  /** A staff member @-messages the bot in the service group. */
  async function staffSays(content: string, from = 'LiDiaodu'): Promise<string | null> {
    const req = w.sim.botText({ from, chatId: WECOM.serviceGroupChat, content: `@工单助手 ${content}` });
    expect(await w.sim.deliver(req)).toEqual({ status: 200, body: '' });
    await work(w);
    expect(await inboxStatus(w, 'wecom', req.msgId)).toEqual(['done']);
    return replyText(w, 'wecom', req.msgId);
  }

  /** A customer writes to WeCom Customer Service. */
  async function customerSays(ext: string, content: string): Promise<string | null> {
    const item = w.fake.pushKfMessage({ openKfId: WECOM.kfAccount, externalUserId: ext, text: content });
    expect((await w.sim.deliver(w.sim.kfEvent({ openKfId: WECOM.kfAccount, token: w.fake.kfCallbackToken(WECOM.kfAccount) }))).status).toBe(200);
    await work(w);
    expect(await inboxStatus(w, 'wecom', String(item.msgid))).toEqual(['done']);
    return replyText(w, 'wecom', String(item.msgid));
  }

  beforeAll(async () => {
    await w.settle();
    const reply = await staffSays('云栖酒店净水器漏水，请安排上门维修，电话13900001111，地址杭州市西湖区文三路100号');
    code = /#(\d{4,})/.exec(reply ?? '')?.[1] ?? '';
    expect(code).not.toBe('');
    const second = await staffSays('云栖酒店热水器不出热水，请安排上门维修，电话13900001112，地址杭州市西湖区文三路101号');
    resolvedCode = /#(\d{4,})/.exec(second ?? '')?.[1] ?? '';
    expect(await staffSays(`完成 #${resolvedCode} 已更换温控器，试机正常`)).toMatch(new RegExp(`^#${resolvedCode} 已完成`));
    const mine = await customerSays('wmHostileA', '我家热水器坏了，要上门维修，地址杭州市西湖区文一路8号，电话13911118888');
    customerCode = /#(\d{4,})/.exec(mine ?? '')?.[1] ?? '';
    expect(customerCode).not.toBe('');
  });

  afterEach(async () => expectNoHalfWrittenTickets(w));

  const wide = (digits: string) => [...digits].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
  const STAFF_CASES: [string, () => string, () => RegExp][] = [
    ['empty after stripping the @mention', () => '', () => /^工单命令\n认领：接单/],
    ['only emoji', () => '😀😀🎉', () => /^没看懂这条消息\n/],
    ['only a phone number', () => '13900001111', () => /^没看懂这条消息\n/],
    ['#99999 for a ticket that does not exist', () => '#99999', () => /^没看懂要对 #99999 做什么\n/],
    ['查询 #99999', () => '查询 #99999', () => /^无法查询\n没有找到工单 #99999，请核对单号。$/],
    ['接单 with no ticket and no quote', () => '接单', () => /^无法接单\n请指明工单：接单 #工单号，或引用机器人的工单卡片回复「接单」。$/],
    ['指派 with no @', () => `指派 #${code}`, () => new RegExp(`^无法指派 #${code}\\n请 @ 要指派的人，例如：指派 #${code} @张工$`)],
    ['预约 with an unparseable time', () => `预约 #${code} 火星时间`, () => new RegExp(`^无法预约 #${code}\\n没看懂上门时间「火星时间」`)],
    ['回访 9', () => `回访 #${resolvedCode} 9`, () => new RegExp(`^无法回访 #${resolvedCode}\\n请写满意度 1–5 分`)],
    ['回访 10 is not a score of 1', () => `回访 #${resolvedCode} 10`, () => new RegExp(`^无法回访 #${resolvedCode}\\n请写满意度 1–5 分`)],
    ['回访 55 is not a score of 5', () => `回访 #${resolvedCode} 55`, () => new RegExp(`^无法回访 #${resolvedCode}\\n请写满意度 1–5 分`)],
    ['回访 4.5 is not a score of 4', () => `回访 #${resolvedCode} 4.5`, () => new RegExp(`^无法回访 #${resolvedCode}\\n请写满意度 1–5 分`)],
    ['full-width command with full-width code and spaces', () => `查询　＃${wide(code)}`, () => new RegExp(`^工单 #${code}`)],
    ['command with extra spaces', () => `   查询     #${code}    `, () => new RegExp(`^工单 #${code}`)],
    ['English command in upper case', () => 'HELP', () => /^工单命令\n认领：接单/],
    ['English command in mixed case, full-width', () => 'Ｈｅｌｐ', () => /^工单命令\n认领：接单/],
  ];

  test.each(STAFF_CASES)('staff: %s', async (_name, content, expected) => {
    expect(await staffSays(content())).toMatch(expected());
  });

  test('staff: 5,000 characters open one ticket with the text kept', async () => {
    const long = `客户投诉净水器漏水，电话13900002222，地址杭州市西湖区文三路200号。`.padEnd(5000, '水一直在漏，');
    expect(long).toHaveLength(5000);
    const reply = await staffSays(long);
    expect(reply).toMatch(/^新工单 #\d+/);
    const t = await w.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail({ code: /#(\d+)/.exec(reply!)![1]! });
    expect(t.description).toBe(long);
  });

  test('customer: 关闭 #<another customer\'s ticket> is refused as a staff command', async () => {
    expect(await customerSays('wmHostileB', `关闭 #${code}`)).toBe('「关闭」是员工使用的工单命令\n客户不能使用工单命令。如需帮助，请直接描述您的问题，或发送「查询」查看您的工单进度。');
    expect((await w.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail({ code })).status).toBe('open');
  });

  test("customer: 查询 #<someone else's code> is refused without a word about that ticket", async () => {
    const answer = await customerSays('wmHostileB', `查询 #${customerCode}`);
    expect(answer).toBe(`无法查询工单 #${customerCode}\n工单 #${customerCode} 不在您的名下，为保护其他客户的信息，不能为您查询。`);
    expect(answer).not.toContain('文一路');
  });

  test('customer: their own ticket in full-width characters', async () => {
    const wide = [...customerCode].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(await customerSays('wmHostileA', `查询　＃${wide}`)).toMatch(new RegExp(`^工单 #${customerCode} 的进度`));
  });

  test('customer: an empty message (only spaces) is chatter: no reply, no ticket, the inbox row done', async () => {
    const tickets = await w.t.runtime.db.ds.getRepository(TicketEntity).count();
    expect(await customerSays('wmHostileC', '   ')).toBeNull();
    expect(await w.t.runtime.db.ds.getRepository(TicketEntity).count()).toBe(tickets);
  });

  test('staff: 回访 with a 2,000-character note is recorded (the note cut to its column), the inbox row done', async () => {
    const note = '客户很满意'.repeat(400);
    expect(await staffSays(`回访 #${resolvedCode} 5 ${note}`)).toMatch(new RegExp(`^#${resolvedCode} 已回访\\n`));
    const t = await w.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail({ code: resolvedCode });
    expect(t).toMatchObject({ satisfaction: 5, satisfactionNote: note.slice(0, 500) });
  });

  test('staff: an address of 1,100 characters still opens the ticket (address cut to its column)', async () => {
    const reply = await staffSays(`投诉净水器漏水，电话13900006666，地址杭州市西湖区${'文三路华星科技大厦东楼'.repeat(100)}100号`);
    expect(reply).toMatch(/^新工单 #\d+/);
    const t = await w.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail({ code: /#(\d+)/.exec(reply!)![1]! });
    expect(t.address!.length).toBeLessThanOrEqual(500);
    expect(t.description).toContain('文三路华星科技大厦东楼'.repeat(100));
  });
});

describe('DingTalk: a long message and odd senders', () => {
  test('a message of 60,000 Chinese characters opens one ticket on both dialects (nothing lost, inbox done)', async () => {
    const long = `投诉：热水器漏水，电话13900003333，地址杭州市西湖区文三路300号。${'热水器一直漏水没人管'.repeat(6000)}`;
    const body = d.sim.robotMessage({ text: long, sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: { type: 'group', id: 'cidDemoServiceGroup', title: '售后服务群' } });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(262_144);
    expect((await d.sim.post(d.callbackUrl, body)).status).toBe(200);
    await work(d);
    expect(await inboxStatus(d, 'dingtalk', body.msgId as string)).toEqual(['done']);
    const reply = await replyText(d, 'dingtalk', body.msgId as string);
    expect(reply).toMatch(/^新工单 #\d+/);
    const t = await d.t.runtime.db.ds.getRepository(TicketEntity).findOneByOrFail({ code: /#(\d+)/.exec(reply!)![1]! });
    expect(t.description.startsWith('投诉：热水器漏水')).toBe(true);
    await expectNoHalfWrittenTickets(d);
  });
});

describe('one message delivered ten times at once', () => {
  test('WeCom smart robot: one inbound row, one ticket, one reply', async () => {
    await w.settle();
    const tickets = await w.t.runtime.db.ds.getRepository(TicketEntity).count();
    const req = w.sim.botText({ from: 'WangXiaoWang', chatId: WECOM.serviceGroupChat, content: '@工单助手 投诉：净水器滤芯刚换又坏了，电话13900004444，地址杭州市西湖区文二路5号' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => w.sim.deliver(req)));
    expect(answers).toEqual(Array(10).fill({ status: 200, body: '' }));
    await work(w);
    expect(await inboxStatus(w, 'wecom', req.msgId)).toEqual(['done']);
    expect(await w.t.runtime.db.ds.getRepository(TicketEntity).count()).toBe(tickets + 1);
    expect(await w.t.runtime.db.ds.getRepository(TicketEntity).countBy({ sourceMessageId: req.msgId })).toBe(1);
    // The tests above used up the group's 20-a-minute robot budget: let the window pass.
    w.clock.advance(120_000);
    await work(w);
    const replies = await w.t.runtime.db.ds.getRepository(OutboxEntity).find({ where: { idempotencyKey: `reply:wecom:${req.msgId}` } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.status).toBe('sent');
  });

  test('DingTalk: one inbound row, one ticket, one reply on the session webhook', async () => {
    const tickets = await d.t.runtime.db.ds.getRepository(TicketEntity).count();
    const body = d.sim.robotMessage({ text: '投诉：空调外机噪音太大，电话13900005555，地址杭州市西湖区文三路9号', sender: { staffId: 'dt-wang', nick: '客服小王' }, conversation: { type: 'group', id: 'cidDemoServiceGroup', title: '售后服务群' } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => d.sim.post(d.callbackUrl, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    await work(d);
    expect(await inboxStatus(d, 'dingtalk', body.msgId as string)).toEqual(['done']);
    expect(await d.t.runtime.db.ds.getRepository(TicketEntity).count()).toBe(tickets + 1);
    const replies = await d.t.runtime.db.ds.getRepository(OutboxEntity).find({ where: { idempotencyKey: `reply:dingtalk:${body.msgId as string}` } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.status).toBe('sent');
  });
});
