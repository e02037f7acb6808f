// Calendars and service-level policies as the operator writes them.
import { z } from 'zod';
import { parseDuration } from '../lib/duration';

export const durationSchema = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
    if (ms === null || ms < 0) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration like "30s", "30m", "4h", "1h30m" or "7d"' });
      return z.NEVER;
    }
    return ms;
  });

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const span = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, 'expected a span like "09:00-12:00"');

export const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('24x7') }),
  z.strictObject({
    kind: z.literal('business'),
    hours: z.array(span).min(1),
    weekdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
    chineseHolidays: z.boolean().default(true),
    /** Years the State Council has published but the package does not know yet; they win over it. */
    holidays: z.record(z.string().regex(/^\d{4}$/), z.strictObject({ off: z.array(date).default([]), workdays: z.array(date).default([]) })).default({}),
    overrides: z.array(z.strictObject({ date, off: z.boolean().optional(), hours: z.array(span).optional() })).default([]),
  }),
]);
export type CalendarConfig = z.output<typeof calendarSchema>;

const levelTargets = z.strictObject({ '1': durationSchema, '2': durationSchema, '3': durationSchema });

export const policySchema = z.strictObject({
  calendar: z.string().min(1),
  complaint: z.strictObject({
    firstResponse: durationSchema,
    resolution: levelTargets,
    chain: z.string().min(1),
  }),
  visit: z.strictObject({
    dispatch: durationSchema,
    contactBefore: durationSchema,
    arrivalGrace: durationSchema,
    report: durationSchema,
    followUpWithin: durationSchema,
    /** With no booked time, the visit is due this long (business time) after it was opened. */
    defaultArrival: durationSchema,
    chain: z.string().min(1),
  }),
});
export type PolicyConfig = z.output<typeof policySchema>;
