// The sandbox's HTTP surface: the page (/ and /sandbox/*.js|css), and a small JSON API the page
// calls — who can type where, say something (which the sandbox turns into a signed platform
// callback to the bot's own webhook), the chat feed, the ticket panel, the clock and the
// dashboard button. Mounted only in sandbox mode. Every answer carries a strict CSP.
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { UnsupportedMediaTypeError, ValidationError, NotFoundError, ForbiddenError } from '../lib/errors';
import type { PageFiles } from './page-files';
import type { SandboxService } from './sandbox-service';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MAX_TEXT = 2000;
/** The clock moves forward only, at most 30 days a step. */
const MAX_ADVANCE_MIN = 30 * 24 * 60;

const sayBody = z.strictObject({
  platform: z.enum(['wecom', 'dingtalk']),
  chat: z.enum(['customer', 'staff', 'managers']),
  as: z.string().min(1).max(100),
  text: z.string().trim().min(1, 'say something').max(MAX_TEXT, `at most ${MAX_TEXT} characters`),
  /** Text of the bot message being replied to (WeCom smart robot quote). */
  quote: z.string().max(MAX_TEXT).optional(),
});

const clockBody = z.strictObject({
  minutes: z.number().int().min(1).max(MAX_ADVANCE_MIN),
});

const dashboardBody = z.strictObject({ platform: z.enum(['wecom', 'dingtalk']) });

function securityHeaders() {
  return async (ctx: Context, next: Next) => {
    // Set before the handler runs, so refusals (thrown, answered by the error mapper) carry them too.
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    ctx.set('Cache-Control', 'no-store');
    await next();
  };
}

/**
 * Another web page open in the same browser must not drive the sandbox: writes take JSON only
 * (a cross-site form cannot send it without a CORS preflight we never grant) and, when the
 * browser names an Origin, it must be this host.
 */
async function jsonWrite(ctx: Context): Promise<unknown> {
  const origin = ctx.get('origin');
  if (origin && origin !== `${ctx.protocol}://${ctx.host}`) throw new ForbiddenError(`requests from ${origin} may not drive the sandbox`);
  if (!ctx.is('application/json')) throw new UnsupportedMediaTypeError('send JSON (content-type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new ValidationError('request body too large for the sandbox API');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('the body is not valid JSON');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ValidationError(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return r.data;
}

/** The bot's own address as seen from inside: the socket this request arrived on. */
function selfUrl(ctx: Context): string {
  const socket = ctx.req.socket;
  let host = socket.localAddress ?? '127.0.0.1';
  if (host.startsWith('::ffff:')) host = host.slice(7);
  if (host === '::' || host === '0.0.0.0') host = '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${socket.localPort}`;
}

export function sandboxRoutes(service: SandboxService, page: PageFiles): Router {
  const router = new Router();
  router.use(securityHeaders());

  router.get('/', (ctx) => page.serve(ctx, 'index.html'));
  // No icon: answering here keeps the browser from logging a 404 on every load.
  router.get('/favicon.ico', (ctx) => {
    ctx.status = 204;
  });
  router.get('/sandbox/:file', (ctx) => page.serve(ctx, ctx.params.file ?? ''));

  router.get('/sandbox/api/state', async (ctx) => {
    ctx.body = service.state();
  });

  router.get('/sandbox/api/feed', async (ctx) => {
    const after = Number(ctx.query.after ?? 0);
    if (!Number.isInteger(after) || after < 0) throw new ValidationError('after: expected the seq of the last bubble seen (an integer ≥ 0)');
    ctx.body = await service.feed(after);
  });

  router.post('/sandbox/api/say', async (ctx) => {
    const body = parse(sayBody, await jsonWrite(ctx));
    ctx.body = await service.say({ ...body, botUrl: selfUrl(ctx) });
  });

  router.get('/sandbox/api/tickets', async (ctx) => {
    ctx.body = await service.tickets();
  });

  router.post('/sandbox/api/clock', async (ctx) => {
    const body = parse(clockBody, await jsonWrite(ctx));
    ctx.body = await service.advanceClock(body.minutes);
  });

  router.post('/sandbox/api/dashboard', async (ctx) => {
    const body = parse(dashboardBody, await jsonWrite(ctx));
    ctx.body = await service.postDashboard(body.platform, selfUrl(ctx));
  });

  router.get('/sandbox/media/:name', async (ctx) => {
    const m = /^(\d{1,9})\.png$/.exec(ctx.params.name ?? '');
    const png = m ? service.image(m[1]!) : undefined;
    if (!png) throw new NotFoundError('no such image');
    ctx.type = 'image/png';
    ctx.body = png;
  });

  return router;
}
