// Intent, complaint level and visit type, read from the cue tables (LABELS.md: complaint takes
// precedence over visit; a question about an existing job is an inquiry; level 3 once the
// complaint has been taken outside, 2 for a repeat or a threat to go outside).
import { allCues, compileCues, firstCue, hasCue, type CueTable } from './cue-table';
import type { ComplaintLevel, Cue, Intent, VisitType } from './types';
import type { Vocabulary } from './vocabulary';

export interface Classification {
  intent: Intent;
  complaintLevel: ComplaintLevel | null;
  visitType: VisitType | null;
  /** A booked visit is called off (and not moved): it has no appointment. */
  cancelled: boolean;
  cues: Cue[];
}

export interface ClassifyContext {
  /** The message names a catalogue product: a question about it is an inquiry. */
  mentionsProduct?: boolean;
  /** The message gives a phone number or an address: service words with them are a request. */
  givesContact?: boolean;
  /**
   * Whether the time grammar finds a wanted visit time in the message (asked lazily: only
   * messages with a fault or service word and no outright request need it).
   */
  wantedTime?: () => boolean;
}

export interface Classifier {
  classify(text: string, context?: ClassifyContext): Classification;
}

const CLAUSE_SPLIT = /[,，。；;！!？?\n]+/;
const CLAUSE_END = /[,，。；;！!？?\n]/g;
const SENTENCE_END = /[。！!？?\n]/g;

/** The sentence (up to and including its end mark) around position `at`. */
function sentenceAt(text: string, at: number): string {
  let start = at;
  while (start > 0 && !'。！!？?\n'.includes(text[start - 1] ?? '')) start--;
  SENTENCE_END.lastIndex = at;
  const end = SENTENCE_END.exec(text);
  return text.slice(start, end ? end.index + 1 : text.length);
}
const VISIT_TYPES: VisitType[] = ['inspection', 'maintenance', 'install', 'repair'];

export function createClassifier(v: Vocabulary): Classifier {
  const t = {
    complaint: compileCues(v.intent.complaint),
    praise: compileCues(v.intent.praise),
    statusQuery: compileCues(v.intent.statusQuery),
    question: compileCues(v.intent.question),
    inquiryTopics: compileCues(v.intent.inquiryTopics),
    visitRequest: compileCues(v.intent.visitRequest),
    requestQuestion: compileCues(v.intent.requestQuestion),
    infoQuestion: compileCues(v.intent.infoQuestion),
    arrival: compileCues(v.intent.arrival),
    existingJob: compileCues(v.intent.existingJob),
    politeRequest: compileCues(v.intent.politeRequest),
    cancel: compileCues(v.intent.cancel),
    rebook: compileCues(v.intent.rebook),
    outside: compileCues(v.complaintLevel.outside),
    done: compileCues(v.complaintLevel.done),
    threat: compileCues(v.complaintLevel.threat),
    repeat: compileCues(v.complaintLevel.repeat),
    install: compileCues(v.visitType.install),
    repair: compileCues(v.visitType.repair),
    maintenance: compileCues(v.visitType.maintenance),
    inspection: compileCues(v.visitType.inspection),
    look: compileCues(v.visitType.look),
    fault: compileCues(v.visitType.fault),
    secondary: compileCues(v.visitType.secondary),
    suspected: compileCues(v.visitType.suspected),
  };

  /** 3 when a complaint was taken outside, 2 when that is threatened, 0 when not said. */
  function outsideLevel(text: string, cues: Cue[] | null): { level: 0 | 2 | 3; explicit: boolean } {
    let outsideLevel: 0 | 2 | 3 = 0;
    let explicit = false;
    let previousDone = false;
    for (const clause of text.split(CLAUSE_SPLIT)) {
      const hit = firstCue(t.outside, clause);
      const done = hasCue(t.done, clause);
      if (hit) {
        // Before the channel word: 我就打12315 is a threat; 我已经打了12315 has happened.
        const lead = clause.slice(0, hit.index);
        let happened: boolean;
        let marked = true;
        // 已经两回了再这样我就找电视台 (one unpunctuated clause): a threat after the 已经 still
        // governs the channel word.
        const doneInLead = allCues(t.done, lead);
        const lastDone = doneInLead.length ? (doneInLead[doneInLead.length - 1]?.index ?? -1) : -1;
        const threatAfterDone = lastDone >= 0 && allCues(t.threat, lead).some((h) => h.index > lastDone);
        if (threatAfterDone) happened = false;
        else if (done) happened = true;
        else if (hasCue(t.threat, lead)) happened = false;
        else if (/了/.test(clause)) happened = true;
        else {
          happened = previousDone;
          marked = previousDone;
        }
        explicit ||= marked;
        const lvl = happened ? 3 : 2;
        if (lvl > outsideLevel) {
          outsideLevel = lvl;
          cues?.push({ field: 'complaintLevel', text: hit.text });
        }
      }
      previousDone = done;
    }
    return { level: outsideLevel, explicit };
  }

  function level(text: string, cues: Cue[]): ComplaintLevel {
    const outside = outsideLevel(text, cues);
    if (outside.level === 3) return 3;
    const repeat = firstCue(t.repeat, text);
    if (repeat) cues.push({ field: 'complaintLevel', text: repeat.text });
    return outside.level === 2 || repeat ? 2 : 1;
  }

  /** Where a clause of secondary work starts (顺便加点氟) and where it ends. */
  function secondarySpans(text: string): [number, number][] {
    return allCues(t.secondary, text).map((h) => {
      CLAUSE_END.lastIndex = h.index;
      const end = CLAUSE_END.exec(text);
      return [h.index, end ? end.index : text.length];
    });
  }

  /** Service hits score `full` each, or 1 inside a clause of secondary work. */
  function weigh(table: CueTable, text: string, full: number, spans: [number, number][]): number {
    let score = 0;
    for (const h of allCues(table, text)) score += spans.some(([a, b]) => h.index >= a && h.index < b) ? 1 : full;
    return score;
  }

  function visitType(text: string, cues: Cue[]): VisitType | null {
    // 看看有没有磨损, 是不是坏了: a suspected fault, not a known one.
    // 灵不灵, 漏不漏水: an A-not-A question asks whether there is a fault.
    const aNotA = (h: { index: number; text: string }): boolean =>
      (h.text[0] === '不' && h.text[1] !== undefined && text[h.index - 1] === h.text[1]) || (text[h.index - 1] === '不' && text[h.index - 2] === h.text[0]);
    const faults = allCues(t.fault, text).filter((h) => !hasCue(t.suspected, text.slice(Math.max(0, h.index - 4), h.index)) && !aNotA(h));
    const spans = secondarySpans(text);
    const scores: Record<VisitType, number> = {
      install: weigh(t.install, text, 3, spans),
      repair: weigh(t.repair, text, 3, spans) + faults.length * 2,
      maintenance: weigh(t.maintenance, text, 3, spans),
      inspection: weigh(t.inspection, text, 3, spans) + (faults.length ? 0 : allCues(t.look, text).length),
    };
    let best: VisitType | null = null;
    for (const type of VISIT_TYPES) if (scores[type] > 0 && (!best || scores[type] > scores[best])) best = type;
    if (best) {
      const hit = firstCue(t[best], text) ?? (best === 'repair' ? faults[0] : firstCue(t.look, text));
      if (hit) cues.push({ field: 'visitType', text: hit.text });
    }
    return best;
  }

  function visit(text: string, cue: string, cancelled: boolean, cues: Cue[]): Classification {
    cues.push({ field: 'intent', text: cue });
    return { intent: 'visit', complaintLevel: null, visitType: visitType(text, cues) ?? 'repair', cancelled, cues };
  }

  function inquiry(cue: string, cancelled: boolean, cues: Cue[]): Classification {
    cues.push({ field: 'intent', text: cue });
    return { intent: 'inquiry', complaintLevel: null, visitType: null, cancelled, cues };
  }

  return {
    classify(text, { mentionsProduct = false, givesContact = false, wantedTime = () => false } = {}) {
      const cues: Cue[] = [];
      const complaint = firstCue(t.complaint, text);
      const outside = firstCue(t.outside, text);
      const cancel = firstCue(t.cancel, text);
      const rebook = firstCue(t.rebook, text);
      const asked = firstCue(t.requestQuestion, text);
      const request = firstCue(t.visitRequest, text) ?? asked ?? rebook ?? cancel;
      const cancelled = cancel !== null && rebook === null;
      // Naming 12315 or 抖音 is a complaint once it is said to have happened or is threatened.
      const isComplaint = complaint !== null || (outside !== null && outsideLevel(text, null).explicit);
      if (isComplaint) {
        cues.push({ field: 'intent', text: (complaint ?? outside)?.text ?? '' });
        const complaintLevel = level(text, cues);
        const type = request ? (visitType(text, cues) ?? 'repair') : null;
        return { intent: 'complaint', complaintLevel, visitType: type, cancelled, cues };
      }
      const praise = firstCue(t.praise, text);
      if (praise && !(request && hasCue(t.politeRequest, text))) {
        cues.push({ field: 'intent', text: praise.text });
        return { intent: 'other', complaintLevel: null, visitType: null, cancelled, cues };
      }
      const fault = firstCue(t.fault, text);
      const status = firstCue(t.statusQuery, text);
      // 消毒柜不加热了，什么时候能来修: a fault reported now with "when can you come" asks for a
      // visit; without a fault, or about a job already reported, it asks about that job.
      if (status && !(fault && asked && !hasCue(t.existingJob, text))) return inquiry(status.text, cancelled, cues);
      const question = firstCue(t.question, text);
      // 广告说免费上门检测，是真的吗？ names a visit but asks about it (in the same sentence;
      // 元旦你们上班吗？热水器坏了想找人修 asks a question and then for a visit).
      if (request && !asked && question && !hasCue(t.politeRequest, text) && hasCue(t.inquiryTopics, text) && hasCue(t.question, sentenceAt(text, request.index))) {
        return inquiry(question.text, cancelled, cues);
      }
      if (request) return visit(text, request.text, cancelled, cues);
      // 保修期是几年, 多少钱, 怎么绑定: a question for information, even with a fault named.
      const info = question ? firstCue(t.infoQuestion, text) : null;
      if (info) return inquiry(info.text, cancelled, cues);
      // A fault or a service word with someone to come or a wanted time is a request, even asked
      // as a question (热水器不打火了 3号下午有人在家; 这周四上午来巡检).
      const work = fault ?? firstCue(t.install, text) ?? firstCue(t.maintenance, text) ?? firstCue(t.inspection, text) ?? firstCue(t.repair, text);
      if (work && (hasCue(t.arrival, text) || wantedTime())) return visit(text, work.text, cancelled, cues);
      // 下周一两点以后来看看地暖: someone coming for a look at a wanted time is a visit (an
      // inspection); 我明天去店里看看 is not.
      const look = work ? null : firstCue(t.look, text);
      if (look && /(来|上门)$/.test(text.slice(Math.max(0, look.index - 2), look.index)) && wantedTime()) return visit(text, look.text, cancelled, cues);
      // A fault reported without a question is a request to repair it.
      if (fault && !question) return visit(text, fault.text, cancelled, cues);
      // 安装空调 + an address or a phone, not asked as a question: a work order.
      if (work && givesContact && !question) return visit(text, work.text, cancelled, cues);
      if (question && (mentionsProduct || hasCue(t.inquiryTopics, text))) return inquiry(question.text, cancelled, cues);
      return { intent: 'other', complaintLevel: null, visitType: null, cancelled, cues };
    },
  };
}

export type { CueTable };
