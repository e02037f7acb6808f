// 接单, 指派 @人, 转派 @人: who owns the ticket. Any of them is the first response of a complaint
// and the dispatch of a visit.
import type { OutboxItem } from '../../../outbox/outbox-store';
import type { Platform } from '../../../channels/channel';
import { staffCard, text } from '../../cards';
import { customerNotice } from '../../notices';
import { meetDeadlines } from '../../sla-tracker';
import { ack, apply, refuse, type CommandHandler } from '../command-context';

export const claim: CommandHandler = async (c) => {
  const t = c.ticket!;
  const { staff } = c.sender;
  const dir = c.deps.directory;
  if (t.assigneeId && t.assigneeId !== staff.id && !dir.has(staff, 'dispatcher', 'manager', 'admin')) {
    return refuse(c, `这张工单已指派给${dir.staff(t.assigneeId)?.name ?? t.assigneeId}；如需接手，请调度或经理「转派」给你。`);
  }
  await apply(c, 'claim', 'claim', { assigneeId: staff.id }, {
    then: async (em, u, deadlines) => {
      await meetDeadlines(em, u.id, ['first_response', 'dispatch'], c.now);
      return {
        reply: ack(u, '已接单', [`负责人：${staff.name}`], await deadlines()),
        more: customerNotice(u, 'claim', c.message, text(`您的工单 #${u.code} 已接单`, `负责人：${staff.name}`, '我们会尽快与您联系。')),
      };
    },
  });
};

function handOff(kind: 'assign' | 'transfer'): CommandHandler {
  return async (c) => {
    const t = c.ticket!;
    const dir = c.deps.directory;
    const target = c.targets[0];
    if (!target) return refuse(c, `请 @ 要${kind === 'assign' ? '指派' : '转派'}的人，例如：${kind === 'assign' ? '指派' : '转派'} #${t.code} @张工`);
    if (!target.onDuty) return refuse(c, `${target.name} 目前不在岗，请换一位同事。`);
    if (target.id === t.assigneeId) return refuse(c, `工单已经由${target.name}负责。`);
    await apply(c, 'assign', kind, { assigneeId: target.id }, {
      data: { from: t.assigneeId, to: target.id },
      then: async (em, u, deadlines) => {
        await meetDeadlines(em, u.id, ['first_response', 'dispatch'], c.now);
        const ds = await deadlines();
        const more: OutboxItem[] = [];
        const mention = dir.mention(target, c.message.platform);
        // Tell the new owner directly too: the command may have been given somewhere they are not.
        const direct = target.id === c.sender.staff.id ? null : dir.reachStaff(target, u.sourcePlatform as Platform);
        // The customer hears of the first owner named; a later hand-over between colleagues is internal.
        if (kind === 'assign') more.push(...customerNotice(u, 'assign', c.message, text(`您的工单 #${u.code} 已安排专人负责`, `负责人：${target.name}`, '我们会尽快与您联系。')));
        if (direct) more.push({ destination: direct, body: staffCard(u, ds, dir, direct.platform, `${c.sender.staff.name} ${kind === 'assign' ? '指派' : '转派'}给你的工单`), idempotencyKey: `assigned:${u.id}:${c.message.platform}:${c.message.messageId}`, ticketId: u.id });
        const reply = ack(u, kind === 'assign' ? '已指派' : '已转派', [`负责人：${target.name}（${c.sender.staff.name} ${kind === 'assign' ? '指派' : '转派'}）`], ds);
        return { reply: mention ? { ...reply, mentions: [mention] } : reply, more };
      },
    });
  };
}

export const assign = handOff('assign');
export const transfer = handOff('transfer');
