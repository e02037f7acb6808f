// 预约 <time> and 到达 / 签到: the visit's booked time and the engineer's arrival. The time in
// 预约 is read with the parser's own time grammar, so "明天下午3点" means what it means in tickets.
import { rebookedDeadlines, reportDeadline } from '../../../sla/deadlines';
import { appointmentText, chinaClock, spanText, text } from '../../cards';
import { calendarFor, frozenOf } from '../../chase-context';
import { customerNotice } from '../../notices';
import { meetDeadlines, listDeadlines, setDeadlines } from '../../sla-tracker';
import { appointmentInstant } from '../../ticket-service';
import { ack, apply, refuse, type CommandHandler } from '../command-context';

export const schedule: CommandHandler = async (c) => {
  const t = c.ticket!;
  if (t.kind !== 'visit') return refuse(c, '只有上门工单可以预约；投诉请直接「完成 处理结果」。');
  const parsed = c.deps.parse(`预约${c.cmd.args}`, new Date(c.message.receivedAt));
  const a = parsed.appointment;
  const at = appointmentInstant(a);
  if (!a || at === null) return refuse(c, `没看懂上门时间「${c.cmd.args || '（空）'}」，请写具体时间，例如：预约 #${t.code} 明天下午3点`);
  if (at <= c.now) return refuse(c, `${chinaClock(at)} 已经过去了，请约一个将来的时间。`);
  const frozen = frozenOf(t);
  const calendar = calendarFor(c.deps, t);
  await apply(c, 'schedule', 'schedule', { appointmentDate: a.date, appointmentStart: a.start, appointmentEnd: a.end, appointmentAt: at, assigneeId: t.assigneeId ?? c.sender.staff.id }, {
    data: { appointment: a, at },
    then: async (em, u, deadlines) => {
      const due = rebookedDeadlines({ kind: 'visit', complaintLevel: null, openedAt: u.createdAt, appointmentAt: at, policy: frozen.policy, calendar });
      // Booking is talking to the customer: the contact that booking needed is done.
      await setDeadlines(em, u, frozen, calendar, due, c.now, { reopen: true, metAt: due.contact !== undefined ? { contact: c.now } : {} });
      await meetDeadlines(em, u.id, ['dispatch'], c.now);
      const engineer = c.deps.directory.staff(u.assigneeId ?? '')?.name ?? c.sender.staff.name;
      const rebooked = t.status === 'scheduled';
      return {
        reply: ack(u, '已预约', [`上门时间：${appointmentText(u)}`, `负责人：${engineer}`], await deadlines()),
        more: customerNotice(u, 'schedule', c.message, text(`您的工单 #${u.code} ${rebooked ? '上门时间已更改' : '已预约上门'}`, `上门时间：${appointmentText(u)}`, `上门工程师：${engineer}`, '如需更改时间，请直接回复我们。')),
      };
    },
  });
};

export const arrive: CommandHandler = async (c) => {
  const t = c.ticket!;
  if (t.kind !== 'visit') return refuse(c, '投诉工单没有上门签到。');
  const frozen = frozenOf(t);
  const calendar = calendarFor(c.deps, t);
  const before = (await listDeadlines(c.deps.db.ds.manager, t.id)).find((d) => d.name === 'arrival');
  const late = before && before.metAt === null && c.now > before.dueAt ? c.now - before.dueAt : 0;
  await apply(c, 'arrive', 'arrive', {}, {
    data: late ? { lateMs: late } : {},
    then: async (em, u, deadlines) => {
      await meetDeadlines(em, u.id, ['arrival', 'contact', 'dispatch'], c.now);
      await setDeadlines(em, u, frozen, calendar, { report: reportDeadline(c.now, frozen.policy, calendar) }, c.now);
      return {
        reply: ack(u, '已签到', [`${c.sender.staff.name} ${chinaClock(c.now)} 到达${late ? `，比约定晚了 ${spanText(late)}` : ''}`, '完成后请发送「完成 服务报告」。'], await deadlines()),
        more: customerNotice(u, 'arrive', c.message, text(`工程师已到达 · 工单 #${u.code}`, `${c.sender.staff.name} 已到达，为您上门服务。`)),
      };
    },
  });
};

export const contact: CommandHandler = async (c) => {
  const t = c.ticket!;
  if (t.kind !== 'visit') return refuse(c, '投诉工单没有上门前联系环节。');
  await apply(c, null, 'contact', {}, {
    then: async (em, u, deadlines) => {
      const met = await meetDeadlines(em, u.id, ['contact'], c.now);
      return { reply: ack(u, '已记录联系客户', [met.length ? `${c.sender.staff.name} ${chinaClock(c.now)} 已联系客户` : '（联系客户的时限此前已完成）', ...(c.cmd.args ? [`备注：${c.cmd.args}`] : [])], await deadlines()) };
    },
  });
};
