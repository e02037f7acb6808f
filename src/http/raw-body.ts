import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, ValidationError } from '../lib/errors';

/**
 * Reads the body as bytes, refusing it as soon as it passes the limit (no buffering of a flood).
 * Events, not `for await`: leaving an async iterator early destroys the request, and with it the
 * keep-alive socket the 413 is written on, so the client would see a reset instead of the answer.
 * Over the limit the rest is drained unread, and the connection stays usable.
 */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new PayloadTooLargeError(`request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        req.resume();
        reject(new PayloadTooLargeError(`request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    // The client went away mid-body: nothing to answer, but the promise must not hang.
    const onClose = () => {
      done();
      reject(new ValidationError('request body was cut off before its end'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const raw = await readRawBody(req, limit);
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new ValidationError(`request body is not valid JSON: ${(err as Error).message}`);
  }
}
