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

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Working spans of one day; the gaps between them (the lunch break) are not working time. */
const spans = z
  .array(span)
  .min(1)
  .superRefine((list, ctx) => {
    const parsed = list.map((t, i) => ({ i, t, from: minutes(t.slice(0, 5)), to: minutes(t.slice(6)) }));
    for (const p of parsed) {
      if (p.to <= p.from) ctx.addIssue({ code: 'custom', path: [p.i], message: `expected the span "${p.t}" to end after it starts` });
      if (p.to > 24 * 60) ctx.addIssue({ code: 'custom', path: [p.i], message: `expected the span "${p.t}" to end by 24:00` });
    }
    const sorted = [...parsed].sort((a, b) => a.from - b.from);
    for (let k = 1; k < sorted.length; k++) {
      const prev = sorted[k - 1]!;
      const cur = sorted[k]!;
      if (cur.from < prev.to) ctx.addIssue({ code: 'custom', path: [cur.i], message: `expected spans not to overlap: "${prev.t}" and "${cur.t}"` });
    }
  });

const declaredYear = z.strictObject({ off: z.array(date).default([]), workdays: z.array(date).default([]) });

export const calendarSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('24x7') }),
  z.strictObject({
    kind: z.literal('business'),
    hours: spans,
    weekdays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
    chineseHolidays: z.boolean().default(true),
    /**
     * Years the State Council has published but the package does not know yet; a declared year
     * replaces the package's data for that year entirely. off: public days off (list the weekend
     * days inside a holiday block too, or leave them — weekends are off anyway); workdays: 调休
     * make-up workdays.
     */
    holidays: z
      .record(z.string().regex(/^\d{4}$/, 'expected a year like "2027"'), declaredYear)
      .default({})
      .superRefine((years, ctx) => {
        for (const [year, y] of Object.entries(years)) {
          for (const list of ['off', 'workdays'] as const) {
            y[list].forEach((d, i) => {
              if (!d.startsWith(`${year}-`)) ctx.addIssue({ code: 'custom', path: [year, list, i], message: `expected a date in ${year}, got ${d}` });
            });
          }
          for (const d of y.workdays) {
            if (y.off.includes(d)) ctx.addIssue({ code: 'custom', path: [year, 'workdays'], message: `${d} is listed both as a day off and as a make-up workday` });
          }
        }
      }),
    /** Company days: off: true (a day off), or hours: special working hours for that date (also makes it a working day). */
    overrides: z.array(z.strictObject({ date, off: z.boolean().optional(), hours: spans.optional() })).default([]),
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
