// A callback whose declared Content-Type contradicts what it must carry (a form or multipart
// upload, JSON at an XML endpoint, XML at a JSON one) is refused with 415 before anything is
// read. A missing or generic type (text/plain, octet-stream) passes: platforms are not consistent
// about the header, and the body is checked on its own merits anyway.
import { WebhookRejectedError } from '../lib/errors';
import type { RawWebhook } from './channel';

const LABEL = { xml: 'XML', json: 'JSON' } as const;

export function assertBodyType(req: RawWebhook, expected: 'xml' | 'json'): void {
  const declared = req.headers['content-type'];
  if (req.method !== 'POST' || !declared) return;
  const type = declared.split(';')[0]!.trim().toLowerCase();
  const isXml = /^[\w.-]+\/(?:[\w.-]+\+)?xml$/.test(type);
  const isJson = /^[\w.-]+\/(?:[\w.-]+\+)?json$/.test(type);
  const wrong = type.startsWith('multipart/') || type === 'application/x-www-form-urlencoded' || (expected === 'xml' ? isJson : isXml);
  if (wrong) throw new WebhookRejectedError(`${req.path} takes ${LABEL[expected]}, not ${type}`, { status: 415, code: 'unsupported_media_type' });
}
