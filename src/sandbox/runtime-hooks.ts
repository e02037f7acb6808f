// The runtime's moving parts the sandbox nudges after each action, so the page shows results at
// once rather than at the next heartbeat: the inbox processor, the scheduler (escalation sweep,
// outbox, cron jobs) and the outbox sender; and the dashboard button, which asks the reports
// service for the day's messages and queues them to the managers' group like its cron job does.
import type { Destination } from '../channels/channel';
import type { Clock } from '../lib/clock';
import type { Runtime } from '../runtime';
import type { ReportService } from '../reports/service';
import type { SandboxDirectory, SandboxPlatform } from './directory';
import type { SandboxHooks } from './sandbox-service';

export interface HookDeps {
  directory: SandboxDirectory;
  clock: Clock;
  /** The runtime's reports service (the one 日报 and the morning post use). */
  reports: ReportService;
}

export function runtimeHooks(runtime: Runtime, deps: HookDeps): SandboxHooks {
  const { reports } = deps;
  let posts = 0;

  function managersGroup(platform: SandboxPlatform): Destination {
    const chat = deps.directory.chats.managers[platform];
    // The configured send-only robot when there is one, as the bot's own pushes use.
    return chat.robot ? { kind: 'robot', platform, conversationId: chat.conversationId } : { kind: 'group', platform, conversationId: chat.chatId };
  }

  return {
    settleInbox: () => runtime.processor.idle(),
    drainOutbox: () => runtime.outbox.drain(),
    tick: () => runtime.scheduler.tick(),
    async postDashboard(platform) {
      const report = await reports.daily();
      const bodies = await reports.dailyMessages(report, platform);
      const at = deps.clock.now().getTime();
      // A fresh key per press: pressing twice posts twice, as asking 日报 twice does.
      const n = ++posts;
      await runtime.outbox.enqueueAll(bodies.map((body, i) => ({ destination: managersGroup(platform), body, idempotencyKey: `sandbox-dashboard:${platform}:${report.date}:${at}:${n}:${i}` })));
    },
  };
}
