// 完成 <report>, 回访 <score> [notes], 关闭 [案例：…]: the outcome, the follow-up call and the
// end. Level-2 and level-3 complaints (and VIP tickets) tell their managers the outcome; a
// level-3 complaint closes only with a case write-up, by a manager, the executive or an admin.
import { followUpDeadline } from '../../../sla/deadlines';
import { calendarFor, frozenOf } from '../../chase-context';
import { meetDeadlines, setDeadlines } from '../../sla-tracker';
import { customerNotice, levelNotices } from '../../notices';
import { text } from '../../cards';
import { ROLE_LABELS } from '../grammar';
import { ack, apply, refuse, type CommandHandler } from '../command-context';

export const resolve: CommandHandler = async (c) => {
  const t = c.ticket!;
  const report = c.cmd.args;
  if (!report) return refuse(c, `请写上处理结果${t.kind === 'visit' ? '（服务报告）' : ''}，例如：完成 #${t.code} 已更换滤芯，试机正常`);
  const frozen = frozenOf(t);
  const calendar = calendarFor(c.deps, t);
  await apply(c, 'resolve', 'resolve', { report }, {
    then: async (em, u, deadlines) => {
      await meetDeadlines(em, u.id, ['first_response', 'dispatch', 'report', 'resolution'], c.now);
      if (u.kind === 'visit') await setDeadlines(em, u, frozen, calendar, { follow_up: followUpDeadline(c.now, frozen.policy) }, c.now);
      const lines = [`处理结果：${report}`, ...(u.kind === 'visit' ? ['请在回访后发送「回访 分数(1–5) 备注」。'] : [])];
      // The result and the satisfaction survey in one message: a kf customer may be sent only five
      // messages per message of theirs, and the answer to the survey is their next message.
      const told = customerNotice(u, 'resolve', c.message, text(`您的工单 #${u.code} 已处理完成`, `处理结果：${report}`, SURVEY_QUESTION));
      return { reply: ack(u, '已完成', lines, await deadlines()), more: [...levelNotices(c.deps.directory, u, 'outcome'), ...told] };
    },
  });
};

export const SURVEY_QUESTION = '请回复 1–5 分评价本次服务（5 分为非常满意），也欢迎留下您的意见。';

// The digit must stand alone: "10" is not a 1 with the note "0", nor "4.5" a 4 with the note "5".
const SCORE_RE = /^\s*([1-5一二三四五])(?![\d.．十])\s*(?:分|星)?\s*[,，。;；]?\s*(.*)$/s;
// A customer's free text must not read "1号楼漏水" as a score: the digit stands alone, or is
// followed by 分 / 星, a space or punctuation.
const CUSTOMER_SCORE_RE = /^\s*([1-5一二三四五])(?![.．]\d|十)(?:\s*(?:分|星))?(?:$|(?<=[分星])|\s*[,，。.;；!！、]\s*|\s+)([\s\S]*)$/;
const CN_SCORE: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** A customer's answer to the satisfaction survey ("5", "4分 师傅很专业"), or null. */
export function customerScore(body: string): { score: number; note: string | null } | null {
  const m = CUSTOMER_SCORE_RE.exec(body);
  if (!m) return null;
  return { score: CN_SCORE[m[1]!] ?? Number(m[1]), note: m[2]?.trim().slice(0, 500) || null };
}

export const followUp: CommandHandler = async (c) => {
  const t = c.ticket!;
  const m = SCORE_RE.exec(c.cmd.args);
  if (!m) return refuse(c, `请写满意度 1–5 分，例如：回访 #${t.code} 5 客户很满意`);
  if (t.status !== 'resolved' && t.status !== 'closed') return refuse(c, '工单还没有完成，完成后才能回访。');
  const score = CN_SCORE[m[1]!] ?? Number(m[1]);
  // satisfaction_note is 500 characters; the whole text stays in the event's note.
  const note = m[2]?.trim().slice(0, 500) || null;
  await apply(c, null, 'follow_up', { satisfaction: score, satisfactionNote: note }, {
    data: { score },
    then: async (em, u, deadlines) => {
      await meetDeadlines(em, u.id, ['follow_up'], c.now);
      return { reply: ack(u, '已回访', [`满意度：${score} 分${note ? `（${note}）` : ''}`], await deadlines()) };
    },
  });
};

const CASE_RE = /案例\s*[:：]\s*([\s\S]+)$/;

export const close: CommandHandler = async (c) => {
  const t = c.ticket!;
  const { staff } = c.sender;
  const dir = c.deps.directory;
  const level3 = t.kind === 'complaint' && t.complaintLevel === 3;
  const caseWriteup = CASE_RE.exec(c.cmd.args)?.[1]?.trim() ?? null;
  if (level3 && !dir.has(staff, 'manager', 'executive', 'admin')) {
    return refuse(c, `三级投诉只能由经理、分管领导或管理员关闭（你的角色：${staff.roles.map((r) => ROLE_LABELS[r]).join('、')}）。`);
  }
  if (level3 && !caseWriteup) return refuse(c, `关闭三级投诉需要写案例，例如：关闭 #${t.code} 案例：经过、原因与改进措施`);
  const wasFinished = t.status === 'resolved';
  await apply(c, 'close', 'close', caseWriteup ? { caseWriteup } : {}, {
    then: async (em, u, deadlines) => {
      await meetDeadlines(em, u.id, ['first_response', 'resolution'], c.now);
      const lines = caseWriteup ? [`案例：${caseWriteup}`] : [];
      return { reply: ack(u, '已关闭', lines, (await deadlines()).filter((d) => d.name === 'follow_up')), more: wasFinished && !level3 ? [] : levelNotices(dir, u, 'outcome', lines) };
    },
  });
};
