// createParser: compiles a vocabulary once into the recognisers and returns the pure
// parse(text, receivedAt) function that the CLI and the ticket flow share.
import { createAddressRecogniser } from './address';
import { createClassifier } from './classify';
import { createNameRecogniser } from './contact-name';
import { compileCues, type CueTable } from './cue-table';
import { createGazetteer } from './gazetteer';
import { findPhones } from './phone';
import { normalize } from './text';
import { extractAppointment, type AppointmentResult } from './time-grammar';
import type { Cue, LabelledFields, Parse, ParsedMessage, ProductMatch } from './types';
import type { Product, Vocabulary } from './vocabulary';

export interface ParserOptions {
  /** A catalogue to match products against, instead of the vocabulary's own. */
  products?: readonly Product[];
  /** Longest summary, in characters (default 60). */
  summaryLength?: number;
}

// WeCom and DingTalk mentions: @name up to the next space or punctuation.
const MENTION_RE = /@[^\s@,，:：;；。!！?？]{1,16}/g;
const TAG_RE = /【[^】]{0,12}】|\[[^\]]{0,12}\]/g;

function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
}

function productMatcher(catalogue: readonly Product[]): (text: string) => ProductMatch | null {
  if (catalogue.length === 0) return () => null;
  const byWord = new Map<string, Product>();
  for (const p of catalogue) {
    for (const w of [p.name, ...p.aliases]) if (w && !byWord.has(w.toLowerCase())) byWord.set(w.toLowerCase(), p);
  }
  const table: CueTable = compileCues([...byWord.keys()]);
  const re = new RegExp(table.re.source, 'giu');
  return (text) => {
    re.lastIndex = 0;
    const m = re.exec(text);
    if (!m) return null;
    const p = byWord.get(m[0].toLowerCase());
    return p ? { id: p.id, name: p.name, matched: m[0] } : null;
  };
}

export function createParser(vocabulary: Vocabulary, options: ParserOptions = {}): Parse {
  const classifier = createClassifier(vocabulary);
  const gazetteer = createGazetteer(vocabulary.places);
  const addresses = createAddressRecogniser(vocabulary.address, gazetteer);
  const names = createNameRecogniser(vocabulary.names);
  const phoneCues = { notPhone: compileCues(vocabulary.phone.notPhone), staff: compileCues(vocabulary.phone.staff) };
  const appointmentCues = {
    towards: compileCues(vocabulary.appointment.towards),
    lead: compileCues(vocabulary.appointment.lead),
    away: compileCues(vocabulary.appointment.away),
    refused: compileCues(vocabulary.appointment.refused),
    preferred: compileCues(vocabulary.appointment.preferred),
    moved: compileCues(vocabulary.appointment.moved),
  };
  const matchProduct = productMatcher(options.products ?? vocabulary.products);
  const summaryLength = options.summaryLength ?? 60;

  return function parse(text: string, receivedAt: Date): ParsedMessage {
    const original = text ?? '';
    let body = normalize(original);
    const blocked = new Uint8Array(body.length);
    for (const m of body.matchAll(MENTION_RE)) body = blank(body, m.index, m.index + m[0].length);

    const cues: Cue[] = [];
    const phones = findPhones(body, phoneCues);
    const phone = phones[0] ?? null;
    if (phone) cues.push({ field: 'phone', text: body.slice(phone.start, phone.end) });
    for (const p of phones) blocked.fill(1, p.start, p.end);

    const address = addresses.find(body);
    if (address) {
      blocked.fill(1, address.start, address.end);
      cues.push({ field: 'address', text: address.address });
    }

    // Phone digits must not read as 12345 hotlines or error codes.
    let classText = body;
    for (const p of phones) classText = blank(classText, p.start, p.end);
    const product = matchProduct(body);
    // The time grammar runs at most once: for the classifier (does the message want a time?)
    // and for the appointment.
    let found: AppointmentResult | null | undefined;
    const appointmentOf = (): AppointmentResult | null => (found === undefined ? (found = extractAppointment(body, receivedAt, appointmentCues, blocked)) : found);
    const classification = classifier.classify(classText, {
      mentionsProduct: product !== null,
      givesContact: phones.length > 0 || address !== null,
      wantedTime: () => appointmentOf() !== null,
    });
    cues.push(...classification.cues);

    const name = names.find(body, blocked, phones);
    if (name) cues.push({ field: 'contactName', text: name.name });

    let appointment = null;
    if (classification.visitType && !classification.cancelled) {
      const wanted = appointmentOf();
      if (wanted) {
        appointment = wanted.appointment;
        cues.push({ field: 'appointment', text: wanted.text });
      }
    }

    let summary = body.replace(TAG_RE, ' ');
    for (const p of phones) summary = summary.replace(body.slice(p.start, p.end), ' ');
    summary = summary.replace(/\s+/g, ' ').trim();
    if (summary.length > summaryLength) summary = summary.slice(0, summaryLength - 1) + '…';

    return {
      intent: classification.intent,
      complaintLevel: classification.complaintLevel,
      visitType: classification.visitType,
      phone: phone?.phone ?? null,
      contactName: name?.name ?? null,
      address: address?.address ?? null,
      appointment,
      product,
      summary,
      cues,
    };
  };
}

/** The LABELS.md fields of a parse, every key present, null when absent. */
export function toLabelled(p: ParsedMessage): LabelledFields {
  return {
    intent: p.intent,
    complaintLevel: p.complaintLevel,
    visitType: p.visitType,
    phone: p.phone,
    contactName: p.contactName,
    address: p.address,
    appointment: p.appointment,
  };
}
