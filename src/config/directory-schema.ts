// Who is who and where: staff with roles and platform ids, conversations and their purpose,
// known customers (VIP) and the product catalogue.
import { z } from 'zod';

export const ROLES = ['agent', 'dispatcher', 'engineer', 'sales', 'manager', 'executive', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** How chat text names each role. */
export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  agent: '客服',
  dispatcher: '调度',
  engineer: '工程师',
  sales: '销售',
  manager: '经理',
  executive: '分管领导',
  admin: '管理员',
};

export const PLATFORMS = ['wecom', 'dingtalk', 'sandbox'] as const;
export type Platform = (typeof PLATFORMS)[number];

const id = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected an id of letters, digits, ".", "_" or "-" (at most 64)');
const mobile = z.string().regex(/^1[3-9]\d{9}$/, 'expected an 11-digit mainland mobile number');

export const staffSchema = z.strictObject({
  id,
  name: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1, 'expected at least one role'),
  mobile: mobile.optional(),
  wecom: z.strictObject({ userId: z.string().min(1) }).optional(),
  dingtalk: z.strictObject({ staffId: z.string().min(1) }).optional(),
  managerId: id.optional(),
  regions: z.array(z.string().min(1)).default([]),
  skills: z.array(z.string().min(1)).default([]),
  products: z.array(z.string().min(1)).default([]),
  onDuty: z.boolean().default(true),
});
export type StaffMember = z.output<typeof staffSchema>;

export const CONVERSATION_PURPOSES = ['intake', 'staff', 'managers', 'region', 'customer_service'] as const;

const wecomRobot = z.strictObject({ webhookKey: z.string().min(1) });
const dingtalkRobot = z.strictObject({
  accessToken: z.string().min(1),
  secret: z.string().regex(/^SEC/, 'expected the custom robot\'s signing secret, which starts with "SEC"'),
});

export const conversationSchema = z
  .strictObject({
    id,
    platform: z.enum(PLATFORMS),
    purpose: z.enum(CONVERSATION_PURPOSES),
    title: z.string().min(1),
    /** WeCom smart-robot chatid, DingTalk openConversationId, or the kf open_kfid. */
    chatId: z.string().min(1).optional(),
    region: z.string().min(1).optional(),
    robot: z.union([wecomRobot, dingtalkRobot]).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.robot && c.platform === 'wecom' && !('webhookKey' in c.robot)) {
      ctx.addIssue({ code: 'custom', path: ['robot'], message: 'a WeCom group robot needs webhookKey (the key= of its webhook URL)' });
    }
    if (c.robot && c.platform === 'dingtalk' && !('accessToken' in c.robot)) {
      ctx.addIssue({ code: 'custom', path: ['robot'], message: 'a DingTalk custom robot needs accessToken and secret' });
    }
  });
export type Conversation = z.output<typeof conversationSchema>;

export const customerSchema = z.strictObject({
  name: z.string().min(1),
  phone: z.string().regex(/^\d{7,15}$/, 'expected digits only, e.g. 13800138000 or 057188886666').optional(),
  wecomExternalUserId: z.string().min(1).optional(),
  dingtalkUserId: z.string().min(1).optional(),
  vip: z.boolean().default(false),
  region: z.string().optional(),
  note: z.string().optional(),
});
export type KnownCustomer = z.output<typeof customerSchema>;

export const productSchema = z.strictObject({
  id,
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  skill: z.string().min(1).optional(),
});
export type Product = z.output<typeof productSchema>;
