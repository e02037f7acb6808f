// The sandbox's DingTalk: the channel engineer's fake platform (oapi + api on one loopback
// port, on the sandbox clock) and simulator (signed HTTP callbacks as DingTalk sends them).
// People's messages go to the bot's /dingtalk/callback; what the fake delivered becomes bubbles.
import type { Clock } from '../lib/clock';
import { FakeDingtalkPlatform, type FakeDelivery } from '../channels/dingtalk/fake-platform';
import { DingtalkSimulator } from '../channels/dingtalk/simulator';
import { CALLBACK_PATH } from '../channels/dingtalk/inbound-http';
import { DEMO } from './sandbox-env';
import type { SandboxDirectory, SandboxPerson } from './directory';
import type { NewBubble } from './feed';
import { displayImage } from './images';

export interface DingtalkSide {
  readonly url: string;
  readonly fake: FakeDingtalkPlatform;
  /** Posts what `person` typed in a group to the bot; resolves with the bot's HTTP answer. */
  say(botUrl: string, chatId: string, title: string, person: SandboxPerson, text: string): Promise<{ status: number; body: string }>;
  /** Deliveries recorded since the last call, as bubbles. */
  drain(): NewBubble[];
  close(): Promise<void>;
}

export async function startDingtalkSide(opts: { clock: Clock; directory: SandboxDirectory; publicBaseUrl?: string }): Promise<DingtalkSide> {
  const { clock, directory } = opts;
  const robots = [directory.chats.staff.dingtalk, directory.chats.managers.dingtalk]
    .map((c) => c.robot)
    .filter((r): r is { accessToken: string; secret: string } => !!r && 'accessToken' in r);
  const fake = await FakeDingtalkPlatform.start({ clock, appKey: DEMO.dingtalk.appKey, appSecret: DEMO.dingtalk.appSecret, robotCode: DEMO.dingtalk.robotCode, robots });
  const simulator = new DingtalkSimulator({ platform: fake, appSecret: DEMO.dingtalk.appSecret, robotCode: DEMO.dingtalk.robotCode, clock });
  let seen = 0;

  const nameByMobile = new Map(directory.people.filter((p) => p.mobile).map((p) => [p.mobile!, p.name]));

  function toBubble(d: FakeDelivery): NewBubble {
    const at = new Date(d.at).toISOString();
    const mentionIds = [...d.atUserIds.map((id) => ({ handle: id, name: directory.nameOf('dingtalk', id) })), ...d.atMobiles.map((m) => ({ handle: m, name: nameByMobile.get(m) }))];
    // DingTalk shows a highlighted "@staffId" as "@name".
    let text = d.text;
    for (const m of mentionIds) if (m.name) text = text.split(`@${m.handle}`).join(`@${m.name}`);
    const { text: shown, image } = displayImage(text, opts.publicBaseUrl);
    const base = { platform: 'dingtalk' as const, from: { name: '工单助手', bot: true }, format: d.msgtype === 'text' || d.msgtype === 'sampleText' ? ('text' as const) : ('markdown' as const), ...(d.title ? { title: d.title } : {}), text: shown, mentions: mentionIds.map((m) => m.name ?? m.handle), ...(image ? { image } : {}), at };
    if (d.via === 'oto') {
      const ids = d.target.split(',');
      return { ...base, chat: 'direct', peer: ids.join(','), peerName: ids.map((id) => directory.nameOf('dingtalk', id) ?? id).join('、'), via: '单聊 (oToMessages/batchSend)' };
    }
    const chat = d.via === 'robot' ? [directory.chats.staff.dingtalk, directory.chats.managers.dingtalk].find((c) => c.robot && 'accessToken' in c.robot && c.robot.accessToken === d.target) : directory.chatByChatId('dingtalk', d.target);
    const via = d.via === 'robot' ? '自定义机器人 (robot/send)' : d.via === 'session' ? 'sessionWebhook' : '机器人 (groupMessages/send)';
    if (!chat) return { ...base, chat: 'direct', peer: d.target, peerName: d.target, via };
    return { ...base, chat: chat.key === 'customer' ? 'staff' : chat.key, via };
  }

  return {
    url: fake.url,
    fake,
    async say(botUrl, chatId, title, person, text) {
      const body = simulator.robotMessage({
        text,
        sender: { ...(person.dingtalkStaffId ? { staffId: person.dingtalkStaffId } : {}), nick: person.name },
        conversation: { type: 'group', id: chatId, title },
      });
      const res = await simulator.post(`${botUrl}${CALLBACK_PATH}`, body);
      return { status: res.status, body: await res.text() };
    },
    drain() {
      const fresh = fake.deliveries.slice(seen);
      seen = fake.deliveries.length;
      return fresh.map(toBubble);
    },
    close: () => fake.close(),
  };
}
