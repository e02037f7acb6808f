// Ticket codes are the database's own auto-increment id offset into four digits ("#1024"):
// unique by construction however many instances insert at once, short enough to type in chat.
const CODE_OFFSET = 1000;

export function codeForId(id: number): string {
  return String(id + CODE_OFFSET);
}

/** Accepts "#1024", "＃1024", "1024" or "工单1024"; null if it is not a ticket code. */
export function normaliseCode(text: string): string | null {
  const m = /^\s*(?:工单)?\s*[#＃]?\s*(\d{4,10})\s*$/.exec(text);
  return m ? m[1]! : null;
}
