// Several reminders due to one person together go out as one message.
export interface Notice {
  /** A staff id, or 'group:<conversation id>'. */
  recipient: string;
  ticketCode: string;
  line: string;
  urgent: boolean;
}

/**
 * One digest per recipient, recipients in the order they first appear; inside a digest urgent
 * notices come first, otherwise the input order is kept. The same line about the same ticket to
 * the same recipient is sent once.
 */
export function groupIntoDigests(notices: Notice[]): { recipient: string; notices: Notice[] }[] {
  const byRecipient = new Map<string, { notices: Notice[]; index: Map<string, number> }>();
  for (const n of notices) {
    let g = byRecipient.get(n.recipient);
    if (!g) {
      g = { notices: [], index: new Map() };
      byRecipient.set(n.recipient, g);
    }
    const key = `${n.ticketCode}\u0000${n.line}`;
    const dup = g.index.get(key);
    if (dup !== undefined) {
      // Keep one copy, urgent if any copy was.
      if (n.urgent && !g.notices[dup]!.urgent) g.notices[dup] = n;
      continue;
    }
    g.index.set(key, g.notices.push(n) - 1);
  }
  return [...byRecipient].map(([recipient, g]) => ({
    recipient,
    notices: [...g.notices.filter((n) => n.urgent), ...g.notices.filter((n) => !n.urgent)],
  }));
}
