// A loopback DingTalk Stream gateway (platforms.md §7.1): a ws server that admits a socket only
// with a fresh ticket from /v1.0/gateway/connections/open, greets it with CONNECTED and
// REGISTERED, pings, pushes robot CALLBACK frames, redelivers frames not acknowledged in time
// (under a new frame id, the worst case for a client deduping on the wrong key), and can drop
// a connection with a `disconnect` frame so the client must come back with a new ticket.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';

interface Pending {
  key: number;
  frameId: string;
  data: string;
  deliveries: number;
  timer: NodeJS.Timeout | null;
}

export class FakeStreamGateway {
  wsUrl = '';
  /** Tickets presented by accepted connections, in order. */
  readonly ticketsUsed: string[] = [];
  /** Acknowledgements received: the frame id and the decoded data. */
  readonly acks: { frameId: string; data: unknown }[] = [];
  /** Every CALLBACK frame sent (first deliveries and redeliveries). */
  readonly framesSent: { frameId: string; msgId: string }[] = [];
  private readonly tickets = new Map<string, { type: string; topic: string }[]>();
  private readonly pending = new Map<number, Pending>();
  private nextKey = 1;
  private readonly pings = new Map<string, (echo: unknown) => void>();
  private socket: WebSocket | null = null;
  private subscriptions: { type: string; topic: string }[] = [];
  private acksToLose = 0;
  private waiters: (() => void)[] = [];
  private wss: WebSocketServer | null = null;

  constructor(private readonly opts: { redeliverAfterMs?: number } = {}) {}

  static async start(opts: { redeliverAfterMs?: number } = {}): Promise<FakeStreamGateway> {
    const g = new FakeStreamGateway(opts);
    await g.listen();
    return g;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    const wss = new WebSocketServer({ port, host });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', () => resolve());
      wss.once('error', reject);
    });
    this.wss = wss;
    this.wsUrl = `ws://${host}:${(wss.address() as AddressInfo).port}/connect`;
    wss.on('connection', (ws, req) => this.admit(ws, new URL(req.url ?? '/', 'ws://fake').searchParams.get('ticket') ?? ''));
  }

  get connected(): boolean {
    return this.socket !== null;
  }

  /** Called by the fake platform's connections/open: one ticket, good for one connection. */
  issueTicket(subscriptions: { type: string; topic: string }[]): string {
    const ticket = randomBytes(12).toString('hex');
    this.tickets.set(ticket, subscriptions);
    return ticket;
  }

  /** Resolves once `count` connections in total have been admitted. */
  async waitForConnections(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ticketsUsed.length < count || !this.socket) {
      if (Date.now() > deadline) throw new Error(`fake gateway: ${this.ticketsUsed.length} connection(s) after ${timeoutMs} ms, wanted ${count}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  private admit(ws: WebSocket, ticket: string): void {
    const subs = this.tickets.get(ticket);
    if (!subs) {
      ws.close(4001, 'invalid or used ticket');
      return;
    }
    this.tickets.delete(ticket);
    this.socket?.close(4000, 'replaced by a newer connection');
    this.socket = ws;
    this.subscriptions = subs;
    this.ticketsUsed.push(ticket);
    ws.on('message', (raw) => this.onUpstream(String(raw)));
    ws.on('close', () => {
      if (this.socket === ws) this.socket = null;
    });
    this.system('CONNECTED');
    this.system('REGISTERED');
    for (const p of this.pending.values()) this.push(p);
    for (const w of this.waiters.splice(0)) w();
  }

  private system(topic: string, data: unknown = {}): string {
    const messageId = randomBytes(8).toString('hex');
    this.socket?.send(JSON.stringify({ specVersion: '1.0', type: 'SYSTEM', headers: { topic, messageId, contentType: 'application/json', time: String(Date.now()) }, data: JSON.stringify(data) }));
    return messageId;
  }

  private onUpstream(raw: string): void {
    let frame: { code?: number; headers?: { messageId?: string; topic?: string }; data?: string };
    try {
      frame = JSON.parse(raw);
    } catch {
      return;
    }
    const id = frame.headers?.messageId ?? '';
    const ping = this.pings.get(id);
    if (ping) {
      this.pings.delete(id);
      ping(frame);
      return;
    }
    const entry = [...this.pending.values()].find((p) => p.frameId === id);
    if (!entry || frame.code !== 200) return;
    if (this.acksToLose > 0) {
      this.acksToLose--;
      return;
    }
    if (entry.timer) clearTimeout(entry.timer);
    this.pending.delete(entry.key);
    this.acks.push({ frameId: id, data: frame.data ? JSON.parse(frame.data) : null });
  }

  /** Pushes a robot message (the §6.2 JSON) until it is acknowledged; each call is a new push. */
  deliverRobotMessage(payload: Record<string, unknown>): void {
    const p: Pending = { key: this.nextKey++, frameId: '', data: JSON.stringify(payload), deliveries: 0, timer: null };
    this.pending.set(p.key, p);
    if (this.socket) this.push(p);
  }

  private push(p: Pending): void {
    if (!this.socket || !this.subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === ROBOT_TOPIC)) return;
    if (p.timer) clearTimeout(p.timer);
    p.frameId = randomBytes(8).toString('hex');
    p.deliveries++;
    const msgId = String((JSON.parse(p.data) as { msgId?: unknown }).msgId ?? '');
    this.framesSent.push({ frameId: p.frameId, msgId });
    this.socket.send(JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: { appId: 'fake-app', connectionId: 'fake-conn', contentType: 'application/json', messageId: p.frameId, time: String(Date.now()), topic: ROBOT_TOPIC },
      data: p.data,
    }));
    p.timer = setTimeout(() => {
      if (this.pending.get(p.key) === p) this.push(p);
    }, this.opts.redeliverAfterMs ?? 1_000);
  }

  /** The next `n` acknowledgements are lost on the way, so those frames come again. */
  loseAcks(n: number): void {
    this.acksToLose += n;
  }

  get unacknowledged(): number {
    return this.pending.size;
  }

  /** A SYSTEM ping; resolves with the client's echo. */
  ping(timeoutMs = 5_000): Promise<{ code?: number; data?: string }> {
    return new Promise((resolve, reject) => {
      const payload = { opaque: randomBytes(4).toString('hex') };
      const id = this.system('ping', payload);
      const t = setTimeout(() => reject(new Error('fake gateway: no ping echo')), timeoutMs);
      this.pings.set(id, (echo) => {
        clearTimeout(t);
        resolve(echo as { code?: number; data?: string });
      });
    });
  }

  /** The link goes dead without a close (half-open TCP): nothing is read or answered, not even pings. */
  freeze(): void {
    const raw = (this.socket as unknown as { _socket?: { pause(): void } } | null)?._socket;
    raw?.pause();
    this.socket = null;
  }

  /** Tells the client to go, then closes its socket: it must reconnect with a new ticket. */
  disconnect(): void {
    const ws = this.socket;
    if (!ws) return;
    this.system('disconnect', { reason: 'server maintenance' });
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    setTimeout(() => ws.close(1000, 'disconnect'), 20);
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
    this.pending.clear();
    const wss = this.wss;
    this.wss = null;
    if (!wss) return;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
  }
}
