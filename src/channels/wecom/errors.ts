// WeCom answers HTTP 200 with a non-zero errcode on failure (platforms.md, general conventions).
// Every code the outbox can meet is sorted into retry later, fix the configuration, or drop.
import { ChannelSendError } from '../channel';
import { HttpTransportError } from '../../lib/http-client';

export class WecomApiError extends Error {
  constructor(
    readonly path: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeCom ${path} failed: errcode ${errcode} ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

/** Token problems that a fresh access_token cures (wechatpy also refreshes on 40001). */
export const TOKEN_INVALID_CODES = new Set([40001, 40014, 42001]);

const RETRY: Record<number, { why: string; afterMs?: number }> = {
  [-1]: { why: 'WeCom system busy', afterMs: 5_000 },
  45009: { why: 'rate limited (api freq out of limit), backing off', afterMs: 60_000 },
  45011: { why: 'API minute limit reached', afterMs: 60_000 },
  45033: { why: 'too many concurrent calls', afterMs: 5_000 },
  40001: { why: 'access token still refused after a refresh', afterMs: 30_000 },
  40014: { why: 'access token still refused after a refresh', afterMs: 30_000 },
  42001: { why: 'access token still expired after a refresh', afterMs: 30_000 },
};

const FIX_CONFIG: Record<number, string> = {
  93000: 'group robot webhook key is wrong or the robot was removed from the group',
  40013: 'WECOM_CORP_ID is not a valid CorpID',
  40091: 'the app secret is invalid',
  41004: 'the app secret is missing',
  60020: 'this server\'s IP is not in the app\'s trusted IP list (企业可信IP)',
  48001: 'the app is not authorized for this API',
  48002: 'this API is forbidden for the app (check its permissions)',
  60011: 'the app has no privilege for this member or department',
  40056: 'WECOM_AGENT_ID does not match the app',
  301002: 'the app has no permission to send to this member',
  95000: 'the open_kfid is not a Customer Service account of this corp',
  95004: 'the open_kfid is invalid',
  95017: 'the Customer Service API switch is off for this account (微信客服 → API)',
  95011: 'the Customer Service account is not managed by this app',
};

const DROP: Record<number, string> = {
  45002: 'content too long',
  44004: 'empty content',
  40008: 'invalid message type',
  40058: 'invalid parameter',
  40003: 'invalid UserID',
  81013: 'no valid recipient',
  95001: 'the 5-message budget since the customer\'s last message is used up',
  95002: 'the 48-hour window since the customer\'s last message has passed',
  95018: 'the session state does not allow the bot to send',
};

/** Turns anything a WeCom call threw into the error the outbox understands. */
export function classifySendError(err: unknown, context: string): ChannelSendError {
  if (err instanceof ChannelSendError) return err;
  if (err instanceof WecomApiError) {
    const code = err.errcode;
    const retry = RETRY[code];
    if (retry) return new ChannelSendError(`${context}: ${retry.why} (errcode ${code} ${err.errmsg})`, 'retry', { platformCode: code, retryAfterMs: retry.afterMs });
    const fix = FIX_CONFIG[code];
    if (fix) return new ChannelSendError(`${context}: ${fix} (errcode ${code} ${err.errmsg})`, 'fix_config', { platformCode: code });
    const drop = DROP[code];
    if (drop) return new ChannelSendError(`${context}: ${drop} (errcode ${code} ${err.errmsg})`, 'drop', { platformCode: code });
    // An unknown code is more likely transient than permanent; the outbox caps the attempts.
    return new ChannelSendError(`${context}: unexpected WeCom errcode ${code} ${err.errmsg}`, 'retry', { platformCode: code, retryAfterMs: 60_000 });
  }
  if (err instanceof HttpTransportError) return new ChannelSendError(`${context}: ${err.message}`, 'retry', { retryAfterMs: 10_000 });
  if (err instanceof WecomHttpStatusError) {
    return err.status >= 500 || err.status === 429
      ? new ChannelSendError(`${context}: ${err.message}`, 'retry', { retryAfterMs: 30_000 })
      : new ChannelSendError(`${context}: ${err.message}`, 'fix_config', { platformCode: err.status });
  }
  return new ChannelSendError(`${context}: ${err instanceof Error ? err.message : String(err)}`, 'retry', { retryAfterMs: 30_000 });
}

export class WecomHttpStatusError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
  ) {
    super(`WeCom ${path} answered HTTP ${status}`);
    this.name = 'WecomHttpStatusError';
  }
}
