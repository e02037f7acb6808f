// The chase's entities in one import, so entities/index.ts needs one line for them.
export { TicketDeadlineEntity } from './ticket-deadline.entity';
export { TimerEntity } from './timer.entity';
export { OutboxEntity } from './outbox.entity';
export { JobRunEntity } from './job-run.entity';
export { AssignmentCursorEntity } from './assignment-cursor.entity';
