import { InboundMessageEntity } from './inbound-message.entity';
import { TicketEventEntity } from './ticket-event.entity';
import { TicketEntity } from './ticket.entity';

export const entities = [TicketEntity, TicketEventEntity, InboundMessageEntity];
