// Escalation chains as data: each step says when (relative to a deadline), what, to whom.
import { z } from 'zod';
import { durationSchema } from '../sla/config-schema';

export const DEADLINES = ['first_response', 'resolution', 'dispatch', 'contact', 'arrival', 'report', 'follow_up'] as const;
export type DeadlineName = (typeof DEADLINES)[number];

export const TARGETS = ['assignee', 'group', 'manager', 'service_manager', 'executive', 'dispatcher'] as const;
export type Target = (typeof TARGETS)[number];

export const stepSchema = z.strictObject({
  deadline: z.enum(DEADLINES),
  /** Offset from the deadline: "-10m" before it, "0" at it, "30m" after it. */
  offset: z.union([z.string(), z.number()]).transform((v, ctx) => {
    const text = String(v).trim();
    const negative = text.startsWith('-');
    const parsed = durationSchema.safeParse(negative ? text.slice(1) : text === '0' ? '0s' : text);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'expected an offset like "-10m", "0" or "30m"' });
      return z.NEVER;
    }
    return negative ? -parsed.data : parsed.data;
  }),
  notify: z.enum(TARGETS),
  /** Repeat every so often until someone acts on the ticket. */
  repeat: durationSchema.optional(),
  /** Caps the repeats (the first fire is not counted); without it a step repeats until someone acts. */
  maxRepeats: z.number().int().min(0).max(100).optional(),
  /** Urgent steps ignore working hours (level-3 complaints are always urgent). */
  urgent: z.boolean().default(false),
});
export type StepConfig = z.output<typeof stepSchema>;

export const chainSchema = z.array(stepSchema).min(1);
