// Runs a staff command: resolves its ticket (#code or the quoted card) and its @-targets,
// checks the sender's role, and hands it to the one handler for that command.
import type { InboundMessage } from '../../channels/channel';
import type { StaffMember } from '../../config/directory-schema';
import { TicketEntity } from '../../db/entities/ticket.entity';
import type { ChaseDeps, Sender } from '../chase-context';
import { actorOf } from '../ticket-service';
import { ROLE_LABELS, type CommandName, type ParsedCommand } from './grammar';
import { refuse, type CommandContext, type CommandHandler } from './command-context';
import { assign, claim, transfer } from './handlers/ownership';
import { arrive, contact, schedule } from './handlers/visit';
import { close, followUp, resolve } from './handlers/finish';
import { pause, resume } from './handlers/pause';
import { escalate } from './handlers/escalate';
import { help, mine, query, reports } from './handlers/info';

export const HANDLERS: Readonly<Record<CommandName, CommandHandler>> = {
  claim,
  assign,
  transfer,
  schedule,
  contact,
  arrive,
  resolve,
  follow_up: followUp,
  pause,
  resume,
  escalate,
  close,
  query,
  mine,
  help,
  daily: reports,
  monthly: reports,
};

function targetsOf(deps: ChaseDeps, message: InboundMessage, cmd: ParsedCommand, self: StaffMember): StaffMember[] {
  const dir = deps.directory;
  const found: StaffMember[] = [];
  const add = (s: StaffMember | undefined) => {
    if (s && !found.some((x) => x.id === s.id)) found.push(s);
  };
  for (const m of message.mentions) add(dir.staffBySender(message.platform, m.userId) ?? (m.name ? dir.staffByName(m.name) : undefined));
  for (const name of cmd.mentionedNames) add(dir.staffByName(name));
  // Where the platform lists the bot among the mentions, it is not a target; nor is the sender
  // unless named on purpose in the text.
  return found.filter((s) => s.id !== self.id || cmd.mentionedNames.some((n) => dir.staffByName(n)?.id === self.id));
}

export async function runCommand(deps: ChaseDeps, message: InboundMessage, sender: Sender & { staff: StaffMember }, cmd: ParsedCommand): Promise<void> {
  const now = deps.clock.now().getTime();
  const c: CommandContext = { deps, message, sender, cmd, ticket: null, actor: actorOf(message, sender), now, targets: targetsOf(deps, message, cmd, sender.staff) };
  if (cmd.spec.needsTicket) {
    if (!cmd.code) return refuse(c, `请指明工单：${cmd.spec.usage}，或引用机器人的工单卡片回复「${cmd.word}」。`);
    c.ticket = await deps.db.ds.getRepository(TicketEntity).findOneBy({ code: cmd.code });
    if (!c.ticket) return refuse(c, `没有找到工单 #${cmd.code}，请核对单号。`);
  }
  const staff = sender.staff;
  const allowed = cmd.spec.roles.some((r) => (r === 'assignee' ? c.ticket?.assigneeId === staff.id : staff.roles.includes(r)));
  if (!allowed) {
    const who = cmd.spec.roles.filter((r) => r !== 'assignee').map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS]);
    const owner = cmd.spec.roles.includes('assignee') ? '工单负责人或' : '';
    return refuse(c, `你的角色（${staff.roles.map((r) => ROLE_LABELS[r]).join('、')}）不能「${cmd.spec.words[0]}」；需要${owner}${who.join('、')}。`);
  }
  await HANDLERS[cmd.spec.name](c);
}
