// 升级: a complaint goes up one level (its resolution target tightens if the new level's is
// sooner, level 3 stops waiting for working hours, and the level's managers are told); a visit
// asks the department manager to look.
import { openingDeadlines } from '../../../sla/deadlines';
import { calendarFor, frozenOf } from '../../chase-context';
import { listDeadlines, setDeadlines, urgentReplan } from '../../sla-tracker';
import { departmentManager, levelNotices } from '../../notices';
import { staffCard } from '../../cards';
import type { Platform } from '../../../channels/channel';
import { ack, apply, refuse, type CommandHandler } from '../command-context';

export const escalate: CommandHandler = async (c) => {
  const t = c.ticket!;
  const dir = c.deps.directory;
  const reason = c.cmd.args ? [`原因：${c.cmd.args}`] : [];
  if (t.kind === 'complaint') {
    const level = t.complaintLevel ?? 1;
    if (level >= 3) return refuse(c, '已经是三级投诉，服务经理和分管领导都已知会。');
    const next = (level + 1) as 2 | 3;
    await apply(c, null, 'escalate', { complaintLevel: next }, {
      data: { levelFrom: level, levelTo: next },
      then: async (em, u, deadlines) => {
        const frozen = frozenOf(u);
        const calendar = calendarFor(c.deps, u);
        const target = openingDeadlines({ kind: 'complaint', complaintLevel: next, openedAt: u.createdAt, appointmentAt: null, policy: frozen.policy, calendar }).resolution;
        const current = (await listDeadlines(em, u.id)).find((d) => d.name === 'resolution');
        if (target !== undefined && current && current.metAt === null && target < current.dueAt) await setDeadlines(em, u, frozen, calendar, { resolution: target }, c.now);
        if (next === 3) await urgentReplan(em, u, frozen, c.now);
        return { reply: ack(u, `已升级为${next === 3 ? '三' : '二'}级投诉`, reason, await deadlines()), more: levelNotices(dir, u, 'raised', reason) };
      },
    });
    return;
  }
  await apply(c, null, 'escalate', {}, {
    then: async (_em, u, deadlines) => {
      const ds = await deadlines();
      const manager = departmentManager(dir, u);
      const direct = manager ? dir.reachStaff(manager, u.sourcePlatform as Platform) : null;
      const more = direct ? [{ destination: direct, body: staffCard(u, ds, dir, direct.platform, `${c.sender.staff.name} 请你关注`), idempotencyKey: `escalate:${u.id}:${c.message.platform}:${c.message.messageId}`, ticketId: u.id }] : [];
      return { reply: ack(u, '已请经理关注', [`已通知：${manager?.name ?? '（没有配置经理）'}`, ...reason], ds), more };
    },
  });
};
