// A sandbox stopped and started again on the same database: the bot's WeCom kf sync cursor
// survives in the database while the fake WeCom starts empty. Customers must still be heard.
import { getJson, postJson, startSandboxApp, type SandboxApp } from './sandbox-harness';

jest.setTimeout(60_000);

let first: SandboxApp | null = null;
let second: SandboxApp | null = null;
afterAll(async () => {
  await first?.close({ keepDatabase: true });
  await second?.close();
});

const customerReplies = async (app: SandboxApp) => ((await getJson(`${app.url}/sandbox/api/feed?after=0`)).json.bubbles as any[]).filter((b) => b.chat === 'customer' && b.from.bot);

test('after a restart a customer message still reaches the bot and is answered', async () => {
  first = await startSandboxApp();
  for (const text of ['投诉：净水器漏水把地板泡坏了，太不负责了，电话13900000002', '我的工单处理得怎么样了？']) {
    expect((await postJson(`${first.url}/sandbox/api/say`, { platform: 'wecom', chat: 'customer', as: 'customer:wmDemoCustomerZhou', text })).json.accepted).toBe(true);
  }
  expect((await customerReplies(first)).length).toBe(2);
  const testDb = first.testDb;
  await first.close({ keepDatabase: true });
  first = null;

  second = await startSandboxApp('2026-12-07T03:00:00Z', { testDb });
  const said = await postJson(`${second.url}/sandbox/api/say`, { platform: 'wecom', chat: 'customer', as: 'customer:wmSandboxNewCustomer', text: '投诉：热水器刚装好就漏水，太不负责了，电话13912349999' });
  expect(said.json.accepted).toBe(true);
  const replies = await customerReplies(second);
  expect(replies).toHaveLength(1);
  expect(replies[0]).toMatchObject({ peer: 'wmSandboxNewCustomer' });
  expect(replies[0].text).toMatch(/已为您登记工单 #\d+/);
});
