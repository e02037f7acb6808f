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
  /**
   * Roles both sides have (工程部, 主管): ours unless a label or a customer role comes just before
   * the role, or the customer's phone right after the name.
   */
  sharedRoles?: readonly string[];
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
const NAME_END = '的说在是我你他她和跟要想来电手联家那这已也就都反称讲表希需打让请对负明今后下上午号点会带接陪等去过帮安';
const alt = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|') || '(?!)';

export function createNameRecogniser(v: NameVocabulary): NameRecogniser {
  const SURNAME = `(?:${alt(v.compoundSurnames)}|[${v.surnames}])`;
  const GIVEN = `[^\\s\\d\\x21-\\x7e\\u3000-\\u303f\\uff00-\\uffef${NAME_END}]`;
  // The scans below run over every character: they read char codes, not one-character strings.
  const surnames = new Set([...v.surnames].map((c) => c.charCodeAt(0)));
  const compoundSurnames = new Set(v.compoundSurnames);
  const compoundSecond = new Set(v.compoundSurnames.map((c) => c.charCodeAt(1)));
  const honorificsByFirst = new Map<number, string[]>();
  for (const h of [...v.honorifics].sort((a, b) => b.length - a.length)) {
    if (h) honorificsByFirst.set(h.charCodeAt(0), [...(honorificsByFirst.get(h.charCodeAt(0)) ?? []), h]);
  }
  const nameEnd = new Set([...NAME_END].map((c) => c.charCodeAt(0)));
  const OLD = '老'.charCodeAt(0);
  const YOUNG = '小'.charCodeAt(0);
  const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
  /** Length of the surname ending right before `end` (2 for 欧阳), or 0. */
  const surnameBefore = (text: string, end: number): number =>
    end >= 2 && compoundSecond.has(text.charCodeAt(end - 1)) && compoundSurnames.has(text.slice(end - 2, end)) ? 2 : end >= 1 && surnames.has(text.charCodeAt(end - 1)) ? 1 : 0;
  const endsName = (text: string, at: number): boolean => {
    if (at >= text.length) return true;
    const c = text.charCodeAt(at);
    return !isHan(c) || nameEnd.has(c);
  };
  const labels = alt(v.labels);
  const roles = alt(v.customerRoles);
  const fullNameRe = new RegExp(`(?:${labels})[:\\s]*(?:(?:${roles})[:\\s]*)?(${SURNAME}${GIVEN}{1,2})(?=$|[^\\u3400-\\u4dbf\\u4e00-\\u9fff]|[${NAME_END}])`, 'g');
  const selfRe = new RegExp(`(?:${alt(v.selfLabels)})[:\\s]*(?:[^，,。！？\\s]{0,8}?的)?(${SURNAME}(?:${alt(v.honorifics)})|[老小]${SURNAME}|${SURNAME}${GIVEN}{1,2}(?=$|[^\\u3400-\\u4dbf\\u4e00-\\u9fff]|[${NAME_END}]))`, 'g');
  const beforePhoneRe = new RegExp(`(?:^|[\\s,，。:;；、])(?:(?:${roles})[:\\s]*)?(${SURNAME}${GIVEN}{1,2})[:\\s]*(?:电话|手机|tel)?[:\\s]*(?=[+\\d(])`, 'g');
  const latinRe = /(?:^|[\s,，。:;；、?？!！])([A-Z][a-z]{1,15}(?: [A-Z][a-z]{1,15})?)(?=$|[\s,，。;；、!！])/g;
  const staffTail = new RegExp(`(?:${alt(v.staffRoles)})[\\s:]*$`);
  const sharedTail = new RegExp(`(?:${alt(v.sharedRoles ?? [])})[\\s:]*$`);
  // 联系人商场工程部, 酒店的主管: the customer's side marked before a shared role.
  const customerBeforeShared = new RegExp(`(?:${alt(v.customerRoles)}|${labels})[^\\s,，。!！?？说]{0,4}$`);
  const customerTail = new RegExp(`(?:${alt(v.customerRoles)}|${labels})[\\s:]*(?:(?:${alt(v.sharedRoles ?? [])})[\\s:]*)?$`);
  const vocativeHead = new RegExp(`^[\\s,，]*(?:${alt(v.vocatives)})`);
  const notLatin = new Set(v.notLatinNames.map((w) => w.toLowerCase()));
  const falseSurname = new Set(v.falseSurnameWords);
  const selfLabels = [...v.selfLabels];

  const isBlocked = (blocked: Uint8Array, start: number, end: number): boolean => {
    for (let i = start; i < end; i++) if (blocked[i]) return true;
    return false;
  };
  const phoneRightAfter = (phones: readonly { start: number }[], end: number): boolean => phones.some((p) => p.start >= end && p.start - end <= 3);
  const isStaff = (text: string, start: number, end: number, phones: readonly { start: number }[]): boolean => {
    const before = text.slice(Math.max(0, start - 6), start);
    if (staffTail.test(before)) return true;
    const shared = sharedTail.exec(before);
    if (!shared) return false;
    const roleStart = start - before.length + shared.index;
    // 客服主管小李: a shared role after one of ours is ours.
    if (staffTail.test(text.slice(Math.max(0, roleStart - 6), roleStart))) return true;
    return !(customerBeforeShared.test(text.slice(Math.max(0, roleStart - 10), roleStart)) || phoneRightAfter(phones, end));
  };
  const isVocative = (text: string, end: number): boolean => vocativeHead.test(text.slice(end, end + 6)) || /谢谢\s*$/.test(text.slice(Math.max(0, end - 8), end - 2));

  return {
    find(text, blocked, phones) {
      const candidates: NameMatch[] = [];
      const consider = (name: string, start: number, needsCustomerSide = false): void => {
        const end = start + name.length;
        if (isBlocked(blocked, start, end) || isStaff(text, start, end, phones) || isVocative(text, end)) return;
        if (falseSurname.has(text.slice(start - 1, start + 1))) return;
        // 小周 is the customer's only where their side is named, or with their phone right after.
        if (needsCustomerSide && !customerTail.test(text.slice(Math.max(0, start - 8), start)) && !phoneRightAfter(phones, end)) return;
        candidates.push({ name, start });
      };

      for (const m of selfLabels.some((w) => text.includes(w)) ? text.matchAll(selfRe) : []) {
        const name = m[1];
        if (!name) continue;
        const start = m.index + m[0].length - name.length;
        if (!isBlocked(blocked, start, start + name.length)) return { name, start };
      }
      for (let i = 1; i < text.length; i++) {
        // 王先生, 欧阳经理: a surname and a form of address.
        const words = honorificsByFirst.get(text.charCodeAt(i));
        if (words) {
          const surname = surnameBefore(text, i);
          const word = surname ? words.find((w) => text.startsWith(w, i)) : undefined;
          // 张老师傅 is an engineer, not 张老师.
          if (word && text[i + word.length] !== '傅') consider(text.slice(i - surname, i + word.length), i - surname);
        }
      }
      for (let i = 0; i < text.length - 1; i++) {
        const c = text.charCodeAt(i);
        if (c !== OLD && c !== YOUNG) continue;
        // 老陈, 物业小周 (but 小区, 小程序 are not names).
        const surname = surnameBefore(text, i + 3) === 2 ? 2 : surnames.has(text.charCodeAt(i + 1)) ? 1 : 0;
        if (surname && endsName(text, i + 1 + surname)) consider(text.slice(i, i + 1 + surname), i, c === YOUNG);
      }
      for (const m of text.matchAll(fullNameRe)) {
        const name = m[1];
        if (name) consider(name, m.index + m[0].length - name.length);
      }
      for (const m of phones.length ? text.matchAll(beforePhoneRe) : []) {
        const name = m[1];
        if (!name) continue;
        const start = m.index + m[0].indexOf(name);
        const after = m.index + m[0].length;
        if (phones.some((p) => p.start >= after && p.start <= after + 3)) consider(name, start);
      }
      for (const m of /[A-Z][a-z]/.test(text) ? text.matchAll(latinRe) : []) {
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
