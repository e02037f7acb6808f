// Several reminders due to one person together go out as one message.
export interface Notice {
  /** A staff id, or 'group:<conversation id>'. */
  recipient: string;
  ticketCode: string;
  line: string;
  urgent: boolean;
}

export function groupIntoDigests(notices: Notice[]): { recipient: string; notices: Notice[] }[] {
  void notices;
  throw new Error('not implemented');
}
