import { EntitySchema } from 'typeorm';
import { bigintNumber } from '../column-types';

/** Whose turn it is in one assignment rule's round-robin, shared by every instance. */
export interface AssignmentCursorRow {
  id: number;
  ruleKey: string;
  position: number;
  updatedAt: number;
}

export const AssignmentCursorEntity = new EntitySchema<AssignmentCursorRow>({
  name: 'AssignmentCursor',
  tableName: 'assignment_cursors',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    ruleKey: { name: 'rule_key', type: 'varchar', length: 191 },
    position: { type: 'integer', default: 0 },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: bigintNumber },
  },
  uniques: [{ name: 'uq_assignment_cursor_rule', columns: ['ruleKey'] }],
});
