// One send = one delivered platform call. Routing: a reply goes through the message's
// sessionWebhook while it is fresh, else the robot API; a group with @-mentions and a custom
// robot in the operator config goes through that robot (the API templates cannot @).
import type { OperatorConfig } from '../../config/operator-schema';
import type { Conversation } from '../../config/directory-schema';
import type { Clock } from '../../lib/clock';
import type { HttpClient } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { ChannelSendError, type Destination, type OutboundBody, type OutboundMessage, type SendReceipt } from '../channel';
import { postApi, postOapi } from './http-calls';
import { apiMarkdownParams, renderMarkdown, robotMarkdownBody } from './render';
import { signedRobotQuery } from './sign';
import type { TokenSource } from './token';

/** DingTalk allows 20 a minute per custom robot; one below leaves room for clock drift between instances. */
export const ROBOT_PER_MINUTE = 19;
/** Don't start a sessionWebhook call that may expire on the way. */
const SESSION_MARGIN_MS = 30_000;
const FLOW_CONTROL_RETRY_MS = 60_000;

export interface SenderDeps {
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  config: OperatorConfig;
  tokens: TokenSource;
  apiBase: string;
  oapiBase: string;
  robotCode: string;
}

type CustomRobot = { accessToken: string; secret: string };

export function createSender(deps: SenderDeps) {
  const { http, clock, config } = deps;

  function findConversation(idOrChatId: string): Conversation | undefined {
    const dingtalk = config.conversations.filter((c) => c.platform === 'dingtalk');
    return dingtalk.find((c) => c.chatId === idOrChatId) ?? dingtalk.find((c) => c.id === idOrChatId);
  }

  function robotOf(conv: Conversation | undefined): CustomRobot | null {
    return conv?.robot && 'accessToken' in conv.robot ? conv.robot : null;
  }

  async function viaCustomRobot(robot: CustomRobot, body: OutboundBody): Promise<SendReceipt> {
    const url = `${deps.oapiBase}/robot/send?${signedRobotQuery(robot.accessToken, robot.secret, clock.now().getTime())}`;
    await postOapi(http, url, robotMarkdownBody(renderMarkdown(body, { withAt: true })), 'DingTalk custom robot');
    return {};
  }

  async function viaGroupApi(openConversationId: string, body: OutboundBody): Promise<SendReceipt> {
    const res = await postApi<{ processQueryKey?: string }>(
      http,
      deps.tokens,
      `${deps.apiBase}/v1.0/robot/groupMessages/send`,
      { robotCode: deps.robotCode, openConversationId, ...apiMarkdownParams(renderMarkdown(body, { withAt: false })) },
      'DingTalk groupMessages/send',
    );
    return res.processQueryKey ? { platformMessageId: res.processQueryKey } : {};
  }

  async function viaOtoApi(userIds: string[], body: OutboundBody): Promise<SendReceipt> {
    const res = await postApi<{ processQueryKey?: string; invalidStaffIdList?: string[]; flowControlledStaffIdList?: string[] }>(
      http,
      deps.tokens,
      `${deps.apiBase}/v1.0/robot/oToMessages/batchSend`,
      { robotCode: deps.robotCode, userIds, ...apiMarkdownParams(renderMarkdown(body, { withAt: false })) },
      'DingTalk oToMessages/batchSend',
    );
    const invalid = res.invalidStaffIdList ?? [];
    const throttled = res.flowControlledStaffIdList ?? [];
    const reached = userIds.filter((u) => !invalid.includes(u) && !throttled.includes(u));
    if (!reached.length && throttled.length) {
      throw new ChannelSendError(`DingTalk batchSend: flow-controlled for ${throttled.join(', ')}`, 'retry', { retryAfterMs: FLOW_CONTROL_RETRY_MS, platformCode: 'flowControlled' });
    }
    if (!reached.length) {
      throw new ChannelSendError(`DingTalk batchSend: nobody reached, invalid staff ids ${invalid.join(', ')} (check staff[].dingtalk.staffId)`, 'drop', { platformCode: 'invalidStaffId' });
    }
    return {
      ...(res.processQueryKey ? { platformMessageId: res.processQueryKey } : {}),
      ...(invalid.length ? { invalid } : {}),
      ...(throttled.length ? { throttled } : {}),
    };
  }

  async function toGroup(conversationId: string, body: OutboundBody): Promise<SendReceipt> {
    const conv = findConversation(conversationId);
    const robot = robotOf(conv);
    if (robot && body.mentions?.length) return viaCustomRobot(robot, body);
    return viaGroupApi(conv?.chatId ?? conversationId, body);
  }

  async function reply(dest: Extract<Destination, { kind: 'reply' }>, body: OutboundBody): Promise<SendReceipt> {
    const ctx = dest.context ?? {};
    const webhook = typeof ctx.sessionWebhook === 'string' ? ctx.sessionWebhook : undefined;
    const expires = Number(ctx.sessionWebhookExpiredTime ?? 0);
    if (webhook && expires - SESSION_MARGIN_MS > clock.now().getTime()) {
      try {
        await postOapi(http, webhook, robotMarkdownBody(renderMarkdown(body, { withAt: true })), 'DingTalk sessionWebhook');
        return {};
      } catch (err) {
        // 300001 "session 不存在": the session ended early. Nothing was delivered, so the robot
        // API may carry this message without a duplicate.
        if (!(err instanceof ChannelSendError && err.opts.platformCode === 300001)) throw err;
        deps.logger.info({ conversationId: dest.conversation.id }, 'sessionWebhook gone; falling back to the robot API');
      }
    }
    if (dest.conversation.type === 'group') {
      // The robot API, never the custom robot: replies are not counted against its 20 a minute.
      return viaGroupApi(typeof ctx.conversationId === 'string' ? ctx.conversationId : dest.conversation.id, body);
    }
    const userId = typeof ctx.senderStaffId === 'string' ? ctx.senderStaffId : dest.conversation.id;
    return viaOtoApi([userId], body);
  }

  async function send(msg: OutboundMessage): Promise<SendReceipt> {
    const dest = msg.destination;
    switch (dest.kind) {
      case 'reply':
        return reply(dest, msg.body);
      case 'user':
        return viaOtoApi([dest.userId], msg.body);
      case 'group':
        return toGroup(dest.conversationId, msg.body);
      case 'robot': {
        const robot = robotOf(findConversation(dest.conversationId));
        if (!robot) throw new ChannelSendError(`no DingTalk custom robot configured for conversation "${dest.conversationId}" (conversations[].robot {accessToken, secret})`, 'fix_config');
        return viaCustomRobot(robot, msg.body);
      }
      case 'customer':
        throw new ChannelSendError('DingTalk has no customer-service destination; route customer messages through WeCom', 'drop');
    }
  }

  function rateLimit(dest: Destination): { key: string; perMinute: number } | null {
    // A group send uses its custom robot whenever it @s someone, so count every group send
    // against the robot: over-counting costs a little latency, under-counting a 10-minute silence.
    if (dest.kind !== 'robot' && dest.kind !== 'group') return null;
    const robot = robotOf(findConversation(dest.conversationId));
    return robot ? { key: `dingtalk-robot:${robot.accessToken}`, perMinute: ROBOT_PER_MINUTE } : null;
  }

  return { send, rateLimit };
}
