// The DingTalk channel: HTTP callbacks or Stream mode in, sessionWebhook / robot API / custom
// robot out (platforms.md §6–10).
import type { Env } from '../../config/env';
import type { OperatorConfig } from '../../config/operator-schema';
import type { Clock } from '../../lib/clock';
import type { HttpClient } from '../../lib/http-client';
import type { Logger } from '../../lib/logger';
import { ConfigError } from '../../lib/errors';
import { jsonTooDeep, MAX_JSON_DEPTH } from '../../lib/json-depth';
import type { Channel, InboundSink } from '../channel';
import { normaliseRobotMessage } from './inbound';
import { CALLBACK_PATH, parseCallback } from './inbound-http';
import { createSender } from './send';
import { createSdkStreamClient, type StreamClient } from './stream';
import { createTokenSource } from './token';

export interface DingtalkChannelDeps {
  env: Env;
  config: OperatorConfig;
  clock: Clock;
  http: HttpClient;
  logger: Logger;
  /** Replaces the SDK-backed Stream client (DINGTALK_MODE=stream). */
  streamClient?: StreamClient;
}

export function createDingtalkChannel(deps: DingtalkChannelDeps): Channel {
  const { env, clock, http } = deps;
  const logger = deps.logger.child({ platform: 'dingtalk' });
  const appKey = env.DINGTALK_APP_KEY;
  const appSecret = env.DINGTALK_APP_SECRET;
  const robotCode = env.DINGTALK_ROBOT_CODE;
  if (!appKey || !appSecret || !robotCode) {
    throw new ConfigError('DingTalk needs DINGTALK_APP_KEY, DINGTALK_APP_SECRET and DINGTALK_ROBOT_CODE');
  }
  const tokens = createTokenSource({ http, clock, apiBase: env.DINGTALK_API_BASE, appKey, appSecret });
  const sender = createSender({ http, clock, logger, config: deps.config, tokens, apiBase: env.DINGTALK_API_BASE, oapiBase: env.DINGTALK_OAPI_BASE, robotCode });
  const streamMode = env.DINGTALK_MODE === 'stream';
  let stream: StreamClient | null = null;

  async function acceptFrame(sink: InboundSink, data: string): Promise<void> {
    if (jsonTooDeep(data)) {
      logger.warn({ bytes: data.length }, `DingTalk Stream: callback data nested deeper than ${MAX_JSON_DEPTH} levels; acknowledged and dropped`);
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      logger.warn({ bytes: data.length }, 'DingTalk Stream: callback data is not JSON; acknowledged and dropped');
      return;
    }
    const result = normaliseRobotMessage(json, clock.now());
    if (!result.ok) {
      logger.warn({ reason: result.reason }, 'DingTalk Stream: callback not taken; acknowledged and dropped');
      return;
    }
    await sink.accept([result.message]);
  }

  return {
    platform: 'dingtalk',
    webhookPaths: streamMode ? [] : [CALLBACK_PATH],
    async parseWebhook(req) {
      return parseCallback(req, { appSecret, maxSkewMs: env.DINGTALK_MAX_SKEW_MS, clock });
    },
    send: (msg) => sender.send(msg),
    rateLimit: (dest) => sender.rateLimit(dest),
    async start(sink) {
      if (!streamMode || stream) return;
      stream = deps.streamClient ?? createSdkStreamClient({ apiBase: env.DINGTALK_API_BASE, clientId: appKey, clientSecret: appSecret, http, logger });
      await stream.start((data) => acceptFrame(sink, data));
      logger.info('DingTalk Stream mode started');
    },
    async stop() {
      await stream?.stop();
      stream = null;
    },
  };
}
