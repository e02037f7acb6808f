import { EntitySchema } from 'typeorm';
import { bigintNumber, jsonText } from '../column-types';
import type { TicketKind, TicketStatus } from '../../tickets/state-machine';

export interface TicketRow {
  id: number;
  code: string | null;
  kind: TicketKind;
  status: TicketStatus;
  statusBeforePause: TicketStatus | null;
  complaintLevel: number | null;
  visitType: string | null;
  vip: boolean;
  summary: string;
  description: string;
  product: string | null;
  customerName: string | null;
  customerPhone: string | null;
  /** The customer's platform identity, e.g. "wecom:wm…" (WeCom external_userid). */
  customerRef: string | null;
  contactName: string | null;
  contactPhone: string | null;
  address: string | null;
  region: string | null;
  appointmentDate: string | null;
  appointmentStart: string | null;
  appointmentEnd: string | null;
  appointmentAt: number | null;
  assigneeId: string | null;
  policyName: string;
  /** The policy as it was when the ticket opened; later config edits do not move its deadlines. */
  policy: unknown;
  sourcePlatform: string;
  sourceConversationId: string | null;
  sourceConversationType: string | null;
  sourceConversationTitle: string | null;
  sourceMessageId: string | null;
  sourceSenderId: string | null;
  pausedAt: number | null;
  pausedMs: number;
  report: string | null;
  satisfaction: number | null;
  satisfactionNote: string | null;
  caseWriteup: string | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  closedAt: number | null;
  version: number;
}

const ms = { type: 'bigint', transformer: bigintNumber } as const;

export const TicketEntity = new EntitySchema<TicketRow>({
  name: 'Ticket',
  tableName: 'tickets',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    code: { type: 'varchar', length: 32, nullable: true, unique: true },
    kind: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 24 },
    statusBeforePause: { name: 'status_before_pause', type: 'varchar', length: 24, nullable: true },
    complaintLevel: { name: 'complaint_level', type: 'integer', nullable: true },
    visitType: { name: 'visit_type', type: 'varchar', length: 16, nullable: true },
    vip: { type: 'boolean', default: false },
    summary: { type: 'varchar', length: 500 },
    description: { type: 'text' },
    product: { type: 'varchar', length: 64, nullable: true },
    customerName: { name: 'customer_name', type: 'varchar', length: 100, nullable: true },
    customerPhone: { name: 'customer_phone', type: 'varchar', length: 32, nullable: true },
    customerRef: { name: 'customer_ref', type: 'varchar', length: 160, nullable: true },
    contactName: { name: 'contact_name', type: 'varchar', length: 100, nullable: true },
    contactPhone: { name: 'contact_phone', type: 'varchar', length: 32, nullable: true },
    address: { type: 'varchar', length: 500, nullable: true },
    region: { type: 'varchar', length: 64, nullable: true },
    appointmentDate: { name: 'appointment_date', type: 'varchar', length: 10, nullable: true },
    appointmentStart: { name: 'appointment_start', type: 'varchar', length: 5, nullable: true },
    appointmentEnd: { name: 'appointment_end', type: 'varchar', length: 5, nullable: true },
    appointmentAt: { name: 'appointment_at', ...ms, nullable: true },
    assigneeId: { name: 'assignee_id', type: 'varchar', length: 64, nullable: true },
    policyName: { name: 'policy_name', type: 'varchar', length: 64 },
    policy: { name: 'policy_json', type: 'text', transformer: jsonText },
    sourcePlatform: { name: 'source_platform', type: 'varchar', length: 16 },
    sourceConversationId: { name: 'source_conversation_id', type: 'varchar', length: 160, nullable: true },
    sourceConversationType: { name: 'source_conversation_type', type: 'varchar', length: 8, nullable: true },
    sourceConversationTitle: { name: 'source_conversation_title', type: 'varchar', length: 200, nullable: true },
    sourceMessageId: { name: 'source_message_id', type: 'varchar', length: 160, nullable: true },
    sourceSenderId: { name: 'source_sender_id', type: 'varchar', length: 160, nullable: true },
    pausedAt: { name: 'paused_at', ...ms, nullable: true },
    pausedMs: { name: 'paused_ms', ...ms, default: 0 },
    report: { type: 'text', nullable: true },
    satisfaction: { type: 'integer', nullable: true },
    satisfactionNote: { name: 'satisfaction_note', type: 'varchar', length: 500, nullable: true },
    caseWriteup: { name: 'case_writeup', type: 'text', nullable: true },
    createdAt: { name: 'created_at', ...ms },
    updatedAt: { name: 'updated_at', ...ms },
    resolvedAt: { name: 'resolved_at', ...ms, nullable: true },
    closedAt: { name: 'closed_at', ...ms, nullable: true },
    version: { type: 'integer', default: 1 },
  },
});
