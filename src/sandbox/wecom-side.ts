// The sandbox's WeCom: the channel engineer's fake platform (on the sandbox clock) and simulator
// (encrypted, signed callbacks as WeCom sends them). A customer's message is queued on the fake
// for kf/sync_msg and announced with a kf_msg_or_event callback to /wecom/callback; a group
// message goes to /wecom/bot as a smart-robot callback with a fresh response_url. What the fake
// received (app messages, group robot posts, response_url answers, kf sends) becomes bubbles.
import type { Clock } from '../lib/clock';
import type { Database } from '../db/database';
import { KfStore } from '../channels/wecom/kf-store';
import { FakeWecom, type RecordedAppMessage, type RecordedKfMessage, type RecordedResponse, type RecordedRobotMessage } from '../channels/wecom/fake-platform';
import { WecomSimulator } from '../channels/wecom/simulator';
import { DEMO } from './sandbox-env';
import type { ChatKey, SandboxDirectory, SandboxPerson } from './directory';
import type { Feed, NewBubble } from './feed';
import { displayImage } from './images';

export const BOT_NAME = '工单助手';

export interface WecomSide {
  readonly url: string;
  readonly fake: FakeWecom;
  sayAsCustomer(botUrl: string, openKfId: string, person: SandboxPerson, text: string): Promise<{ status: number; body: string }>;
  sayInGroup(botUrl: string, chatId: string, person: SandboxPerson, text: string, quote?: string): Promise<{ status: number; body: string }>;
  drain(): NewBubble[];
  /** The bot's database: where its kf sync cursor from earlier runs is kept. */
  useDatabase(db: Database): void;
  close(): Promise<void>;
}

export async function startWecomSide(opts: { clock: Clock; directory: SandboxDirectory; feed: Feed; publicBaseUrl?: string }): Promise<WecomSide> {
  const { clock, directory, feed } = opts;
  const w = DEMO.wecom;
  const groups = [directory.chats.staff.wecom, directory.chats.managers.wecom];
  const robotKeys = groups.map((c) => (c.robot && 'webhookKey' in c.robot ? c.robot.webhookKey : null)).filter((k): k is string => !!k);
  const fake = await FakeWecom.start({
    corpId: w.corpId,
    agentId: Number(w.agentId),
    appSecret: w.secret,
    kfSecret: w.kfSecret,
    robotKeys,
    users: directory.people.flatMap((p) => (p.wecomUserId ? [p.wecomUserId] : [])),
    kfAccounts: [directory.chats.customer.chatId],
    clock,
  });

  const simulators = new Map<string, WecomSimulator>();
  const simulator = (botUrl: string) => {
    let s = simulators.get(botUrl);
    if (!s) {
      s = new WecomSimulator({ appUrl: botUrl, corpId: w.corpId, agentId: Number(w.agentId), token: w.token, encodingAesKey: w.encodingAesKey, botToken: w.botToken, botEncodingAesKey: w.botEncodingAesKey, clock });
      simulators.set(botUrl, s);
    }
    return s;
  };
  /** response_code → the group it was handed out in, so the answer lands in the right chat. */
  const responseChats = new Map<string, ChatKey>();
  const seen = { app: 0, robot: 0, responses: 0, kf: 0 };
  let kfStore: KfStore | null = null;
  const restored = new Map<string, Promise<void>>();

  /**
   * Real WeCom keeps a kf account's message history across our restarts; this fake starts empty
   * each run while the bot's sync cursor (in its database) points past what earlier runs saw. So
   * the fake is given that many earlier entries first — system events, which the bot skips —
   * and the next customer message sits just past the bot's cursor, as it would on WeCom.
   */
  function restoreHistory(openKfId: string): Promise<void> {
    let p = restored.get(openKfId);
    if (!p) {
      p = (async () => {
        const cursor = kfStore ? await kfStore.cursor(openKfId) : null;
        const earlier = Number(/^cur-(\d+)$/.exec(cursor ?? '')?.[1] ?? 0);
        for (let i = 0; i < earlier; i++) fake.pushKfItem({ open_kfid: openKfId, external_userid: '', origin: 4, msgtype: 'event', event: { event_type: 'sandbox_earlier_run' } });
      })();
      restored.set(openKfId, p);
    }
    return p;
  }

  const name = (userId: string) => directory.nameOf('wecom', userId) ?? userId;
  /** WeCom shows <@userid> in robot markdown as a highlighted @name. */
  const showMentions = (text: string) => text.replace(/<@([^>]+)>/g, (_, id: string) => `@${name(id)}`);
  const bot = { name: BOT_NAME, bot: true };
  const at = (ms: number) => new Date(ms).toISOString();

  function fromApp(m: RecordedAppMessage): NewBubble {
    return { platform: 'wecom', chat: 'direct', peer: m.touser, peerName: name(m.touser), from: bot, format: m.msgtype === 'markdown' ? 'markdown' : 'text', text: showMentions(m.content), mentions: [], via: '应用消息 (message/send)', at: at(m.at) };
  }

  function fromRobot(m: RecordedRobotMessage): NewBubble {
    const chat = groups.find((c) => c.robot && 'webhookKey' in c.robot && c.robot.webhookKey === m.key);
    const base = { platform: 'wecom' as const, from: bot, via: '群机器人 (webhook/send)', at: at(m.at), mentions: m.mentionedList.map((id) => (id === '@all' ? '所有人' : name(id))) };
    const where = chat ? { chat: chat.key } : { chat: 'direct' as const, peer: m.key, peerName: `群机器人 ${m.key}` };
    if (m.msgtype === 'image') {
      const png = Buffer.from(String(m.body.image?.base64 ?? ''), 'base64');
      return { ...base, ...where, format: 'text', text: '', image: feed.addImage(png) };
    }
    const shown = displayImage(showMentions(m.content), opts.publicBaseUrl);
    return { ...base, ...where, format: m.msgtype === 'markdown' ? 'markdown' : 'text', text: shown.text, ...(shown.image ? { image: shown.image } : {}) };
  }

  function fromResponse(m: RecordedResponse): NewBubble {
    const chat = responseChats.get(m.code) ?? 'staff';
    const shown = displayImage(showMentions(m.content), opts.publicBaseUrl);
    return { platform: 'wecom', chat, from: bot, format: m.body.msgtype === 'markdown' ? 'markdown' : 'text', text: shown.text, ...(shown.image ? { image: shown.image } : {}), mentions: [], via: '回复 (response_url)', at: at(m.at) };
  }

  function fromKf(m: RecordedKfMessage): NewBubble {
    return { platform: 'wecom', chat: 'customer', peer: m.touser, peerName: name(m.touser), from: bot, format: 'text', text: m.content, mentions: [], via: '微信客服 (kf/send_msg)', at: at(m.at) };
  }

  return {
    url: fake.url,
    fake,
    async sayAsCustomer(botUrl, openKfId, person, text) {
      await restoreHistory(openKfId);
      fake.pushKfMessage({ openKfId, externalUserId: person.externalUserId!, text });
      const sim = simulator(botUrl);
      return sim.deliver(sim.kfEvent({ openKfId, token: fake.kfCallbackToken(openKfId) }));
    },
    async sayInGroup(botUrl, chatId, person, text, quote) {
      const responseUrl = fake.newResponseUrl();
      const code = new URL(responseUrl).searchParams.get('response_code');
      const chat = directory.chatByChatId('wecom', chatId);
      if (code && chat) responseChats.set(code, chat.key);
      const sim = simulator(botUrl);
      // In a group, people @ the robot in front of what they say.
      return sim.deliver(sim.botText({ from: person.wecomUserId!, content: `@${BOT_NAME} ${text}`, chatId, responseUrl, aibotId: w.botId, ...(quote ? { quote } : {}) }));
    },
    drain() {
      const out: NewBubble[] = [];
      // Ordered by when the fake received them, across the four kinds of send.
      out.push(...fake.appMessages.slice(seen.app).map(fromApp));
      out.push(...fake.robotMessages.slice(seen.robot).map(fromRobot));
      out.push(...fake.responses.slice(seen.responses).map(fromResponse));
      out.push(...fake.kfMessages.slice(seen.kf).map(fromKf));
      seen.app = fake.appMessages.length;
      seen.robot = fake.robotMessages.length;
      seen.responses = fake.responses.length;
      seen.kf = fake.kfMessages.length;
      return out.sort((a, b) => a.at.localeCompare(b.at));
    },
    useDatabase(db) {
      kfStore = new KfStore({ db, clock });
    },
    close: () => fake.close(),
  };
}
