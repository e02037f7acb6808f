// Makes docs/sandbox.png, the README's picture of the sandbox: a seeded week, then the demo
// conversation typed through the page (complaint, card, 接单, the customer asking), then the
// dashboard. Run: npx tsx test/e2e/sandbox-screenshot.ts [out.png] [--dingtalk]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { loadOperatorConfig } from '../../src/config/load-operator-config';
import { connectDatabase } from '../../src/db/database';
import { createLogger } from '../../src/lib/logger';
import { seedDemo } from '../../src/sandbox/seed-demo';
import { CHROMIUM_ARGS, ROOT, startGongdan, stopGongdan } from './sandbox-process';

async function say(page: Page, chat: string, who: string, text: string): Promise<void> {
  const section = page.locator(`#chat-${chat}`);
  await section.locator('select.who').selectOption(who);
  await section.locator('input.text').fill(text);
  await section.locator('button[type=submit]').click();
  await page.waitForTimeout(1200);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dingtalk = args.includes('--dingtalk');
  const out = args.find((a) => !a.startsWith('--')) ?? join(ROOT, 'docs/sandbox.png');
  const dir = mkdtempSync(join(tmpdir(), 'gongdan-shot-'));
  const url = `sqlite:${join(dir, 'sandbox.sqlite')}`;
  const db = await connectDatabase(url);
  await seedDemo({ db, config: loadOperatorConfig(join(ROOT, 'config/gongdan.yaml')), logger: createLogger('error'), now: Date.now() });
  await db.close();
  const gongdan = await startGongdan(url);
  const profile = mkdtempSync(join(tmpdir(), 'gongdan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, viewport: { width: 1680, height: 940 }, deviceScaleFactor: 1, args: CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${gongdan.url}/`);
    await page.locator('#chat-staff .chat-title', { hasText: '售后服务群' }).waitFor();
    if (dingtalk) await page.locator('#pf-dingtalk').click();
    // Customers write through WeCom's 微信客服, whose cards go to the WeCom group; on DingTalk
    // the staff relay what customers tell them.
    if (dingtalk) await say(page, 'staff', 'chen.sales', '客户何女士投诉净水器又漏水了，厨房地上全是水，太不负责了！地址杭州市西湖区文三路100号，电话13912340000');
    else await say(page, 'customer', 'customer:wmSandboxNewCustomer', '你们的净水器又漏水了，厨房地上全是水，太不负责了！地址杭州市西湖区文三路100号');
    const card = page.locator('#chat-staff .msg.bot').filter({ hasText: /新工单 #\d+/ }).last();
    await card.waitFor();
    const code = /#(\d+)/.exec((await card.textContent()) ?? '')![1];
    if (dingtalk) await say(page, 'staff', 'wang.agent', `接单 #${code}`);
    else {
      await card.click();
      await say(page, 'staff', 'wang.agent', '接单');
    }
    if (!dingtalk) await say(page, 'customer', 'customer:wmSandboxNewCustomer', '我的工单处理得怎么样了？');
    await say(page, 'managers', 'zhao.manager', '日报');
    await page.locator('#chat-managers img.chart').last().waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: out });
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await context.close();
    await stopGongdan(gongdan);
    rmSync(profile, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
