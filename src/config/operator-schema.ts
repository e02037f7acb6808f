// The operator's config file: one schema, with the cross-references checked so a typo in an id
// stops start-up with the key that holds it.
import { z } from 'zod';
import { conversationSchema, customerSchema, productSchema, staffSchema } from './directory-schema';
import { calendarSchema, durationSchema, policySchema } from '../sla/config-schema';
import { chainSchema } from '../escalation/config-schema';

const id = z.string().min(1);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like "09:00"');

export const assignmentSchema = z.strictObject({
  /** Who gets a ticket no rule matches, and who is told about unassigned work. */
  defaultDispatcher: id,
  rules: z
    .array(
      z.strictObject({
        kind: z.enum(['complaint', 'visit']).optional(),
        region: z.string().min(1).optional(),
        product: z.string().min(1).optional(),
        skill: z.string().min(1).optional(),
        /** Candidates, taken in turn (round-robin) among those on duty. */
        staff: z.array(id).min(1),
      }),
    )
    .default([]),
});

export const operatorConfigSchema = z
  .strictObject({
    company: z.strictObject({ name: z.string().min(1) }),
    staff: z.array(staffSchema).min(1, 'expected at least one staff member'),
    conversations: z.array(conversationSchema).default([]),
    customers: z.array(customerSchema).default([]),
    products: z.array(productSchema).default([]),
    calendars: z.record(z.string(), calendarSchema),
    policies: z.record(z.string(), policySchema),
    defaultPolicy: id,
    vipPolicy: id.optional(),
    /** A customer's second complaint within this window is level 2 whatever its words. */
    repeatComplaintWindow: durationSchema.default(90 * 86_400_000),
    escalation: z.strictObject({ chains: z.record(z.string(), chainSchema) }),
    assignment: assignmentSchema,
    reports: z
      .strictObject({ dailyAt: clockTime.default('09:00'), monthlyDay: z.number().int().min(1).max(28).default(1), monthlyAt: clockTime.default('09:30') })
      .prefault({}),
    intake: z.strictObject({ vocabularyFile: z.string().min(1).optional() }).prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const staffIds = new Set<string>();
    cfg.staff.forEach((s, i) => {
      if (staffIds.has(s.id)) issue(['staff', i, 'id'], `duplicate staff id "${s.id}"`);
      staffIds.add(s.id);
    });
    cfg.staff.forEach((s, i) => {
      if (s.managerId && !staffIds.has(s.managerId)) issue(['staff', i, 'managerId'], `expected the id of a staff member, got "${s.managerId}"`);
    });
    const convIds = new Set<string>();
    cfg.conversations.forEach((c, i) => {
      if (convIds.has(c.id)) issue(['conversations', i, 'id'], `duplicate conversation id "${c.id}"`);
      convIds.add(c.id);
    });
    for (const [name, policy] of Object.entries(cfg.policies)) {
      if (!cfg.calendars[policy.calendar]) issue(['policies', name, 'calendar'], `expected one of the calendars (${Object.keys(cfg.calendars).join(', ')}), got "${policy.calendar}"`);
      for (const part of ['complaint', 'visit'] as const) {
        const chain = policy[part].chain;
        if (!cfg.escalation.chains[chain]) issue(['policies', name, part, 'chain'], `expected one of the escalation chains (${Object.keys(cfg.escalation.chains).join(', ')}), got "${chain}"`);
      }
    }
    for (const key of ['defaultPolicy', 'vipPolicy'] as const) {
      const p = cfg[key];
      if (p !== undefined && !cfg.policies[p]) issue([key], `expected one of the policies (${Object.keys(cfg.policies).join(', ')}), got "${p}"`);
    }
    const dispatcher = cfg.staff.find((s) => s.id === cfg.assignment.defaultDispatcher);
    if (!dispatcher) issue(['assignment', 'defaultDispatcher'], `expected the id of a staff member, got "${cfg.assignment.defaultDispatcher}"`);
    cfg.assignment.rules.forEach((r, i) =>
      r.staff.forEach((sid, j) => {
        if (!staffIds.has(sid)) issue(['assignment', 'rules', i, 'staff', j], `expected the id of a staff member, got "${sid}"`);
      }),
    );
  });

export type OperatorConfig = z.output<typeof operatorConfigSchema>;
