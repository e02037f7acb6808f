// What a failed delivery's alert says: whom the message was for, by the name people know them
// by, and which setting to fix — in Chinese, for the operator reading it on a phone.
import type { Destination } from '../channels/channel';
import type { OperatorConfig } from '../config/operator-schema';

export interface DestinationExplained {
  /** "群「售后服务群」", "员工「张工」", "客户 wmA". */
  where: string;
  /** The setting to check when the platform refuses the destination for good. */
  fix: string;
}

export type ExplainDestination = (d: Destination) => DestinationExplained;

/** Without the operator config: ids only. */
export const plainExplain: ExplainDestination = (d) => {
  switch (d.kind) {
    case 'user':
      return { where: `员工 ${d.userId}`, fix: '检查员工名录里的平台账号，以及该成员是否在应用可见范围内。' };
    case 'group':
    case 'robot':
      return { where: `群 ${d.conversationId}`, fix: '检查运营配置 conversations 中该群的机器人设置。' };
    case 'customer':
      return { where: `客户 ${d.customerId}`, fix: '检查微信客服的应用凭据和客服账号授权。' };
    case 'reply':
      return { where: `「${d.conversation.title ?? d.conversation.id}」`, fix: '检查应用凭据（WECOM_* / DINGTALK_* 环境变量）。' };
  }
};

export function explainWith(config: OperatorConfig): ExplainDestination {
  return (d) => {
    const plain = plainExplain(d);
    if (d.kind === 'robot' || d.kind === 'group') {
      const c = config.conversations.find((x) => x.platform === d.platform && (x.id === d.conversationId || x.chatId === d.conversationId));
      if (!c) return plain;
      const where = `群「${c.title ?? c.id}」`;
      if (d.kind === 'group') return { where, fix: `检查运营配置 conversations 中「${c.id}」的 chatId，以及应用是否还在这个群里。` };
      return {
        where,
        fix: d.platform === 'dingtalk'
          ? `检查运营配置 conversations 中「${c.id}」的 robot.accessToken 和 robot.secret（机器人是否被移出群、加签密钥、关键词或 IP 白名单）。`
          : `检查运营配置 conversations 中「${c.id}」的 robot.webhookKey（机器人是否被移出群，或 Webhook 地址已重置）。`,
      };
    }
    if (d.kind === 'user') {
      const s = config.staff.find((x) => (d.platform === 'wecom' ? x.wecom?.userId : d.platform === 'dingtalk' ? x.dingtalk?.staffId : x.id) === d.userId);
      if (!s) return plain;
      const field = d.platform === 'wecom' ? 'wecom.userId' : 'dingtalk.staffId';
      return { where: `员工「${s.name}」`, fix: `检查员工名录中「${s.name}」（${s.id}）的 ${field}，以及该成员是否在应用可见范围内。` };
    }
    return plain;
  };
}
