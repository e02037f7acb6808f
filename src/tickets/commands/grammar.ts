// The chat command grammar: one table of commands (words, usage, who may use it) and the
// parser that reads a staff message into a command, its ticket code and its arguments.
import type { Role } from '../../config/directory-schema';

export type CommandName =
  | 'claim' | 'assign' | 'transfer' | 'schedule' | 'contact' | 'arrive' | 'resolve' | 'follow_up'
  | 'pause' | 'resume' | 'escalate' | 'close' | 'query' | 'mine' | 'help' | 'daily' | 'monthly';

export interface CommandSpec {
  name: CommandName;
  /** The first word is the canonical one; the rest are accepted aliases. */
  words: readonly string[];
  usage: string;
  summary: string;
  /** Roles allowed; 'assignee' = the ticket's current owner whatever their role. */
  roles: readonly (Role | 'assignee')[];
  /** Acts on one ticket (named by #code or by quoting its card). */
  needsTicket: boolean;
}

const OPS: readonly Role[] = ['agent', 'dispatcher', 'manager', 'admin'];
const ALL_STAFF: readonly Role[] = ['agent', 'dispatcher', 'engineer', 'sales', 'manager', 'executive', 'admin'];

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'claim', words: ['接单', '认领'], usage: '接单 #工单号', summary: '我来负责这张工单', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'assign', words: ['指派', '派单', '派给'], usage: '指派 #工单号 @人', summary: '把工单交给某人', roles: OPS, needsTicket: true },
  { name: 'transfer', words: ['转派', '转给', '转交'], usage: '转派 #工单号 @人', summary: '把自己的工单转给别人', roles: ['assignee', ...OPS], needsTicket: true },
  { name: 'schedule', words: ['预约', '改约'], usage: '预约 #工单号 明天下午3点', summary: '约定 / 改约上门时间', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'contact', words: ['已联系', '联系客户'], usage: '已联系 #工单号 [备注]', summary: '已在上门前联系客户', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'arrive', words: ['到达', '签到', '到场'], usage: '到达 #工单号', summary: '上门签到', roles: ['engineer', 'dispatcher', 'manager', 'admin'], needsTicket: true },
  { name: 'resolve', words: ['完成', '完工', '已完成'], usage: '完成 #工单号 处理结果', summary: '完成并填写处理结果 / 服务报告', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'follow_up', words: ['回访'], usage: '回访 #工单号 5 客户很满意', summary: '记录回访满意度（1–5 分）', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'pause', words: ['挂起', '暂停'], usage: '挂起 #工单号 原因', summary: '等待客户，暂停计时', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'resume', words: ['恢复'], usage: '恢复 #工单号', summary: '恢复计时', roles: ['engineer', ...OPS], needsTicket: true },
  { name: 'escalate', words: ['升级'], usage: '升级 #工单号 [原因]', summary: '投诉升一级 / 请经理关注', roles: ALL_STAFF, needsTicket: true },
  { name: 'close', words: ['关闭', '关单', '结案'], usage: '关闭 #工单号（三级投诉：关闭 #工单号 案例：经过与改进）', summary: '关闭工单', roles: ['engineer', 'executive', ...OPS], needsTicket: true },
  { name: 'query', words: ['查询', '查看', '进度'], usage: '查询 #工单号', summary: '查看工单详情', roles: ALL_STAFF, needsTicket: true },
  { name: 'mine', words: ['我的工单', '我的单'], usage: '我的工单', summary: '我负责的未完成工单', roles: ALL_STAFF, needsTicket: false },
  { name: 'help', words: ['帮助', '命令', 'help', '?', '？'], usage: '帮助', summary: '命令列表', roles: ALL_STAFF, needsTicket: false },
  { name: 'daily', words: ['日报'], usage: '日报 [日期]', summary: '售后日报', roles: ['dispatcher', 'manager', 'executive', 'admin', 'agent'], needsTicket: false },
  { name: 'monthly', words: ['月报'], usage: '月报 [月份]', summary: '售后月报', roles: ['dispatcher', 'manager', 'executive', 'admin', 'agent'], needsTicket: false },
];

export { ROLE_LABELS } from '../../config/directory-schema';

export interface ParsedCommand {
  spec: CommandSpec;
  /** The word as typed (日报 / 月报 are handed on verbatim). */
  word: string;
  /** The ticket named by #code in the text, else by the quoted card. */
  code: string | null;
  codeFrom: 'text' | 'quote' | null;
  /** The rest of the text, without the command word, the code and @-mentions. */
  args: string;
  /** @-mentioned names written in the text ("@张工"). */
  mentionedNames: string[];
}

const byWord = COMMANDS.flatMap((spec) => spec.words.map((word) => ({ word, spec }))).sort((a, b) => b.word.length - a.word.length);
const CODE_RE = /[#＃]\s*(\d{4,10})/;
const MENTION_RE = /[@＠]([^\s@＠,，:：;；。!！?？#＃]{1,24})/g;

/**
 * Full-width letters, digits, ＃ and ＠ and the ideographic space, as Chinese input methods type
 * them ("查询　＃１０２４", "ＨＥＬＰ"), read as their ASCII forms. Chinese punctuation is left
 * alone: it is what the arguments (reports, reasons) are written in.
 */
export function narrowWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF03\uFF20\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** Drops leading @-mentions of the bot ("@工单助手 接单") and whitespace. */
function stripLead(text: string, botNames: readonly string[]): string {
  let t = text.trim();
  for (;;) {
    const m = /^[@＠]([^\s]{1,24})\s+/.exec(t);
    if (!m || (botNames.length && !botNames.includes(m[1]!) && !/^(工单|机器人|bot|助手)/i.test(m[1]!))) break;
    t = t.slice(m[0].length).trim();
  }
  return t;
}

/** The code a quoted bot card carries ("新工单 #1024 · 投诉…"). */
export function codeInQuote(quoted: string | undefined): string | null {
  if (!quoted) return null;
  const m = CODE_RE.exec(quoted);
  return m ? m[1]! : null;
}

/**
 * Reads a command; null when the text does not start with a command word. "完成了吗" is not
 * "完成": a command word must be followed by the end, a space, a code, punctuation or, for
 * words that take free text (完成 / 挂起 / 预约 …), anything.
 */
export function parseCommand(text: string, quotedText?: string, botNames: readonly string[] = []): ParsedCommand | null {
  const t = stripLead(narrowWidth(text), botNames);
  const hit = byWord.find(({ word }) => t.toLowerCase().startsWith(word.toLowerCase()));
  if (!hit) return null;
  let rest = t.slice(hit.word.length);
  if (rest && /^[了吗呢吧啊嘛么]/.test(rest)) return null;
  if (hit.spec.name === 'help' && rest.trim()) return null;
  const codeMatch = CODE_RE.exec(rest);
  let code: string | null = null;
  let codeFrom: ParsedCommand['codeFrom'] = null;
  if (codeMatch) {
    code = codeMatch[1]!;
    codeFrom = 'text';
    rest = rest.slice(0, codeMatch.index) + rest.slice(codeMatch.index + codeMatch[0].length);
  } else {
    const bare = /^\s*(\d{4,10})(?=\s|$)/.exec(rest);
    if (bare && hit.spec.needsTicket && hit.spec.name !== 'follow_up') {
      code = bare[1]!;
      codeFrom = 'text';
      rest = rest.slice(bare[0].length);
    } else if ((code = codeInQuote(quotedText))) {
      codeFrom = 'quote';
    }
  }
  const mentionedNames = [...rest.matchAll(MENTION_RE)].map((m) => m[1]!);
  const args = rest.replace(MENTION_RE, ' ').replace(/^[\s:：,，]+/, '').replace(/\s+/g, ' ').trim();
  return { spec: hit.spec, word: hit.word, code, codeFrom, args, mentionedNames };
}

/**
 * 帮助 on a phone: every command once, grouped by the moment of the job, one line per group,
 * instead of one line per command (17 lines fill two screens in a busy group).
 */
const HELP_GROUPS: readonly { label: string; items: readonly (readonly [CommandName, string])[] }[] = [
  { label: '认领', items: [['claim', '接单'], ['assign', '指派 @人'], ['transfer', '转派 @人']] },
  { label: '上门', items: [['schedule', '预约 明天下午3点'], ['contact', '已联系'], ['arrive', '到达']] },
  { label: '结案', items: [['resolve', '完成 处理结果'], ['follow_up', '回访 5 备注'], ['close', '关闭（三级投诉加「案例：…」）']] },
  { label: '跟进', items: [['pause', '挂起 原因'], ['resume', '恢复'], ['escalate', '升级 原因']] },
  { label: '查看', items: [['query', '查询 #单号'], ['mine', '我的工单'], ['daily', '日报'], ['monthly', '月报']] },
];

export function helpCommandNames(): CommandName[] {
  return HELP_GROUPS.flatMap((g) => g.items.map(([name]) => name));
}

export function helpLines(): string[] {
  return [
    ...HELP_GROUPS.map((g) => `${g.label}：${g.items.map(([, text]) => text).join(' · ')}`),
    '操作某张工单：引用它的卡片回复命令，或在命令后写 #单号，例如「完成 #1024 已更换滤芯」。',
  ];
}
