// Contact names: the customer's name or form of address as written (王先生, 陈阿姨, 老陈,
// 物业小周, 刘建国, Kevin), never one of our own people (李工, 周师傅, 客服小赵, @-mentions).
import { escapeRegExp } from './cue-table';

export interface NameVocabulary {
  /** Single-character surnames, as one string. */
  surnames: string;
  compoundSurnames: readonly string[];
  /** Forms of address after a surname: 先生, 女士, 总, 经理, 阿姨… */
  honorifics: readonly string[];
  /** Words before a name that make it one of ours: 客服, 售后, 师傅, 工程部… */
  staffRoles: readonly string[];
  /** Words before a name on the customer's side: 物业, 前台, 后勤的, 村支书, 我爸… */
  customerRoles: readonly string[];
  /** Words that introduce the contact: 联系人, 客户, 对接人, 姓名, 找… */
  labels: readonly string[];
  /** Words that introduce the writer: 我是, 叫我… */
  selfLabels: readonly string[];
  /** Words right after a name that make it the one addressed (王经理你好): our side. */
  vocatives: readonly string[];
  /** Latin words that are not names (OK, App, WiFi…). */
  notLatinNames: readonly string[];
  /** Words whose second character is a surname but which are not names: 我方, 对方, 甲方… */
  falseSurnameWords: readonly string[];
}

export interface NameMatch {
  name: string;
  start: number;
}

export interface NameRecogniser {
  /** `blocked` marks characters that cannot be part of a name (an address, a mention). */
  find(text: string, blocked: Uint8Array, phones: readonly { start: number; end: number }[]): NameMatch | null;
}

// Characters that end a name or never occur inside a given name.
const NAME_END = '的说在是我你他她和跟要想来电手联家那这已也就都反称讲表希需打让请对负明今后下上午号点';
const alt = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|') || '(?!)';

export function createNameRecogniser(v: NameVocabulary): NameRecogniser {
  const SURNAME = `(?:${alt(v.compoundSurnames)}|[${v.surnames}])`;
  const GIVEN = `[^\\s\\d\\p{P}\\p{S}A-Za-z${NAME_END}]`;
  const honorificRe = new RegExp(`${SURNAME}(?:${alt(v.honorifics)})`, 'gu');
  const oldYoungRe = new RegExp(`[老小]${SURNAME}(?=$|[^\\p{Script=Han}]|[${NAME_END}])`, 'gu');
  const labels = alt(v.labels);
  const roles = alt(v.customerRoles);
  const fullNameRe = new RegExp(`(?:${labels})[:\\s]*(?:(?:${roles})[:\\s]*)?(${SURNAME}${GIVEN}{1,2})(?=$|[^\\p{Script=Han}]|[${NAME_END}])`, 'gu');
  const selfRe = new RegExp(`(?:${alt(v.selfLabels)})[:\\s]*(?:[^，,。！？\\s]{0,8}?的)?(${SURNAME}(?:${alt(v.honorifics)})|[老小]${SURNAME}|${SURNAME}${GIVEN}{1,2}(?=$|[^\\p{Script=Han}]|[${NAME_END}]))`, 'gu');
  const beforePhoneRe = new RegExp(`(?:^|[\\s,，。:;；、])(?:(?:${roles})[:\\s]*)?(${SURNAME}${GIVEN}{1,2})[:\\s]*(?:电话|手机|tel)?[:\\s]*(?=[+\\d(])`, 'gu');
  const latinRe = /(?:^|[\s,，。:;；、])([A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?)(?=$|[\s,，。;；、!！])/g;
  const staffTail = new RegExp(`(?:${alt(v.staffRoles)})[\\s:]*$`);
  const customerTail = new RegExp(`(?:${alt(v.customerRoles)}|${labels})[\\s:]*$`);
  const vocativeHead = new RegExp(`^[\\s,，]*(?:${alt(v.vocatives)})`);
  const notLatin = new Set(v.notLatinNames.map((w) => w.toLowerCase()));
  const falseSurname = new Set(v.falseSurnameWords);

  const isBlocked = (blocked: Uint8Array, start: number, end: number): boolean => {
    for (let i = start; i < end; i++) if (blocked[i]) return true;
    return false;
  };
  const isStaff = (text: string, start: number): boolean => staffTail.test(text.slice(Math.max(0, start - 6), start));
  const isVocative = (text: string, end: number): boolean => vocativeHead.test(text.slice(end, end + 6)) || /谢谢\s*$/.test(text.slice(Math.max(0, end - 8), end - 2));

  return {
    find(text, blocked, phones) {
      const candidates: NameMatch[] = [];
      const consider = (name: string, start: number, needsCustomerSide = false): void => {
        const end = start + name.length;
        if (isBlocked(blocked, start, end) || isStaff(text, start) || isVocative(text, end)) return;
        if (falseSurname.has(text.slice(start - 1, start + 1))) return;
        if (needsCustomerSide && !customerTail.test(text.slice(Math.max(0, start - 8), start))) return;
        candidates.push({ name, start });
      };

      for (const m of text.matchAll(selfRe)) {
        const name = m[1];
        if (!name) continue;
        const start = m.index + m[0].length - name.length;
        if (!isBlocked(blocked, start, start + name.length)) return { name, start };
      }
      for (const m of text.matchAll(honorificRe)) {
        // 张老师傅 is an engineer, not 张老师.
        if (text[m.index + m[0].length] === '傅') continue;
        consider(m[0], m.index);
      }
      for (const m of text.matchAll(oldYoungRe)) consider(m[0], m.index, m[0][0] === '小');
      for (const m of text.matchAll(fullNameRe)) {
        const name = m[1];
        if (name) consider(name, m.index + m[0].length - name.length);
      }
      for (const m of text.matchAll(beforePhoneRe)) {
        const name = m[1];
        if (!name) continue;
        const start = m.index + m[0].indexOf(name);
        const after = m.index + m[0].length;
        if (phones.some((p) => p.start >= after && p.start <= after + 3)) consider(name, start);
      }
      for (const m of text.matchAll(latinRe)) {
        const name = m[1];
        if (!name || notLatin.has(name.toLowerCase())) continue;
        const start = m.index + m[0].length - name.length;
        const end = start + name.length;
        const nearPhone = phones.some((p) => (p.end <= start && start - p.end <= 3) || (p.start >= end && p.start - end <= 6));
        if (nearPhone || customerTail.test(text.slice(Math.max(0, start - 8), start))) consider(name, start);
      }
      if (candidates.length === 0) return null;
      candidates.sort((a, b) => a.start - b.start);
      return candidates[0] ?? null;
    },
  };
}
