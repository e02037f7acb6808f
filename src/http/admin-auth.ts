import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { ServiceUnavailableError, UnauthorizedError } from '../lib/errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer ADMIN_TOKEN, compared in constant time (hashing first makes the lengths equal). */
export function adminAuth(adminToken: string | undefined) {
  const expected = adminToken ? digest(adminToken) : null;
  return async (ctx: Context, next: Next) => {
    if (!expected) {
      throw new ServiceUnavailableError('the admin API is disabled: set ADMIN_TOKEN (at least 16 characters) in the environment and restart');
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      ctx.set('www-authenticate', 'Bearer realm="gongdan"');
      throw new UnauthorizedError('missing or wrong bearer token: send "Authorization: Bearer <ADMIN_TOKEN>"');
    }
    await next();
  };
}
