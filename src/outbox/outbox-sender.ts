// Sends what the outbox holds. Rows are claimed with a lease (several instances share the
// work), each destination's rate limit is taken from the shared slots, and every failure ends
// in a retry or a dead letter with someone told — never a silent drop. An alert that itself
// fails is only logged, so alerts cannot loop.
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Database } from '../db/database';
import { claimRows } from '../db/claim';
import { ChannelSendError, type Channel, type Destination, type SendDisposition } from '../channels/channel';
import { OutboxEntity, type OutboxRow } from '../db/entities/outbox.entity';
import { In, type QueryDeepPartialEntity } from 'typeorm';
import { boundedKey, decodeBody, destinationKey } from './codec';
import { plainExplain, type ExplainDestination } from './alert-text';
import { TicketEntity } from '../db/entities/ticket.entity';
import { chinaDateString, chinaDayOf } from '../sla/china-time';
import { createOutbox, type OutboxItem } from './outbox-store';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { createPassRunner } from '../lib/pass-runner';

export const ALERT_PREFIX = 'alert:';

/** Where failure alerts go: operators (managers' group robot) or staff (the intake group). */
export type AlertAudience = 'operators' | 'staff';
export type AlertDestinations = (audience: AlertAudience, platform: string) => Destination[];

export interface OutboxSenderOptions {
  db: Database;
  clock: Clock;
  channels: readonly Channel[];
  logger: Logger;
  owner: string;
  alertDestinations: AlertDestinations;
  maxAttempts?: number;
  leaseMs?: number;
  batchSize?: number;
  /** Names a destination and the setting to fix, for alerts (default: ids only). */
  explain?: ExplainDestination;
  /** Delay before attempt n+1 after n failed attempts. */
  backoffMs?: (attempts: number) => number;
}

export interface OutboxSender {
  /** One pass: claim due rows, send, settle. Resolves with the number of rows handled. */
  drain(): Promise<number>;
  kick(): void;
  idle(): Promise<void>;
}

export const defaultBackoff = (attempts: number) => Math.min(15 * 60_000, 5_000 * 4 ** Math.max(0, attempts - 1));

export function createOutboxSender(opts: OutboxSenderOptions): OutboxSender {
  const { db, clock, logger, owner } = opts;
  const maxAttempts = opts.maxAttempts ?? 6;
  const leaseMs = opts.leaseMs ?? 60_000;
  const batchSize = opts.batchSize ?? 20;
  const backoff = opts.backoffMs ?? defaultBackoff;
  const explain = opts.explain ?? plainExplain;
  const byPlatform = new Map(opts.channels.map((c) => [c.platform as string, c]));
  const limiter: RateLimiter = createRateLimiter(db);
  const outbox = createOutbox({ db, clock });
  const repo = () => db.ds.getRepository(OutboxEntity);

  const now = () => clock.now().getTime();

  async function settle(row: OutboxRow, patch: Partial<OutboxRow>, alerts: OutboxItem[] = []) {
    await db.transaction(async (em) => {
      const res = await em.getRepository(OutboxEntity).update({ id: row.id, claimedBy: owner }, { ...patch, claimedBy: null, claimedUntil: null } as QueryDeepPartialEntity<OutboxRow>);
      // Lost the lease to another instance: it owns the row now, and its outcome stands.
      if (!res.affected) return;
      if (alerts.length) await outbox.enqueueAll(alerts, em);
    });
  }

  /**
   * Operator alerts are about a setting or an outage, not about one message: one a day per
   * destination and kind of failure (every message to a broken robot fails the same way, and
   * the log has each of them). Staff alerts (drop) ask a person to reach someone, so each
   * message gets its own.
   */
  function alertItems(row: OutboxRow, audience: AlertAudience, title: string, lines: string[], onceADay: boolean): OutboxItem[] {
    if (row.idempotencyKey.startsWith(ALERT_PREFIX)) return [];
    const about = onceADay ? `${title}:${destinationKey(row.destination as Destination)}:${chinaDateString(chinaDayOf(now()))}` : row.idempotencyKey;
    return opts.alertDestinations(audience, row.platform).map((destination, i) => ({
      destination,
      body: { title, lines },
      idempotencyKey: boundedKey(`${ALERT_PREFIX}${audience}:${i}:${about}`),
      ticketId: row.ticketId,
    }));
  }

  async function ticketCode(row: OutboxRow): Promise<string | null> {
    if (row.ticketId === null) return null;
    const t = await db.ds.getRepository(TicketEntity).findOne({ where: { id: row.ticketId }, select: { id: true, code: true } });
    return t?.code ?? null;
  }

  async function deadLetter(row: OutboxRow, attempts: number, disposition: SendDisposition | 'exhausted', error: string, heldByPerson = false) {
    const body = decodeBody(row.body);
    const { where, fix } = explain(row.destination as Destination);
    const code = await ticketCode(row);
    const what = `${code ? `工单 #${code} 的` : ''}消息「${body.title}」`;
    const platformSaid = `平台返回：${error.slice(0, 300)}`;
    const isAlert = row.idempotencyKey.startsWith(ALERT_PREFIX);
    let alerts: OutboxItem[] = [];
    if (isAlert) {
      logger.error({ outboxId: row.id, key: row.idempotencyKey, platform: row.platform, disposition, error }, 'an operator alert could not be sent; it is only logged here');
    } else if (disposition === 'drop' && heldByPerson) {
      // A person is already talking with them in the kf console: the dead letter and the log say
      // what the bot held back; a chat alert would only interrupt that person.
      logger.info({ outboxId: row.id, key: row.idempotencyKey, platform: row.platform, error }, 'not sent: a person holds this conversation');
    } else if (disposition === 'drop') {
      logger.warn({ outboxId: row.id, key: row.idempotencyKey, platform: row.platform, error }, 'the platform refused this message for good; staff are told');
      const customer = (row.destination as Destination).kind === 'customer';
      alerts = alertItems(row, 'staff', `${where}没有收到消息`, [
        `${what}没有送达${where}。`,
        customer ? '请通过电话或客服后台联系客户（平台只允许在客户来信后的 48 小时内回复 5 条）。' : '请当面或电话转告。',
        platformSaid,
      ], false);
    } else if (disposition === 'fix_config') {
      logger.error({ outboxId: row.id, key: row.idempotencyKey, platform: row.platform, error }, 'message refused because of the configuration; fix it and the next messages will go out');
      alerts = alertItems(row, 'operators', `配置错误：发往${where}的消息被拒绝`, [`${what}没有送达。`, `请处理：${fix}`, platformSaid, '修好之前发往这里的消息都会失败；今天不再重复提醒，每一条都记在日志里。'], true);
    } else {
      logger.error({ outboxId: row.id, key: row.idempotencyKey, platform: row.platform, attempts, error }, 'message given up after the last attempt');
      alerts = alertItems(row, 'operators', `发往${where}的消息发送失败`, [`${what}重试 ${attempts} 次后仍未送达。`, '可能是平台故障或网络不通；请检查服务器能否访问平台接口。', platformSaid, '今天不再为这里的失败重复提醒，每一条都记在日志里。'], true);
    }
    await settle(row, { status: 'dead', attempts, lastError: `${disposition}: ${error}`.slice(0, 2000) }, alerts);
  }

  async function handle(row: OutboxRow): Promise<void> {
    const destination = row.destination as Destination;
    const channel = byPlatform.get(row.platform);
    if (!channel) {
      await deadLetter(row, row.attempts, 'fix_config', `no channel is configured for platform "${row.platform}"`);
      return;
    }
    const limit = channel.rateLimit?.(destination) ?? null;
    if (limit) {
      const slot = await limiter.take(limit.key, limit.perMinute, now(), row.id);
      if (!slot.ok) {
        // Waiting for a slot is not a failed attempt.
        await settle(row, { nextAttemptAt: slot.retryAt });
        return;
      }
    }
    const attempts = row.attempts + 1;
    try {
      const receipt = await channel.send({ destination, body: decodeBody(row.body), idempotencyKey: row.idempotencyKey });
      if (receipt.invalid?.length || receipt.throttled?.length) {
        logger.warn({ outboxId: row.id, invalid: receipt.invalid, throttled: receipt.throttled }, 'message sent, but some recipients were refused or throttled');
      }
      await settle(row, { status: 'sent', attempts, sentAt: now(), platformMessageId: receipt.platformMessageId ?? null, lastError: null });
    } catch (err) {
      const disposition: SendDisposition = err instanceof ChannelSendError ? err.disposition : 'retry';
      const message = err instanceof Error ? err.message : String(err);
      if (disposition === 'retry' && attempts < maxAttempts) {
        const retryAfter = err instanceof ChannelSendError ? (err.opts.retryAfterMs ?? 0) : 0;
        const wait = Math.max(backoff(attempts), retryAfter);
        logger.warn({ outboxId: row.id, key: row.idempotencyKey, attempts, retryInMs: wait, error: message }, 'send failed; will retry');
        await settle(row, { attempts, nextAttemptAt: now() + wait, lastError: message.slice(0, 2000) });
        return;
      }
      const heldByPerson = err instanceof ChannelSendError && err.opts.heldByPerson === true;
      await deadLetter(row, attempts, disposition === 'retry' ? 'exhausted' : disposition, message, heldByPerson);
    }
  }

  async function pass(): Promise<number> {
    let handled = 0;
    for (let rounds = 0; rounds < 50; rounds++) {
      const t = now();
      const ids = await claimRows(db, { table: 'outbox', where: "status = 'pending' AND next_attempt_at <= ?", params: [t], orderBy: 'next_attempt_at, id', limit: batchSize, owner, leaseMs, now: t });
      if (!ids.length) break;
      const rows = await repo().find({ where: { id: In(ids) }, order: { nextAttemptAt: 'ASC', id: 'ASC' } });
      for (const row of rows) {
        try {
          await handle(row);
        } catch (err) {
          // A database hiccup: the lease runs out and the row is tried again.
          logger.error({ err, outboxId: row.id }, 'outbox row could not be settled');
        }
        handled++;
      }
    }
    return handled;
  }

  return createPassRunner(pass, (err) => logger.error({ err }, 'outbox pass failed'));
}
