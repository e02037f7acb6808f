// The WeCom channel: the self-built app callback (staff 1:1 and Customer Service events), the
// smart robot callback (group @-messages), and the send paths. Built from the environment.
import type { ChannelDeps } from '../registry';
import type { Channel, InboundMessage, OutboundMessage, RawWebhook, SendReceipt, WebhookResult } from '../channel';
import { WebhookRejectedError } from '../../lib/errors';
import { createInboxStore } from '../../inbox/inbox-store';
import { WecomApi } from './api';
import { WecomCipher } from './crypto';
import { handleAppCallback } from './inbound-app';
import { handleBotCallback } from './inbound-bot';
import { WecomKf } from './kf';
import { KfStore } from './kf-store';
import { WecomSender } from './send';
import { TokenCache } from './token';
import { classifySendError } from './errors';

export const APP_PATH = '/wecom/callback';
export const BOT_PATH = '/wecom/bot';

export interface WecomChannel extends Channel {
  readonly platform: 'wecom';
  /** Hands a kf session to people: the queue (state 2) or one servicer (state 3). */
  handOverToHuman(openKfId: string, externalUserId: string, servicerUserId?: string): Promise<{ serviceState: 2 | 3 }>;
  /** gettoken calls so far, per secret (operators and tests check tokens are cached). */
  tokenFetches(): { app: number; kf: number };
}

export function createWecomChannel(deps: ChannelDeps): WecomChannel {
  const { env, config, clock, http, logger, db } = deps;
  const log = logger.child({ channel: 'wecom' });
  const apiBase = env.WECOM_API_BASE;
  const corpId = env.WECOM_CORP_ID;
  const api = new WecomApi({ http, apiBase });

  const staffName = (userId: string) => config.staff.find((s) => s.wecom?.userId === userId)?.name;
  const conversationTitle = (chatId: string) => config.conversations.find((c) => c.platform === 'wecom' && c.chatId === chatId)?.title;
  const customerName = (ext: string) => config.customers.find((c) => c.wecomExternalUserId === ext)?.name;

  const appTokens = corpId && env.WECOM_SECRET ? new TokenCache({ http, clock, apiBase, corpId, secret: env.WECOM_SECRET, label: 'app' }) : null;
  const kfTokens = corpId && env.WECOM_KF_SECRET ? new TokenCache({ http, clock, apiBase, corpId, secret: env.WECOM_KF_SECRET, label: 'kf' }) : appTokens;
  const kf = kfTokens
    ? new WecomKf({ api, tokens: kfTokens, store: new KfStore({ db, clock }), inbox: createInboxStore({ db, clock }), clock, logger: log, accountTitle: conversationTitle, customerName })
    : null;

  const appCipher = corpId && env.WECOM_TOKEN && env.WECOM_ENCODING_AES_KEY ? new WecomCipher(env.WECOM_TOKEN, env.WECOM_ENCODING_AES_KEY) : null;
  const botCipher = env.WECOM_BOT_TOKEN && env.WECOM_BOT_ENCODING_AES_KEY ? new WecomCipher(env.WECOM_BOT_TOKEN, env.WECOM_BOT_ENCODING_AES_KEY) : null;

  const sender = new WecomSender({ api, apiBase, clock, logger: log, config, appTokens, agentId: env.WECOM_AGENT_ID ? Number(env.WECOM_AGENT_ID) : null, kf });
  const paths = [...(appCipher ? [APP_PATH] : []), ...(botCipher ? [BOT_PATH] : [])];

  return {
    platform: 'wecom',
    webhookPaths: paths,

    async parseWebhook(req: RawWebhook): Promise<WebhookResult> {
      if (req.path === APP_PATH && appCipher && corpId) {
        return handleAppCallback({ cipher: appCipher, corpId, staffName, accountTitle: conversationTitle }, req);
      }
      if (req.path === BOT_PATH && botCipher) {
        return handleBotCallback({ cipher: botCipher, receiveIds: corpId ? ['', corpId] : [''], staffName, groupTitle: conversationTitle }, req);
      }
      throw new WebhookRejectedError(`no WeCom callback is configured at ${req.path}`, { status: 404, code: 'not_found' });
    },

    send(msg: OutboundMessage): Promise<SendReceipt> {
      return sender.send(msg);
    },

    rateLimit: (dest) => sender.rateLimit(dest),

    async expand(msg: InboundMessage): Promise<InboundMessage[]> {
      if (msg.event !== 'kf_msg_or_event') return [];
      if (!kf) throw new Error('kf_msg_or_event received but no secret for the Customer Service API is configured (WECOM_SECRET or WECOM_KF_SECRET)');
      return kf.expand(msg);
    },

    async handOverToHuman(openKfId, externalUserId, servicerUserId) {
      if (!kf) throw new Error('Customer Service is not configured (WECOM_CORP_ID with WECOM_SECRET or WECOM_KF_SECRET)');
      const serviceState = servicerUserId ? 3 : 2;
      try {
        await kf.trans(openKfId, externalUserId, serviceState, servicerUserId);
      } catch (err) {
        throw classifySendError(err, `kf hand-over of ${externalUserId} to ${servicerUserId ?? 'the queue'}`);
      }
      log.info({ openKfId, externalUserId, servicerUserId, serviceState }, 'kf session handed to a person');
      return { serviceState };
    },

    tokenFetches: () => ({ app: appTokens?.fetches ?? 0, kf: kfTokens && kfTokens !== appTokens ? kfTokens.fetches : 0 }),
  };
}

/** For the message handler: a customer asked for 人工 — move their kf session to people. */
export async function handOverToHuman(channels: readonly Channel[], openKfId: string, externalUserId: string, servicerUserId?: string): Promise<{ serviceState: 2 | 3 }> {
  const wecom = channels.find((c): c is WecomChannel => c.platform === 'wecom' && 'handOverToHuman' in c);
  if (!wecom) throw new Error('the WeCom channel is not running');
  return wecom.handOverToHuman(openKfId, externalUserId, servicerUserId);
}
