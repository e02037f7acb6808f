// The MessageHandler: who wrote (staff by platform id, customers by the channel's flag), then
// staff command → commands; free text → the parser → tickets. Customers get their own, narrow
// path: open or add to their tickets, ask about their own tickets, ask for a person.
import type { InboundMessage } from '../channels/channel';
import type { MessageHandler } from '../inbox/inbox-processor';
import { TicketEventEntity } from '../db/entities/ticket-event.entity';
import { TicketEntity } from '../db/entities/ticket.entity';
import { replyTo, type ChaseDeps, type Sender } from './chase-context';
import { codeInQuote, helpLines, parseCommand } from './commands/grammar';
import { runCommand } from './commands';
import { createTicketService, type TicketService } from './ticket-service';
import { text } from './cards';
import { customerScore } from './commands/handlers/finish';

const HUMAN_RE = /^\s*(?:转\s*)?人工(?:客服|服务)?\s*[!！。.]?\s*$|^\s*(?:找|要|请|我要找)\s*(?:人工|真人|客服)/;
const STATUS_RE = /工单|进度|到哪|几点到|什么时候(?:来|到|上门)|师傅.*(?:来|到)|处理得?怎么样|有人管|状态|查询/;
const ASKED_CODE_RE = /(?:[#＃]|工单\s*号?\s*[#＃]?\s*)(\d{4,10})/;
const ACK_RE = /^\s*(?:谢谢|多谢|感谢|好的?|收到|嗯+|ok|okay|👌|👍)[\s!！。.~]*$/i;

export function identify(deps: ChaseDeps, message: InboundMessage): Sender {
  if (message.sender.isCustomer) return { staff: null, customer: true, customerRef: `${message.platform}:${message.sender.id}` };
  return { staff: deps.directory.staffBySender(message.platform, message.sender.id) ?? null, customer: false, customerRef: null };
}

export function createMessageHandler(deps: ChaseDeps & { service?: TicketService; afterHandled?: () => void }): MessageHandler {
  const service = deps.service ?? createTicketService(deps);

  async function alreadyHandled(message: InboundMessage): Promise<boolean> {
    // Every change a message causes is recorded with its id in the same transaction as the
    // reply; a retry after a crash finds it and stops.
    const n = await deps.db.ds.getRepository(TicketEventEntity).count({ where: { messagePlatform: message.platform, messageId: message.messageId } });
    return n > 0;
  }

  async function customer(message: InboundMessage, sender: Sender, body: string): Promise<void> {
    if (HUMAN_RE.test(body)) {
      if (deps.handOver?.(message)) {
        const notice = replyTo(message, text('正在为您转接人工客服', '请稍候，客服马上为您服务。'));
        if (notice.destination.kind === 'reply') notice.destination.context = { ...notice.destination.context, handOverAfterSend: true };
        await deps.outbox.enqueue(notice);
      } else {
        await deps.outbox.enqueue(replyTo(message, text('人工客服暂时无法接入', '您可以直接描述问题并留下电话和地址，我们会尽快联系您。')));
      }
      return;
    }
    const cmd = parseCommand(body, message.quotedText);
    if (cmd) {
      if (cmd.spec.name === 'query' || cmd.spec.name === 'mine') return service.answerCustomerStatus(message, sender, cmd.code);
      if (cmd.spec.name === 'help') {
        await deps.outbox.enqueue(replyTo(message, text('您可以这样找我们', '直接描述问题（例如：净水器漏水，地址……电话……）即可登记工单。', '发送「查询」查看您的工单进度；发送「人工」转接客服。')));
        return;
      }
      await deps.outbox.enqueue(replyTo(message, text(`「${cmd.word}」是员工使用的工单命令`, '客户不能使用工单命令。如需帮助，请直接描述您的问题，或发送「查询」查看您的工单进度。')));
      return;
    }
    const score = customerScore(body);
    if (score && (await service.answerSurvey(message, sender, score))) return;
    const parsed = deps.parse(body, new Date(message.receivedAt));
    if (parsed.intent === 'complaint' || parsed.intent === 'visit') return service.intake(message, sender, parsed);
    const asked = ASKED_CODE_RE.exec(body)?.[1] ?? null;
    if (asked || (parsed.intent === 'inquiry' && STATUS_RE.test(body))) return service.answerCustomerStatus(message, sender, asked);
    // Other questions and chatter open nothing; a person answers them in the kf console.
  }

  async function staff(message: InboundMessage, sender: Sender, body: string): Promise<void> {
    if (!body) {
      await deps.outbox.enqueue(replyTo(message, { title: '工单命令', lines: helpLines() }));
      return;
    }
    const cmd = parseCommand(body, message.quotedText);
    if (cmd && !sender.staff) {
      await deps.outbox.enqueue(replyTo(message, text('无法执行命令', `你（${message.sender.name ?? message.sender.id}）不在员工名录中，不能使用工单命令；请联系管理员把你加到配置的 staff 里。`)));
      return;
    }
    if (cmd && sender.staff) {
      // "预约明天上午来修净水器，王先生138…" with no ticket in sight is a new request, not a command.
      if (cmd.spec.needsTicket && !cmd.code) {
        const parsed = deps.parse(body, new Date(message.receivedAt));
        if ((parsed.intent === 'visit' || parsed.intent === 'complaint') && (parsed.phone || parsed.address)) return service.intake(message, sender, parsed);
      }
      return runCommand(deps, message, { ...sender, staff: sender.staff }, cmd);
    }
    const parsed = deps.parse(body, new Date(message.receivedAt));
    if (parsed.intent === 'complaint' || parsed.intent === 'visit') return service.intake(message, sender, parsed);
    const quoted = codeInQuote(message.quotedText);
    if (quoted && sender.staff) {
      const t = await deps.db.ds.getRepository(TicketEntity).findOneBy({ code: quoted });
      if (t) return service.addStaffNote(message, sender, t);
    }
    if (ACK_RE.test(body)) return;
    // In a group the bot only hears messages that @ it (WeCom smart robot, DingTalk robot), so
    // silence would leave the sender guessing; but the command list here is noise for everyone
    // else in a busy group. One line: what was missing, and where the commands are.
    const code = /[#＃]\s*(\d{4,10})/.exec(body)?.[1];
    await deps.outbox.enqueue(
      replyTo(message, code ? text(`没看懂要对 #${code} 做什么`, `命令写在最前面，例如「接单 #${code}」；发「帮助」看全部命令。`) : text('没看懂这条消息', '转述客户问题请写清问题、电话和地址；处理工单发「帮助」看命令。')),
    );
  }

  return async (message) => {
    if (message.kind !== 'text') return;
    const body = message.text.trim();
    // Staff who @ the bot with nothing after it get the command list rather than silence;
    // an empty customer message is chatter like any other (a person answers in the kf console).
    if (!body && message.sender.isCustomer) return;
    if (await alreadyHandled(message)) {
      deps.logger.info({ platform: message.platform, messageId: message.messageId }, 'message already handled; nothing to do');
      return;
    }
    const sender = identify(deps, message);
    if (sender.customer) await customer(message, sender, body);
    else await staff(message, sender, body);
    deps.afterHandled?.();
  };
}
