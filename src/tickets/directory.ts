// Who is who, and how to reach them, from the operator config: staff by their platform ids,
// the conversations by purpose, known customers (VIP), and destinations for notices.
import type { Destination, Platform } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';
import type { Conversation, KnownCustomer, Role, StaffMember } from '../config/directory-schema';

export interface Directory {
  staff(id: string): StaffMember | undefined;
  /** The staff member behind a platform sender id (sandbox senders use the staff id itself). */
  staffBySender(platform: Platform, senderId: string): StaffMember | undefined;
  /** A staff member named in text: "@张工", "张工", "zhang.engineer". */
  staffByName(text: string): StaffMember | undefined;
  withRole(role: Role): StaffMember[];
  has(staff: StaffMember, ...roles: Role[]): boolean;
  /** The staff member's id on a platform, for @-mentions and 1:1 sends. */
  platformId(staff: StaffMember, platform: Platform): string | null;
  mention(staff: StaffMember, platform: Platform): { userId: string; mobile?: string; name?: string } | null;
  /** A 1:1 destination, on `preferred` if the person is there, else on any running platform. */
  reachStaff(staff: StaffMember, preferred: Platform): Destination | null;
  /** A configured conversation of that purpose: its robot if it has one, else the group. */
  conversation(purpose: Conversation['purpose'], preferred: Platform): Destination | null;
  /** The configured conversation a platform chat id belongs to. */
  conversationByChat(platform: Platform, chatId: string): Conversation | undefined;
  knownCustomer(q: { phone?: string | null; platform?: Platform; senderId?: string | null }): KnownCustomer | undefined;
  /** Region names the assignment rules, staff and customers use. */
  regions(): string[];
  /** The catalogue name of a product id. */
  productName(id: string): string;
}

export function createDirectory(config: OperatorConfig, platforms: readonly Platform[]): Directory {
  const byId = new Map(config.staff.map((s) => [s.id, s]));
  const running = new Set(platforms);

  function platformId(s: StaffMember, platform: Platform): string | null {
    if (platform === 'wecom') return s.wecom?.userId ?? null;
    if (platform === 'dingtalk') return s.dingtalk?.staffId ?? null;
    return s.id;
  }

  function conversationDestination(c: Conversation): Destination {
    return c.robot ? { kind: 'robot', platform: c.platform, conversationId: c.id } : { kind: 'group', platform: c.platform, conversationId: c.chatId ?? c.id };
  }

  const regionNames = [...new Set([...config.assignment.rules.flatMap((r) => (r.region ? [r.region] : [])), ...config.staff.flatMap((s) => s.regions), ...config.customers.flatMap((c) => (c.region ? [c.region] : [])), ...config.conversations.flatMap((c) => (c.region ? [c.region] : []))])].sort((a, b) => b.length - a.length);

  return {
    staff: (id) => byId.get(id),
    staffBySender(platform, senderId) {
      return config.staff.find((s) => platformId(s, platform) === senderId);
    },
    staffByName(text) {
      const t = text.trim().replace(/^[@＠]/, '');
      if (!t) return undefined;
      return config.staff.find((s) => s.id === t || s.name === t || s.wecom?.userId === t || s.dingtalk?.staffId === t);
    },
    withRole: (role) => config.staff.filter((s) => s.roles.includes(role)),
    has: (s, ...roles) => roles.some((r) => s.roles.includes(r)),
    platformId,
    mention(s, platform) {
      const userId = platformId(s, platform);
      if (!userId) return null;
      return { userId, name: s.name, ...(s.mobile ? { mobile: s.mobile } : {}) };
    },
    reachStaff(s, preferred) {
      const order: Platform[] = [preferred, ...(['wecom', 'dingtalk', 'sandbox'] as const).filter((p) => p !== preferred)];
      for (const p of order) {
        if (!running.has(p)) continue;
        const id = platformId(s, p);
        if (id) return { kind: 'user', platform: p, userId: id };
      }
      return null;
    },
    conversation(purpose, preferred) {
      const candidates = config.conversations.filter((c) => c.purpose === purpose && running.has(c.platform));
      const c = candidates.find((x) => x.platform === preferred) ?? candidates[0];
      if (c) return conversationDestination(c);
      // The sandbox has no configured groups: one named after the purpose stands in.
      if (running.has('sandbox')) return { kind: 'group', platform: 'sandbox', conversationId: purpose };
      return null;
    },
    conversationByChat(platform, chatId) {
      return config.conversations.find((c) => c.platform === platform && (c.chatId === chatId || c.id === chatId));
    },
    knownCustomer({ phone, platform, senderId }) {
      return config.customers.find(
        (c) =>
          (phone && c.phone === phone) ||
          (senderId && platform === 'wecom' && c.wecomExternalUserId === senderId) ||
          (senderId && platform === 'dingtalk' && c.dingtalkUserId === senderId),
      );
    },
    regions: () => regionNames,
    productName: (id) => config.products.find((p) => p.id === id)?.name ?? id,
  };
}
