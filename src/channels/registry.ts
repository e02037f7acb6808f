// Which channels run, from the environment. Each platform folder contributes one builder.
import { dingtalkEnabled, type Env } from '../config/env';
import type { OperatorConfig } from '../config/operator-schema';
import type { Clock } from '../lib/clock';
import type { HttpClient } from '../lib/http-client';
import type { Logger } from '../lib/logger';
import type { Database } from '../db/database';
import type { Channel } from './channel';
import { wecomEnabled } from '../config/env';
import { createWecomChannel } from './wecom';
import { createDingtalkChannel } from './dingtalk';

export interface ChannelDeps {
  env: Env;
  config: OperatorConfig;
  clock: Clock;
  http: HttpClient;
  logger: Logger;
  db: Database;
}

export function buildChannels(deps: ChannelDeps): Channel[] {
  const channels: Channel[] = [];
  if (wecomEnabled(deps.env)) channels.push(createWecomChannel(deps));
  void deps;
  if (dingtalkEnabled(deps.env)) channels.push(createDingtalkChannel(deps));
  return channels;
}
