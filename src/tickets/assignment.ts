// Who gets a new ticket: the first assignment rule matching its kind / region / product / skill
// names the candidates, taken in turn among those on duty. The turn is a row per rule in
// assignment_cursors, read and advanced under a row lock inside the ticket's own transaction,
// so several instances hand out work in one shared order. Nothing matches → the default
// dispatcher.
import type { EntityManager } from 'typeorm';
import type { OperatorConfig } from '../config/operator-schema';
import type { Dialect } from '../db/column-types';
import type { TicketKind } from './state-machine';

export interface AssignmentFacts {
  kind: TicketKind;
  region: string | null;
  product: string | null;
  /** Visit type and the product's skill: a rule's skill matches either. */
  skills: string[];
}

export interface AssignmentResult {
  staffId: string;
  /** Which rule decided, for the ticket's audit trail; null = the default dispatcher. */
  rule: number | null;
}

export async function chooseAssignee(em: EntityManager, dialect: Dialect, config: OperatorConfig, facts: AssignmentFacts, now: number): Promise<AssignmentResult> {
  const onDuty = new Map(config.staff.filter((s) => s.onDuty).map((s) => [s.id, s]));
  for (const [index, rule] of config.assignment.rules.entries()) {
    if (rule.kind && rule.kind !== facts.kind) continue;
    if (rule.region && rule.region !== facts.region) continue;
    if (rule.product && rule.product !== facts.product) continue;
    if (rule.skill && !facts.skills.includes(rule.skill)) continue;
    const candidates = rule.staff.filter((id) => onDuty.has(id));
    if (!candidates.length) continue;
    const position = await nextTurn(em, dialect, `rule:${index}:${rule.staff.join(',')}`, now);
    return { staffId: candidates[position % candidates.length]!, rule: index };
  }
  return { staffId: config.assignment.defaultDispatcher, rule: null };
}

async function nextTurn(em: EntityManager, dialect: Dialect, ruleKey: string, now: number): Promise<number> {
  const ignore = dialect === 'mysql' ? 'INSERT IGNORE' : 'INSERT OR IGNORE';
  const lock = dialect === 'mysql' ? ' FOR UPDATE' : '';
  await em.query(`${ignore} INTO assignment_cursors (rule_key, position, updated_at) VALUES (?, 0, ?)`, [ruleKey.slice(0, 191), now]);
  const rows: { position: number | string }[] = await em.query(`SELECT position FROM assignment_cursors WHERE rule_key = ?${lock}`, [ruleKey.slice(0, 191)]);
  const position = Number(rows[0]?.position ?? 0);
  await em.query('UPDATE assignment_cursors SET position = ?, updated_at = ? WHERE rule_key = ?', [position + 1, now, ruleKey.slice(0, 191)]);
  return position;
}
