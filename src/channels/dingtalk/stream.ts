// Stream mode (platforms.md §7): the dingtalk-stream SDK behind our own small interface. The SDK
// hard-codes the gateway URL, so we subclass DWClient and open the connection ourselves from
// DINGTALK_API_BASE through the injected HttpClient; the sandbox and tests point it at a fake.
import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { HttpClient } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';

/** Receives robot callbacks; the frame is acknowledged when onMessage resolves. */
export interface StreamClient {
  start(onMessage: (data: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface SdkStreamOptions {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  http: HttpClient;
  logger: Logger;
  /** How often the socket must answer a ws ping (default 20 s). */
  livenessMs?: number;
}

/** A socket that answers no ws ping within this long is presumed dead (half-open TCP). */
const LIVENESS_INTERVAL_MS = 20_000;

type SdkInternals = { socket?: { readyState: number; ping(): void; terminate(): void }; isAlive: boolean; dw_url: string };

class GatewayClient extends DWClient {
  stopped = false;
  private liveness: NodeJS.Timeout | null = null;

  constructor(private readonly opts: SdkStreamOptions) {
    // The SDK's keepAlive stays off: it starts a new heartbeat interval on every reconnect
    // without clearing the old one, and overlapping timers can terminate a healthy socket.
    // watchLiveness() is the one timer doing that job.
    super({ clientId: opts.clientId, clientSecret: opts.clientSecret, keepAlive: false });
  }

  /** Pings the current socket; the SDK's pong handler marks it alive, silence terminates it
   *  and the SDK's close handler reconnects with a fresh ticket. */
  watchLiveness(): void {
    const self = this as unknown as SdkInternals;
    self.isAlive = true;
    this.liveness = setInterval(() => {
      const socket = self.socket;
      if (!socket || socket.readyState !== 1) return;
      if (!self.isAlive) {
        this.opts.logger.warn('DingTalk Stream: no pong from the gateway; reconnecting');
        socket.terminate();
        self.isAlive = true;
        return;
      }
      self.isAlive = false;
      socket.ping();
    }, this.opts.livenessMs ?? LIVENESS_INTERVAL_MS);
    this.liveness.unref();
  }

  stopLiveness(): void {
    if (this.liveness) clearInterval(this.liveness);
    this.liveness = null;
  }

  /** Every (re)connect asks for a fresh ticket, as the gateway requires. */
  override async getEndpoint(): Promise<this> {
    if (this.stopped) throw new Error('stream client stopped');
    const url = `${this.opts.apiBase}/v1.0/gateway/connections/open`;
    const config = this.getConfig();
    try {
      const res = await this.opts.http.request({
        method: 'POST',
        url,
        // Without Accept the gateway may answer in XML.
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ clientId: config.clientId, clientSecret: config.clientSecret, ua: config.ua ?? '', subscriptions: config.subscriptions }),
      });
      const json = JSON.parse(res.body) as { endpoint?: string; ticket?: string; code?: string; message?: string };
      if (res.status >= 300 || !json.endpoint || !json.ticket) {
        throw new Error(`HTTP ${res.status} ${json.code ?? ''} ${json.message ?? 'no endpoint or ticket'}`.trim());
      }
      // dw_url is TS-private in the SDK; _connect() reads it.
      (this as unknown as SdkInternals).dw_url = `${json.endpoint}?ticket=${encodeURIComponent(json.ticket)}`;
      return this;
    } catch (err) {
      this.opts.logger.warn({ err }, 'DingTalk Stream: opening a connection failed; the SDK retries');
      throw err;
    }
  }
}

export function createSdkStreamClient(opts: SdkStreamOptions): StreamClient {
  let client: GatewayClient | null = null;
  return {
    async start(onMessage) {
      const c = new GatewayClient(opts);
      client = c;
      c.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
        const frameId = frame.headers.messageId;
        // Recording takes milliseconds; acknowledging after it means a crash or a database
        // failure leaves the frame un-acked, so DingTalk redelivers it instead of losing it.
        onMessage(frame.data).then(
          () => {
            if (!c.stopped) c.socketCallBackResponse(frameId, {});
          },
          (err: unknown) => opts.logger.error({ err, frameId }, 'DingTalk Stream: recording a message failed; leaving it un-acked for redelivery'),
        );
      });
      c.watchLiveness();
      await c.connect();
    },
    async stop() {
      if (!client) return;
      client.stopped = true;
      client.stopLiveness();
      client.disconnect();
      client = null;
    },
  };
}
