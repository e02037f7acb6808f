import { InboundMessageEntity } from './inbound-message.entity';
import { TicketEventEntity } from './ticket-event.entity';
import { TicketEntity } from './ticket.entity';
import { WecomKfCursorEntity, WecomKfCustomerEntity } from './wecom-kf.entity';

export const entities = [TicketEntity, TicketEventEntity, InboundMessageEntity, WecomKfCursorEntity, WecomKfCustomerEntity];
