// End to end, as a newcomer sees it: the real entry point (`tsx src/main.ts`, what `npm start`
// runs) without platform credentials, driven through the page in headless Chromium. A customer
// complains, the ticket card shows in the staff group, an agent claims it (接单), the customer
// is told. Skipped, loudly, only where no Chromium binary exists.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createTestDb, type TestDb } from '../support/test-db';
import { CHROMIUM_ARGS, startGongdan, stopGongdan } from './sandbox-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  // eslint-disable-next-line no-console
  console.warn(`test/e2e/sandbox.test.ts SKIPPED: no Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`);
}
const describeBrowser = haveChromium ? describe : describe.skip;

jest.setTimeout(120_000);

const COMPLAINT = '你们的净水器又漏水了，厨房地上全是水，太不负责了！地址杭州市西湖区文三路100号，电话13900000002';

async function say(page: Page, chat: 'customer' | 'staff' | 'managers', who: string, text: string): Promise<void> {
  const section = page.locator(`#chat-${chat}`);
  await section.locator('select.who').selectOption(who);
  await section.locator('input.text').fill(text);
  await section.locator('button[type=submit]').click();
}

describeBrowser('the sandbox in a browser', () => {
  let testDb: TestDb;
  let gongdan: Awaited<ReturnType<typeof startGongdan>>;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDb();
    gongdan = await startGongdan(testDb.url);
    profile = mkdtempSync(join(tmpdir(), 'gongdan-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1500, height: 900 },
      args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    // The page must work with nothing from outside its origin.
    await context.route((url) => !url.href.startsWith(gongdan.url), (route) => {
      pageErrors.push(`request outside the origin: ${route.request().url()}`);
      return route.abort();
    });
  });

  afterAll(async () => {
    await context?.close();
    if (gongdan) await stopGongdan(gongdan);
    await testDb?.drop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('a complaint becomes a ticket card in the staff group; 接单 by an agent tells the customer', async () => {
    await page.goto(`${gongdan.url}/`);
    await page.locator('#chat-staff .chat-title', { hasText: '售后服务群' }).waitFor();

    await say(page, 'customer', 'customer:wmDemoCustomerZhou', COMPLAINT);
    const customerChat = page.locator('#chat-customer .messages');
    await customerChat.locator('.msg.me', { hasText: '厨房地上全是水' }).waitFor();

    // The ticket card reaches the staff group through the bot's outbox and the fake WeCom.
    const card = page.locator('#chat-staff .msg.bot').filter({ hasText: /#\d{3,}/ }).first();
    await card.waitFor({ timeout: 30_000 });
    const code = /#(\d{3,})/.exec((await card.textContent()) ?? '')![1]!;
    await page.locator(`#tickets .ticket[data-code="${code}"]`).waitFor();
    const botLinesBefore = await customerChat.locator('.msg.bot').count();

    // 客服小王 replies to the card (quoting it) with 接单.
    await card.click();
    await page.locator('#chat-staff .quote:not([hidden])').waitFor();
    await say(page, 'staff', 'wang.agent', '接单');
    await page.locator('#chat-staff .msg.bot', { hasText: '客服小王' }).last().waitFor({ timeout: 30_000 });

    // The customer hears that someone has the ticket: from a notice on 接单 when the chase flow
    // sends one, otherwise in the answer to the customer asking how it is going.
    const newCustomerLine = (timeout: number) =>
      page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('#chat-customer .messages .msg.bot').length > n, botLinesBefore, { timeout });
    const proactive = await newCustomerLine(5_000).then(() => true, () => false);
    if (!proactive) {
      await say(page, 'customer', 'customer:wmDemoCustomerZhou', '我的工单处理得怎么样了？');
      await newCustomerLine(30_000);
    }
    const told = (await customerChat.locator('.msg.bot').last().textContent()) ?? '';
    expect(told).toContain(`#${code}`);
    expect(told).toMatch(/处理中|已接单/);
    expect(told).toContain('客服小王');

    // The panel shows the ticket taken, with its deadlines.
    const row = page.locator(`#tickets .ticket[data-code="${code}"]`);
    await row.locator('.status').filter({ hasNotText: '待处理' }).waitFor({ timeout: 15_000 });
    expect(await row.locator('.deadline').count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  test('a message with <script> shows as text and runs nothing', async () => {
    await say(page, 'customer', 'customer:wmDemoCustomerZhou', '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">');
    const bubble = page.locator('#chat-customer .msg.me', { hasText: '<script>window.__pwned = 1</script>' });
    await bubble.waitFor();
    expect(await bubble.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => typeof (globalThis as any).__pwned)).toBe('undefined');
    expect(pageErrors).toEqual([]);
  });

  test('the clock control moves the sandbox time', async () => {
    const before = await page.locator('#clock-now').getAttribute('datetime');
    await page.locator('#advance-1d').click();
    // The sandbox clock also runs at real speed, so wait for the day's jump, not for any change.
    await page.waitForFunction(
      (b) => Date.parse((globalThis as any).document.querySelector('#clock-now').getAttribute('datetime')) - Date.parse(b!) >= 86_400_000,
      before,
      { timeout: 30_000 },
    );
    const after = await page.locator('#clock-now').getAttribute('datetime');
    expect(Date.parse(after!) - Date.parse(before!)).toBeGreaterThanOrEqual(86_400_000);
    expect(await page.locator('#clock-offset').textContent()).toContain('1 天');
  });
});
