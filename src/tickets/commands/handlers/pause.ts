// 挂起 <reason> and 恢复: waiting on the customer stops the SLA clock; on resume every unmet
// deadline moves later by exactly the working time that passed while paused.
import { calendarFor, frozenOf } from '../../chase-context';
import { shiftAfterPause } from '../../sla-tracker';
import { spanText } from '../../cards';
import { ack, apply, refuse, type CommandHandler } from '../command-context';

export const pause: CommandHandler = async (c) => {
  const t = c.ticket!;
  if (!c.cmd.args) return refuse(c, `请写明在等客户什么，例如：挂起 #${t.code} 客户出差，下周一再约`);
  await apply(c, 'pause', 'pause', {}, {
    then: async (_em, u, deadlines) => ({ reply: ack(u, '已挂起', [`原因：${c.cmd.args}`, '计时已暂停，恢复时发送「恢复」。'], await deadlines()) }),
  });
};

export const resume: CommandHandler = async (c) => {
  const t = c.ticket!;
  const pausedFrom = t.pausedAt;
  await apply(c, 'resume', 'resume', {}, {
    then: async (em, u, deadlines) => {
      const calendar = calendarFor(c.deps, u);
      const moved = pausedFrom === null ? {} : await shiftAfterPause(em, u, frozenOf(u), calendar, pausedFrom, c.now);
      const worked = pausedFrom === null ? 0 : calendar.workingTimeBetween(pausedFrom, c.now);
      return { reply: ack(u, '已恢复', [`挂起期间的工作时间 ${spanText(worked)} 不计入时限${Object.keys(moved).length ? '，截止时间已顺延' : ''}。`], await deadlines()) };
    },
  });
};
