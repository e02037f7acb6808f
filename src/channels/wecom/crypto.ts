// WXBizMsgCrypt (platforms.md §1.3): SHA-1 signature over the sorted strings, AES-256-CBC with
// IV = key[0..16), 32-byte PKCS#7. Signature and encryption come from the official @wecom/crypto;
// decryption is done here because that package accepts bad base64, bad padding and short buffers
// silently, and a forged or truncated callback must be refused with a precise 4xx instead.
import { createDecipheriv, timingSafeEqual } from 'node:crypto';
import { encrypt as officialEncrypt, getSignature } from '@wecom/crypto';
import { WebhookRejectedError } from '../../lib/errors';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SIGNATURE = /^[0-9a-f]{40}$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export interface Decrypted {
  message: string;
  receiveId: string;
}

export class WecomCipher {
  private readonly key: Buffer;

  constructor(
    private readonly token: string,
    private readonly encodingAesKey: string,
  ) {
    this.key = Buffer.from(`${encodingAesKey}=`, 'base64');
    if (encodingAesKey.length !== 43 || this.key.length !== 32) {
      throw new Error('EncodingAESKey must be the 43-character base64 of a 32-byte key');
    }
  }

  signature(timestamp: string, nonce: string, encrypted: string): string {
    return getSignature(this.token, timestamp, nonce, encrypted);
  }

  /** Constant-time check; runs before anything in the body is parsed or decrypted. */
  verify(signature: string | undefined, timestamp: string | undefined, nonce: string | undefined, encrypted: string): void {
    if (!signature || timestamp === undefined || nonce === undefined) {
      throw new WebhookRejectedError('WeCom callback is missing msg_signature, timestamp or nonce in the query', { status: 401, code: 'wecom_bad_signature' });
    }
    if (!SIGNATURE.test(signature)) {
      throw new WebhookRejectedError('WeCom msg_signature is not a 40-digit hex SHA-1', { status: 401, code: 'wecom_bad_signature' });
    }
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypted), 'utf8');
    const given = Buffer.from(signature.toLowerCase(), 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new WebhookRejectedError('WeCom msg_signature does not match (wrong Token, or the request was altered)', { status: 401, code: 'wecom_bad_signature' });
    }
  }

  /** Decrypts and checks the receive id (CorpID for apps and kf, "" for the smart robot). */
  decrypt(encrypted: string, acceptedReceiveIds: readonly string[]): Decrypted {
    const bad = (why: string) => new WebhookRejectedError(`WeCom ciphertext rejected: ${why}`, { status: 400, code: 'wecom_bad_ciphertext' });
    if (!BASE64.test(encrypted) || encrypted.length % 4 !== 0) throw bad('not valid base64');
    const cipherBytes = Buffer.from(encrypted, 'base64');
    if (cipherBytes.length === 0 || cipherBytes.length % 16 !== 0) throw bad(`length ${cipherBytes.length} is not a whole number of AES blocks`);
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      // WeCom pads to 32 bytes; Node's own unpadding only knows 16 and would call pads > 16 "bad decrypt".
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(cipherBytes), decipher.final()]);
    } catch (err) {
      throw bad(`AES decryption failed (${(err as Error).message})`);
    }
    const pad = plain[plain.length - 1]!;
    if (pad < 1 || pad > 32 || pad > plain.length) throw bad(`bad PKCS#7 padding value ${pad} (wrong EncodingAESKey?)`);
    for (let i = plain.length - pad; i < plain.length; i++) {
      if (plain[i] !== pad) throw bad('inconsistent PKCS#7 padding bytes (wrong EncodingAESKey?)');
    }
    const body = plain.subarray(0, plain.length - pad);
    if (body.length < 20) throw bad('plaintext shorter than the 20-byte header');
    const length = body.readUInt32BE(16);
    if (20 + length > body.length) throw bad(`declared message length ${length} exceeds the plaintext`);
    let message: string;
    let receiveId: string;
    try {
      message = utf8.decode(body.subarray(20, 20 + length));
      receiveId = utf8.decode(body.subarray(20 + length));
    } catch {
      throw bad('message is not valid UTF-8');
    }
    if (!acceptedReceiveIds.includes(receiveId)) {
      throw new WebhookRejectedError(`WeCom callback is addressed to receive id "${receiveId}", not this deployment's ${acceptedReceiveIds.map((r) => `"${r}"`).join(' or ')}`, {
        status: 403,
        code: 'wecom_wrong_receiver',
      });
    }
    return { message, receiveId };
  }

  encrypt(message: string, receiveId: string, random?: Buffer): string {
    return officialEncrypt(this.encodingAesKey, message, receiveId, random);
  }
}

/** Koa decodes "+" in a query value to a space; base64 never contains spaces, so put them back. */
export function restoreBase64Plus(value: string): string {
  return value.replace(/ /g, '+');
}
