import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { decrypt as officialDecrypt, encrypt as officialEncrypt } from '@wecom/crypto';
import { WecomCipher } from '../../../src/channels/wecom/crypto';
import { WebhookRejectedError } from '../../../src/lib/errors';

// The official sample (sbzhu/weworkapi_python, callback/Sample.py and callback_json/Sample.py).
const TOKEN = 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo';
const AES_KEY = '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt';
const CORP_ID = 'ww1436e0e65a779aee';
const VERIFY = {
  signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
  timestamp: '1476416373',
  nonce: '47744683',
  echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
};
const POST = {
  signature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
  timestamp: '1476422779',
  nonce: '1597212914',
  encrypt:
    'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
};
const JSON_POST = {
  signature: 'e3647471e395139e2308c1fa963f2d648a00b90e',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'cjhLUX7UU4yCSelv1vz7T0zT8huF51bAMVWriNvO1FMegHrQZNrtvRxbwf0fUPsFvwqR0U0fgiJNEA5Y30F2MoI2S7vv3EjVQ68C0cjw9frBoUE2Hj0BvFp9h3u6Vbsg4lc1C8AtHdaN8orKuNKkLRLuYEL52R1J3v8olJGZRLnRdVKIivixmX/eQpzgeExtp20jI1HxRP1AAZ6xZoILdqDPO549LO4WeG+685JRUTdiwcY5fjZlqeMxuT4PpMn1X9OWsS7NRj06Wa5E3Tvg4twjWp39KPfOdRte6P1T4JU=',
};

const cipher = new WecomCipher(TOKEN, AES_KEY);
const key = Buffer.from(`${AES_KEY}=`, 'base64');

/** Raw AES with a chosen padding, to build the malformed ciphertexts WeCom never sends. */
function rawEncrypt(plain: Buffer): string {
  const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(plain), c.final()]).toString('base64');
}
function frame(message: string, receiveId: string): Buffer {
  const msg = Buffer.from(message);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  return Buffer.concat([randomBytes(16), len, msg, Buffer.from(receiveId)]);
}
function pad32(b: Buffer): Buffer {
  const n = 32 - (b.length % 32);
  return Buffer.concat([b, Buffer.alloc(n, n)]);
}
const rejected = (fn: () => unknown, status: number, pattern: RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WebhookRejectedError);
    expect((err as WebhookRejectedError).status).toBe(status);
    expect((err as Error).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a rejection');
};

describe('official sample vectors', () => {
  test('URL verification: signature checks and echostr decrypts to the sample plaintext (pad 7)', () => {
    expect(() => cipher.verify(VERIFY.signature, VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr)).not.toThrow();
    expect(cipher.decrypt(VERIFY.echostr, [CORP_ID])).toEqual({ message: '1288432023552776189', receiveId: CORP_ID });
  });

  test('POST message: signature checks, plaintext XML matches the sample (pad 22 proves 32-byte blocks)', () => {
    expect(() => cipher.verify(POST.signature, POST.timestamp, POST.nonce, POST.encrypt)).not.toThrow();
    const { message } = cipher.decrypt(POST.encrypt, [CORP_ID]);
    expect(message).toBe(
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
    );
    const lastPad = (() => {
      const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
      d.setAutoPadding(false);
      const b = Buffer.concat([d.update(POST.encrypt, 'base64'), d.final()]);
      return b[b.length - 1];
    })();
    expect(lastPad).toBe(22);
  });

  test('JSON sample: signature and decryption agree with the official package, 64-bit MsgId text intact', () => {
    expect(() => cipher.verify(JSON_POST.signature, JSON_POST.timestamp, JSON_POST.nonce, JSON_POST.encrypt)).not.toThrow();
    const mine = cipher.decrypt(JSON_POST.encrypt, [CORP_ID]);
    const official = officialDecrypt(AES_KEY, JSON_POST.encrypt);
    expect(mine.message).toBe(official.message);
    expect(mine.receiveId).toBe(official.id);
    expect(mine.message).toContain('"MsgId": 4561255354251345929');
  });

  test('a signature off by one character is refused, as is a short one', () => {
    const wrong = VERIFY.signature.slice(0, -1) + (VERIFY.signature.endsWith('b') ? 'c' : 'b');
    rejected(() => cipher.verify(wrong, VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr), 401, /does not match/);
    rejected(() => cipher.verify(VERIFY.signature.slice(0, 39), VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr), 401, /40-digit/);
    rejected(() => cipher.verify(undefined, VERIFY.timestamp, VERIFY.nonce, VERIFY.echostr), 401, /missing/);
  });
});

describe('round trips and padding', () => {
  test('every message length gives pad 1..32 and decrypts exactly, both ways with @wecom/crypto', () => {
    const pads = new Set<number>();
    for (let n = 0; n < 64; n++) {
      const message = 'x'.repeat(n) + '工单';
      const mine = cipher.encrypt(message, CORP_ID);
      expect(cipher.decrypt(mine, [CORP_ID])).toEqual({ message, receiveId: CORP_ID });
      expect(officialDecrypt(AES_KEY, mine).message).toBe(message);
      const theirs = officialEncrypt(AES_KEY, message, CORP_ID);
      expect(cipher.decrypt(theirs, [CORP_ID]).message).toBe(message);
      const total = 16 + 4 + Buffer.byteLength(message) + CORP_ID.length;
      pads.add(32 - (total % 32));
    }
    expect([...pads].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  test('the smart robot uses an empty receive id', () => {
    const enc = cipher.encrypt('{"msgid":"1"}', '');
    expect(cipher.decrypt(enc, ['']).receiveId).toBe('');
    rejected(() => cipher.decrypt(enc, [CORP_ID]), 403, /receive id ""/);
  });
});

describe('malformed ciphertexts are 4xx, never a crash', () => {
  test('another CorpID', () => {
    rejected(() => cipher.decrypt(cipher.encrypt('hi', 'wwSomeoneElse'), [CORP_ID]), 403, /wwSomeoneElse/);
  });
  test('bad base64 and partial blocks', () => {
    rejected(() => cipher.decrypt('not base64 at all!', [CORP_ID]), 400, /base64/);
    rejected(() => cipher.decrypt('QUJD', [CORP_ID]), 400, /AES blocks/);
    rejected(() => cipher.decrypt('', [CORP_ID]), 400, /base64/);
  });
  test('padding byte 0, above 32, and inconsistent pad bytes', () => {
    const body = frame('hello', CORP_ID);
    const zero = Buffer.concat([body, Buffer.alloc(32 - (body.length % 32), 0)]);
    rejected(() => cipher.decrypt(rawEncrypt(zero), [CORP_ID]), 400, /padding value 0/);
    const padded = pad32(body);
    const big = Buffer.from(padded);
    big[big.length - 1] = 40;
    rejected(() => cipher.decrypt(rawEncrypt(big), [CORP_ID]), 400, /padding value 40/);
    const mixed = Buffer.from(padded);
    const p = mixed[mixed.length - 1]!;
    if (p > 1) {
      mixed[mixed.length - 2] = (p + 1) % 256;
      rejected(() => cipher.decrypt(rawEncrypt(mixed), [CORP_ID]), 400, /inconsistent/);
    }
  });
  test('a declared length beyond the plaintext', () => {
    const body = frame('hello', CORP_ID);
    body.writeUInt32BE(10_000, 16);
    rejected(() => cipher.decrypt(rawEncrypt(pad32(body)), [CORP_ID]), 400, /exceeds/);
  });
  test('a wrong EncodingAESKey shows up as bad padding, not as garbage text', () => {
    const other = new WecomCipher(TOKEN, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    const enc = other.encrypt('hello', CORP_ID);
    expect(() => cipher.decrypt(enc, [CORP_ID])).toThrow(WebhookRejectedError);
  });
});
