// Who can type in the sandbox and where: the people come from the operator config's demo
// directory (staff with their platform ids, customers), the three chats from its conversations.
import { ROLE_LABELS, type Conversation, type Role } from '../config/directory-schema';
import type { OperatorConfig } from '../config/operator-schema';
import { ConfigError } from '../lib/errors';

export type SandboxPlatform = 'wecom' | 'dingtalk';
export const SANDBOX_PLATFORMS: readonly SandboxPlatform[] = ['wecom', 'dingtalk'];
export type ChatKey = 'customer' | 'staff' | 'managers';

export interface SandboxPerson {
  /** Staff id from the config, or "customer:<external user id>". */
  id: string;
  name: string;
  kind: 'customer' | 'staff';
  roles: Role[];
  /** What the page shows beside the name, e.g. 客服 / 工程师 / VIP 客户. */
  label: string;
  wecomUserId?: string;
  dingtalkStaffId?: string;
  /** WeCom external_userid (customers write through WeCom Customer Service). */
  externalUserId?: string;
  mobile?: string;
}

export interface SandboxChat {
  key: ChatKey;
  platform: SandboxPlatform;
  title: string;
  /** WeCom chatid / DingTalk openConversationId / the kf open_kfid. */
  chatId: string;
  conversationId: string;
  robot?: Conversation['robot'];
}

export interface SandboxDirectory {
  company: string;
  people: SandboxPerson[];
  /** customer: WeCom 微信客服 on both switches (DingTalk has no customer-service product). */
  chats: { customer: SandboxChat; staff: Record<SandboxPlatform, SandboxChat>; managers: Record<SandboxPlatform, SandboxChat> };
  person(id: string): SandboxPerson | undefined;
  /** Display name for a platform user id (staff UserID / staffId, or a customer's external id). */
  nameOf(platform: SandboxPlatform, platformUserId: string): string | undefined;
  chatByChatId(platform: SandboxPlatform, chatId: string): SandboxChat | undefined;
}

export function buildDirectory(config: OperatorConfig): SandboxDirectory {
  const people: SandboxPerson[] = [];
  config.customers.forEach((c, i) => {
    // A configured customer without a WeCom id still gets one, so they can write in the sandbox.
    const externalUserId = c.wecomExternalUserId ?? `wmSandboxCustomer${i + 1}`;
    people.push({
      id: `customer:${externalUserId}`,
      name: c.name,
      kind: 'customer',
      roles: [],
      label: c.vip ? 'VIP 客户' : '客户',
      externalUserId,
      ...(c.phone ? { mobile: c.phone } : {}),
    });
  });
  // Someone the bot has never heard of: the usual first contact.
  people.push({ id: 'customer:wmSandboxNewCustomer', name: '新客户', kind: 'customer', roles: [], label: '客户', externalUserId: 'wmSandboxNewCustomer' });
  for (const s of config.staff) {
    people.push({
      id: s.id,
      name: s.name,
      kind: 'staff',
      roles: s.roles,
      label: s.roles.map((r) => ROLE_LABELS[r]).join('/'),
      ...(s.wecom ? { wecomUserId: s.wecom.userId } : {}),
      ...(s.dingtalk ? { dingtalkStaffId: s.dingtalk.staffId } : {}),
      ...(s.mobile ? { mobile: s.mobile } : {}),
    });
  }

  const pick = (platform: SandboxPlatform, purposes: Conversation['purpose'][], key: ChatKey): SandboxChat => {
    const conv = purposes.map((p) => config.conversations.find((c) => c.platform === platform && c.purpose === p)).find(Boolean);
    if (!conv?.chatId) {
      throw new ConfigError(`the sandbox needs a ${platform} conversation with purpose ${purposes.join(' or ')} and a chatId in the operator config`);
    }
    return { key, platform, title: conv.title, chatId: conv.chatId, conversationId: conv.id, ...(conv.robot ? { robot: conv.robot } : {}) };
  };
  const chats = {
    customer: pick('wecom', ['customer_service'], 'customer'),
    staff: { wecom: pick('wecom', ['intake', 'staff'], 'staff'), dingtalk: pick('dingtalk', ['intake', 'staff'], 'staff') },
    managers: { wecom: pick('wecom', ['managers'], 'managers'), dingtalk: pick('dingtalk', ['managers'], 'managers') },
  };

  const byPlatformId = new Map<string, string>();
  for (const p of people) {
    if (p.wecomUserId) byPlatformId.set(`wecom:${p.wecomUserId}`, p.name);
    if (p.dingtalkStaffId) byPlatformId.set(`dingtalk:${p.dingtalkStaffId}`, p.name);
    if (p.externalUserId) byPlatformId.set(`wecom:${p.externalUserId}`, p.name);
  }
  const all = [chats.customer, chats.staff.wecom, chats.staff.dingtalk, chats.managers.wecom, chats.managers.dingtalk];

  return {
    company: config.company.name,
    people,
    chats,
    person: (id) => people.find((p) => p.id === id),
    nameOf: (platform, uid) => byPlatformId.get(`${platform}:${uid}`),
    chatByChatId: (platform, chatId) => all.find((c) => c.platform === platform && c.chatId === chatId),
  };
}
