// What the sandbox page can do, over the real runtime: type as someone (a signed callback to
// the bot's own webhook), read what the fake platforms received, list tickets with their SLA
// deadlines, move the clock and let the scheduler and outbox catch up, post the dashboard.
import { In } from 'typeorm';
import type { OffsetClock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Database } from '../db/database';
import { TicketDeadlineEntity } from '../db/entities/ticket-deadline.entity';
import type { TicketStore } from '../tickets/ticket-store';
import { KIND_LABELS, STATUS_LABELS } from '../tickets/state-machine';
import { ValidationError } from '../lib/errors';
import type { ChatKey, SandboxDirectory, SandboxPlatform } from './directory';
import type { Feed } from './feed';
import type { DingtalkSide } from './dingtalk-side';
import type { WecomSide } from './wecom-side';

/** The runtime's moving parts the sandbox nudges; absent ones are simply not run. */
export interface SandboxHooks {
  /** Wait until the inbox processor has handled what was recorded. */
  settleInbox(): Promise<void>;
  /** One scheduler pass: due timers fire (escalations, reminders, the dashboard cron). */
  tick?(): Promise<unknown>;
  /** One outbox pass: queued messages go to the platforms now instead of at the next poll. */
  drainOutbox?(): Promise<unknown>;
  /** Post the daily dashboard (text and chart) to the managers' group of a platform. */
  postDashboard?(platform: SandboxPlatform): Promise<unknown>;
}

export interface SandboxServiceDeps {
  clock: OffsetClock;
  directory: SandboxDirectory;
  feed: Feed;
  wecom: WecomSide;
  dingtalk: DingtalkSide;
  db: Database;
  tickets: TicketStore;
  hooks: SandboxHooks;
  logger: Logger;
  staffName(id: string): string | undefined;
}

export interface SayInput {
  platform: SandboxPlatform;
  chat: ChatKey;
  as: string;
  text: string;
  quote?: string;
  botUrl: string;
}

export const DEADLINE_LABELS: Record<string, string> = {
  first_response: '首次响应',
  resolution: '解决',
  dispatch: '派单',
  contact: '联系客户',
  arrival: '上门',
  report: '服务报告',
  follow_up: '回访',
};

export type SandboxService = ReturnType<typeof createSandboxService>;

export function createSandboxService(deps: SandboxServiceDeps) {
  const { clock, directory, feed, wecom, dingtalk, hooks, logger } = deps;
  const now = () => clock.now();

  function collect(): void {
    for (const b of [...wecom.drain(), ...dingtalk.drain()]) feed.add(b);
  }

  /** After something happened: let the bot handle it and send what it queued, then gather. */
  async function settle(): Promise<void> {
    try {
      await hooks.settleInbox();
      await hooks.drainOutbox?.();
      // Handling a message can queue more (a card, then a customer notice): one more pass.
      await hooks.settleInbox();
      await hooks.drainOutbox?.();
    } catch (err) {
      logger.warn({ err }, 'sandbox: settling after an action failed; the bot retries on its own schedule');
    }
    collect();
  }

  return {
    state() {
      const c = directory.chats;
      return {
        company: directory.company,
        now: now().toISOString(),
        offsetMs: clock.offset,
        people: directory.people.map((p) => ({ id: p.id, name: p.name, kind: p.kind, label: p.label })),
        chats: {
          customer: { title: c.customer.title, platform: c.customer.platform },
          staff: { wecom: { title: c.staff.wecom.title }, dingtalk: { title: c.staff.dingtalk.title } },
          managers: { wecom: { title: c.managers.wecom.title }, dingtalk: { title: c.managers.dingtalk.title } },
        },
        dashboardButton: !!hooks.postDashboard,
      };
    },

    async feed(after: number) {
      collect();
      return { now: now().toISOString(), offsetMs: clock.offset, last: feed.last, bubbles: feed.since(after) };
    },

    async say(input: SayInput) {
      const person = directory.person(input.as);
      if (!person) throw new ValidationError(`as: nobody called "${input.as}" in the demo directory`);
      if (input.chat === 'customer' && person.kind !== 'customer') throw new ValidationError('only a customer writes in the customer-service chat; pick a customer');
      if (input.chat !== 'customer' && person.kind !== 'staff') throw new ValidationError('customers write in the customer-service chat; pick a member of staff for the groups');
      if (input.chat !== 'customer' && input.platform === 'dingtalk' && !person.dingtalkStaffId) throw new ValidationError(`${person.name} has no DingTalk staffId in the directory`);
      if (input.chat !== 'customer' && input.platform === 'wecom' && !person.wecomUserId) throw new ValidationError(`${person.name} has no WeCom userId in the directory`);

      const platform: SandboxPlatform = input.chat === 'customer' ? 'wecom' : input.platform;
      feed.add({
        platform,
        chat: input.chat,
        ...(input.chat === 'customer' ? { peer: person.externalUserId!, peerName: person.name } : {}),
        from: { name: person.name, bot: false },
        format: 'text',
        text: input.text,
        mentions: [],
        via: 'you',
        at: now().toISOString(),
      });

      let answer: { status: number; body: string };
      if (input.chat === 'customer') {
        answer = await wecom.sayAsCustomer(input.botUrl, directory.chats.customer.chatId, person, input.text);
      } else {
        const chat = directory.chats[input.chat][platform];
        answer = platform === 'wecom' ? await wecom.sayInGroup(input.botUrl, chat.chatId, person, input.text, input.quote) : await dingtalk.say(input.botUrl, chat.chatId, chat.title, person, input.text);
      }
      const accepted = answer.status >= 200 && answer.status < 300;
      if (!accepted) logger.warn({ status: answer.status, answer: answer.body.slice(0, 300) }, 'sandbox: the bot refused a simulated callback');
      await settle();
      return { accepted, status: answer.status, ...(accepted ? {} : { answer: answer.body.slice(0, 500) }), last: feed.last };
    },

    async tickets() {
      const rows = await deps.tickets.list({ limit: 30 });
      const ids = rows.map((t) => t.id);
      const deadlines = ids.length ? await deps.db.ds.getRepository(TicketDeadlineEntity).find({ where: { ticketId: In(ids) } }) : [];
      const nowMs = now().getTime();
      return {
        now: now().toISOString(),
        tickets: rows.map((t) => ({
          code: t.code,
          kind: t.kind,
          kindLabel: KIND_LABELS[t.kind],
          status: t.status,
          statusLabel: STATUS_LABELS[t.status],
          summary: t.summary,
          level: t.complaintLevel,
          vip: t.vip,
          customer: t.customerName,
          assignee: t.assigneeId ? (deps.staffName(t.assigneeId) ?? t.assigneeId) : null,
          createdAt: new Date(t.createdAt).toISOString(),
          deadlines: deadlines
            .filter((d) => d.ticketId === t.id)
            .sort((a, b) => a.dueAt - b.dueAt)
            .map((d) => ({
              name: d.name,
              label: DEADLINE_LABELS[d.name] ?? d.name,
              dueAt: new Date(d.dueAt).toISOString(),
              metAt: d.metAt === null ? null : new Date(d.metAt).toISOString(),
              state: d.metAt !== null ? (d.metAt <= d.dueAt ? 'met' : 'met_late') : d.breachedAt !== null || d.dueAt < nowMs ? 'breached' : 'due',
            })),
        })),
      };
    },

    async advanceClock(minutes: number) {
      const before = now().toISOString();
      clock.advance(minutes * 60_000);
      logger.info({ minutes, now: now().toISOString() }, 'sandbox: clock moved forward');
      try {
        await hooks.tick?.();
      } catch (err) {
        logger.warn({ err }, 'sandbox: scheduler tick after the clock moved failed');
      }
      await settle();
      return { before, now: now().toISOString(), offsetMs: clock.offset, last: feed.last };
    },

    async postDashboard(platform: SandboxPlatform, _botUrl: string) {
      if (!hooks.postDashboard) throw new ValidationError('the daily dashboard is not available in this build; type 日报 in the managers\' group');
      await hooks.postDashboard(platform);
      await settle();
      return { posted: true, last: feed.last };
    },

    image: (id: string) => feed.image(id),
  };
}
