// WeCom's XML envelopes and decrypted messages, read as flat string maps. Numbers stay strings
// (MsgId is 64-bit and passes 2^53), DOCTYPEs are refused (no entity tricks), and anything that is
// not one well-formed <xml> element is a 400.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WebhookRejectedError } from '../../lib/errors';

const parser = new XMLParser({ parseTagValue: false, parseAttributeValue: false, ignoreAttributes: true, trimValues: true, processEntities: true, ignoreDeclaration: true });

export type XmlFields = Record<string, unknown>;

export function parseWecomXml(text: string, what: string): XmlFields {
  const bad = (why: string) => new WebhookRejectedError(`${what} is not valid WeCom XML: ${why}`, { status: 400, code: 'wecom_bad_xml' });
  const trimmed = text.trim();
  if (!trimmed) throw bad('empty body');
  if (/<!DOCTYPE|<!ENTITY/i.test(trimmed)) throw bad('DOCTYPE and entity declarations are not allowed');
  let doc: Record<string, unknown>;
  try {
    const valid = XMLValidator.validate(trimmed);
    if (valid !== true) throw bad(`${valid.err.msg} (line ${valid.err.line})`);
    doc = parser.parse(trimmed) as Record<string, unknown>;
  } catch (err) {
    // The parser throws plain Errors for what it will not read (e.g. more than 100 nested tags).
    if (err instanceof WebhookRejectedError) throw err;
    throw bad((err as Error).message);
  }
  const root = doc.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw bad('expected a single <xml> root element with child elements');
  return root as XmlFields;
}

/** A child element's text, or undefined when absent; a repeated element is malformed here. */
export function field(fields: XmlFields, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
