import { InboundMessageEntity } from './inbound-message.entity';
import { AssignmentCursorEntity, JobRunEntity, OutboxEntity, TicketDeadlineEntity, TimerEntity } from './chase-entities';
import { TicketEventEntity } from './ticket-event.entity';
import { TicketEntity } from './ticket.entity';
import { WecomKfCursorEntity, WecomKfCustomerEntity } from './wecom-kf.entity';

export const entities = [TicketEntity, TicketEventEntity, InboundMessageEntity, TicketDeadlineEntity, TimerEntity, OutboxEntity, JobRunEntity, AssignmentCursorEntity, WecomKfCursorEntity, WecomKfCustomerEntity];
