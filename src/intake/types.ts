// The shapes the message parser returns. The first eight fields are exactly the contract in
// shared/corpus/LABELS.md; the rest are extras the ticket flow uses. Changing a field's meaning
// here changes the CLI's output and the tickets it creates, so keep it stable.

export type Intent = 'complaint' | 'visit' | 'inquiry' | 'other';
export type ComplaintLevel = 1 | 2 | 3;
export type VisitType = 'install' | 'repair' | 'maintenance' | 'inspection';

/** A wanted or agreed visit time, in China Standard Time. */
export interface Appointment {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm, or null when only an end (X点前) or no time is given. */
  start: string | null;
  /** HH:mm, or null when only a start (X点后, 下午3点) or no time is given. */
  end: string | null;
}

/** A product from the catalogue that the message mentions. */
export interface ProductMatch {
  id: string;
  name: string;
  /** The words of the message that matched. */
  matched: string;
}

/** Why a field got its value: the field, and the words of the message behind it. */
export interface Cue {
  field: 'intent' | 'complaintLevel' | 'visitType' | 'appointment' | 'contactName' | 'phone' | 'address';
  text: string;
}

/** What one chat message says, as far as a ticket is concerned. */
export interface ParsedMessage {
  intent: Intent;
  /** Only for complaints: 3 taken outside already, 2 repeat or threat, 1 otherwise. */
  complaintLevel: ComplaintLevel | null;
  /** Set whenever on-site work is asked for, whatever the intent. */
  visitType: VisitType | null;
  /** Digits only: 11-digit mobile, or landline with area code. */
  phone: string | null;
  /** The customer's name or form of address as written (王先生, 刘建国); never our staff. */
  contactName: string | null;
  /** The site as written, from its largest unit to its most specific. */
  address: string | null;
  appointment: Appointment | null;
  /** The first catalogue product mentioned, if a catalogue was given. */
  product: ProductMatch | null;
  /** The message, cleaned of mentions, tags and phone numbers, cut to a ticket-title length. */
  summary: string;
  /** The words that decided each field, for the ticket's audit trail and for debugging. */
  cues: Cue[];
}

/** One line of the LABELS.md output: the contract fields only. */
export type LabelledFields = Pick<
  ParsedMessage,
  'intent' | 'complaintLevel' | 'visitType' | 'phone' | 'contactName' | 'address' | 'appointment'
>;

export type Parse = (text: string, receivedAt: Date) => ParsedMessage;
