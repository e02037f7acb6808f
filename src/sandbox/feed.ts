// The sandbox's chat log: what people typed (as the sandbox posted it to the bot) and what the
// bot sent (as the fake platforms recorded it), as bubbles the page polls for. Bubbles keep
// the platform's own text (WeCom markdown, DingTalk markdown); the page renders it as text.
import type { ChatKey, SandboxPlatform } from './directory';

export interface Bubble {
  seq: number;
  platform: SandboxPlatform;
  /** direct: a 1:1 push from the bot (app message, work notification) to `peerName`. */
  chat: ChatKey | 'direct';
  /** Customer chat: the customer's external id (one thread each). Direct: the recipient's id. */
  peer?: string;
  peerName?: string;
  from: { name: string; bot: boolean };
  format: 'text' | 'markdown';
  title?: string;
  text: string;
  /** Names of people @-mentioned in a way the platform highlights. */
  mentions: string[];
  /** Same-origin URL of an image (the dashboard chart). */
  image?: string;
  /** The platform API that carried it, e.g. "kf/send_msg", "群机器人", "sessionWebhook". */
  via: string;
  /** On the sandbox clock. */
  at: string;
}

export type NewBubble = Omit<Bubble, 'seq'>;

const MAX_BUBBLES = 2000;
const MAX_IMAGES = 50;

export class Feed {
  private readonly bubbles: Bubble[] = [];
  private readonly images = new Map<string, Buffer>();
  private seq = 0;
  private imageSeq = 0;

  add(b: NewBubble): Bubble {
    const bubble = { ...b, seq: ++this.seq };
    this.bubbles.push(bubble);
    // A long-running sandbox keeps the recent past only; the page never needs more.
    if (this.bubbles.length > MAX_BUBBLES) this.bubbles.splice(0, this.bubbles.length - MAX_BUBBLES);
    return bubble;
  }

  /** Bubbles after `seq`, oldest first. */
  since(seq: number): Bubble[] {
    return this.bubbles.filter((b) => b.seq > seq);
  }

  get last(): number {
    return this.seq;
  }

  /** Keeps a PNG the bot sent (by value, e.g. WeCom's base64 image) and returns its page URL. */
  addImage(png: Buffer): string {
    const id = String(++this.imageSeq);
    this.images.set(id, png);
    if (this.images.size > MAX_IMAGES) this.images.delete(this.images.keys().next().value!);
    return `/sandbox/media/${id}.png`;
  }

  image(id: string): Buffer | undefined {
    return this.images.get(id);
  }
}
