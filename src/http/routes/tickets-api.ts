import Router from '@koa/router';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { TICKET_KINDS, TICKET_STATUSES } from '../../tickets/state-machine';
import type { TicketStore } from '../../tickets/ticket-store';
import { eventToApi, ticketToApi } from '../../tickets/ticket-view';
import { normaliseCode } from '../../tickets/ticket-code';
import { NotFoundError } from '../../lib/errors';

const CHINA_OFFSET_MS = 8 * 3_600_000;

const listQuery = z.strictObject({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map((s) => s.trim()) : undefined))
    .pipe(z.array(z.enum(TICKET_STATUSES)).optional()),
  kind: z.enum(TICKET_KINDS).optional(),
  since: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      // A bare date means midnight in China time, which is how the people using this count days.
      const ms = /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) - CHINA_OFFSET_MS : Date.parse(v);
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: 'custom', message: 'expected a date (YYYY-MM-DD, China time) or an ISO 8601 instant' });
        return z.NEVER;
      }
      return ms;
    }),
  limit: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? 50 : Number(v)))
    .pipe(z.number().int().min(1).max(200)),
  cursor: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const id = Number(Buffer.from(v, 'base64url').toString('utf8'));
      if (!Number.isInteger(id) || id <= 0) {
        ctx.addIssue({ code: 'custom', message: 'expected the "next" value of a previous page' });
        return z.NEVER;
      }
      return id;
    }),
});

export function ticketsApi(deps: { tickets: TicketStore; staffName: (id: string) => string | undefined }) {
  const router = new Router();

  router.get('/api/tickets', async (ctx) => {
    const parsed = listQuery.safeParse(ctx.query);
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
    }
    const q = parsed.data;
    const rows = await deps.tickets.list({ status: q.status, kind: q.kind, since: q.since, beforeId: q.cursor, limit: q.limit + 1 });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const deadlines = await deps.tickets.deadlines(page.map((t) => t.id));
    ctx.body = {
      tickets: page.map((t) => ticketToApi(t, deps.staffName, deadlines.get(t.id))),
      next: rows.length > q.limit && last ? Buffer.from(String(last.id)).toString('base64url') : null,
    };
  });

  router.get('/api/tickets/:code', async (ctx) => {
    const code = normaliseCode(decodeURIComponent(ctx.params.code ?? ''));
    if (!code) throw new ValidationError(`"${ctx.params.code}" is not a ticket code (expected digits, e.g. 1024)`);
    const ticket = await deps.tickets.find(code);
    if (!ticket) throw new NotFoundError(`no ticket #${code}`);
    const [events, deadlines] = await Promise.all([deps.tickets.events(ticket.id), deps.tickets.deadlines([ticket.id])]);
    ctx.body = { ticket: ticketToApi(ticket, deps.staffName, deadlines.get(ticket.id)), events: events.map(eventToApi) };
  });

  return router;
}
