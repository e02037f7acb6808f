// The one place errors become HTTP responses. Domain errors carry their status; anything else
// is a 500 whose details stay in the log, under the request id the client is given.
import type { Context, Next } from 'koa';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';

export function errorMapper() {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'not_found', message: `no route for ${ctx.method} ${ctx.path}` } };
      }
    } catch (err) {
      const log = ctx.state.log as Logger;
      if (err instanceof AppError) {
        ctx.status = err.status;
        ctx.body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
        if (err.status >= 500) log.error({ err }, err.message);
        else log.warn({ code: err.code, reason: err.message }, 'request refused');
      } else {
        ctx.status = 500;
        ctx.body = { error: { code: 'internal_error', message: 'internal error', requestId: ctx.state.requestId } };
        log.error({ err }, 'unhandled error');
      }
    }
  };
}
