// The sandbox's HTTP surface over a real runtime: the page and its headers, what typing does
// (a real signed callback recorded by the bot), the clock control, and refusals of bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InboundMessageEntity } from '../../src/db/entities/inbound-message.entity';
import { CONTENT_SECURITY_POLICY } from '../../src/sandbox/sandbox-routes';
import { getJson, postJson, SANDBOX_TEST_START, startSandboxApp, type SandboxApp } from './sandbox-harness';

let app: SandboxApp;
beforeAll(async () => {
  app = await startSandboxApp();
});
afterAll(async () => {
  await app?.close();
});

const inbound = () => app.testDb.db.ds.getRepository(InboundMessageEntity).find({ order: { id: 'ASC' } });

describe('the page', () => {
  test('/ serves the HTML with a strict Content-Security-Policy and no inline script or style', async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    expect(html).toContain('<script src="/sandbox/app.js" defer></script>');
    expect(html).not.toMatch(/<script>|<style|\son[a-z]+=/i);
    // Nothing from outside this origin: no CDN, no web fonts.
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  test('the script and stylesheet are served with their types and the same policy', async () => {
    const js = await fetch(`${app.url}/sandbox/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const css = await fetch(`${app.url}/sandbox/style.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).not.toMatch(/@import|url\(\s*['"]?https?:/);
  });

  test('the script never turns text into HTML', () => {
    const source = readFileSync(join(__dirname, '../../src/sandbox/page/app.js'), 'utf8');
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(source).toContain('textContent');
  });

  test('only the page files are served: other names and traversal attempts are 404', async () => {
    for (const path of ['/sandbox/index.ts', '/sandbox/..%2Fsandbox-env.ts', '/sandbox/%2e%2e%2fpage-files.ts', '/sandbox/page']) {
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});

describe('typing in the page', () => {
  test('a customer message containing <script> reaches the bot through a signed kf callback and comes back as the same text', async () => {
    const text = '净水器漏水了 <script>alert("x")</script> 电话13900000002';
    const said = await postJson(`${app.url}/sandbox/api/say`, { platform: 'wecom', chat: 'customer', as: 'customer:wmDemoCustomerZhou', text });
    expect(said.status).toBe(200);
    expect(said.json.accepted).toBe(true);

    // The real path: WeCom's kf event, then sync_msg on the fake, recorded by the inbox.
    const rows = await inbound();
    const event = rows.find((r) => r.platformMessageId.startsWith('kf-event:'));
    expect(event).toBeDefined();
    const customer = rows.find((r) => r.platform === 'wecom' && r.senderId === 'wmDemoCustomerZhou');
    expect(customer).toBeDefined();
    expect((customer!.payload as { text: string }).text).toBe(text);

    const feed = await getJson(`${app.url}/sandbox/api/feed?after=0`);
    const mine = feed.json.bubbles.find((b: any) => b.from.name === '周女士');
    expect(mine).toMatchObject({ chat: 'customer', platform: 'wecom', peer: 'wmDemoCustomerZhou', text, format: 'text' });
  });

  test('a staff message in the DingTalk group is posted as a signed DingTalk callback', async () => {
    const before = (await inbound()).length;
    const said = await postJson(`${app.url}/sandbox/api/say`, { platform: 'dingtalk', chat: 'staff', as: 'wang.agent', text: '帮助' });
    expect(said.json.accepted).toBe(true);
    const rows = await inbound();
    expect(rows.length).toBe(before + 1);
    const row = rows[rows.length - 1]!;
    expect(row).toMatchObject({ platform: 'dingtalk', senderId: 'dt-wang', conversationId: 'cidDemoServiceGroup' });
  });

  test('a staff message in the WeCom group goes to the smart robot callback with a quote when one is picked', async () => {
    const said = await postJson(`${app.url}/sandbox/api/say`, { platform: 'wecom', chat: 'staff', as: 'zhang.engineer', text: '接单', quote: '#1001 投诉：净水器漏水' });
    expect(said.json.accepted).toBe(true);
    const row = (await inbound()).at(-1)!;
    expect(row).toMatchObject({ platform: 'wecom', senderId: 'ZhangGong', conversationId: 'wrDemoServiceGroup' });
    const payload = row.payload as { text: string; quotedText?: string };
    expect(payload.text).toBe('接单');
    expect(payload.quotedText).toBe('#1001 投诉：净水器漏水');
  });

  test('bad requests are refused with a 4xx and nothing reaches the bot', async () => {
    const before = (await inbound()).length;
    const cases: [unknown, number][] = [
      [{ platform: 'wecom', chat: 'customer', as: 'wang.agent', text: '我是员工' }, 400],
      [{ platform: 'wecom', chat: 'staff', as: 'customer:wmDemoCustomerZhou', text: '我是客户' }, 400],
      [{ platform: 'wecom', chat: 'staff', as: 'nobody', text: 'hi' }, 400],
      [{ platform: 'wecom', chat: 'staff', as: 'wang.agent', text: '   ' }, 400],
      [{ platform: 'wecom', chat: 'staff', as: 'wang.agent', text: 'x'.repeat(2001) }, 400],
      [{ platform: 'telegram', chat: 'staff', as: 'wang.agent', text: 'hi' }, 400],
      [{ platform: 'wecom', chat: 'staff', as: 'wang.agent', text: 'hi', extra: 1 }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await postJson(`${app.url}/sandbox/api/say`, body);
      expect(res.status).toBe(status);
      expect(res.json.error.message).toEqual(expect.any(String));
    }
    const form = await fetch(`${app.url}/sandbox/api/say`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hi' });
    expect(form.status).toBe(415);
    const notJson = await fetch(`${app.url}/sandbox/api/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const crossSite = await postJson(`${app.url}/sandbox/api/say`, { platform: 'wecom', chat: 'staff', as: 'wang.agent', text: 'hi' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await inbound()).length).toBe(before);
  });
});

describe('the clock control', () => {
  test('moves the runtime clock forward and the bot sees the new time', async () => {
    const start = new Date(SANDBOX_TEST_START).getTime() + app.clock.offset;
    const res = await postJson(`${app.url}/sandbox/api/clock`, { minutes: 30 });
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.now)).toBe(start + 30 * 60_000);
    expect(res.json.offsetMs).toBe(app.clock.offset);
    const health = await getJson(`${app.url}/healthz`);
    expect(Date.parse(health.json.time)).toBe(start + 30 * 60_000);
    const day = await postJson(`${app.url}/sandbox/api/clock`, { minutes: 1440 });
    expect(Date.parse(day.json.now)).toBe(start + 30 * 60_000 + 86_400_000);
    const feed = await getJson(`${app.url}/sandbox/api/feed?after=0`);
    expect(feed.json.now).toBe(day.json.now);
  });

  test('a callback signed after the clock moved is still accepted (the fakes share the clock)', async () => {
    const said = await postJson(`${app.url}/sandbox/api/say`, { platform: 'dingtalk', chat: 'managers', as: 'zhao.manager', text: '帮助' });
    expect(said.json).toMatchObject({ accepted: true, status: 200 });
  });

  test('refuses to go backwards, to stand still or to jump more than 30 days', async () => {
    const offset = app.clock.offset;
    for (const minutes of [0, -30, 1.5, 43_201, '30']) {
      const res = await postJson(`${app.url}/sandbox/api/clock`, { minutes });
      expect(res.status).toBe(400);
    }
    expect(app.clock.offset).toBe(offset);
  });
});

test('the feed rejects a bad cursor', async () => {
  expect((await getJson(`${app.url}/sandbox/api/feed?after=-1`)).status).toBe(400);
  expect((await getJson(`${app.url}/sandbox/api/feed?after=abc`)).status).toBe(400);
});

describe('watching the chase happen', () => {
  const bubbles = async (after: number) => (await getJson(`${app.url}/sandbox/api/feed?after=${after}`)).json.bubbles as any[];

  test('a complaint nobody takes: moving the clock past its half hour makes the bot chase it in the group', async () => {
    const said = await postJson(`${app.url}/sandbox/api/say`, { platform: 'dingtalk', chat: 'staff', as: 'chen.sales', text: '客户冯先生投诉热水器刚装好就漏水，地板都泡了，太不负责了，电话13912349999' });
    expect(said.json.accepted).toBe(true);
    const afterCard = said.json.last;
    const card = (await bubbles(0)).find((b) => b.platform === 'dingtalk' && b.chat === 'staff' && b.from.bot && /新工单 #\d+/.test(b.text));
    expect(card).toBeDefined();
    const code = /#(\d+)/.exec(card.text)![1];

    const tickets = await getJson(`${app.url}/sandbox/api/tickets`);
    const row = tickets.json.tickets.find((t: any) => t.code === code);
    expect(row).toMatchObject({ kind: 'complaint', status: 'open', assignee: '客服小王' });
    const firstResponse = row.deadlines.find((d: any) => d.name === 'first_response');
    expect(firstResponse.state).toBe('due');

    // Past the deadline: the scheduler tick after the move runs the chain's breach step.
    const moved = await postJson(`${app.url}/sandbox/api/clock`, { minutes: Math.ceil((Date.parse(firstResponse.dueAt) - Date.parse((await getJson(`${app.url}/sandbox/api/state`)).json.now)) / 60_000) + 1 });
    expect(moved.status).toBe(200);
    const chased = (await bubbles(afterCard)).filter((b) => b.from.bot && b.text.includes(`#${code}`));
    expect(chased.length).toBeGreaterThan(0);
    expect(chased.some((b) => b.chat === 'staff' && b.mentions.includes('客服小王'))).toBe(true);
    const later = await getJson(`${app.url}/sandbox/api/tickets`);
    expect(later.json.tickets.find((t: any) => t.code === code).deadlines.find((d: any) => d.name === 'first_response').state).toBe('breached');

    // Half an hour later still nobody: the chain's next step tells the agent's manager.
    const beforeManager = (await getJson(`${app.url}/sandbox/api/feed?after=0`)).json.last;
    await postJson(`${app.url}/sandbox/api/clock`, { minutes: 30 });
    const toManager = (await bubbles(beforeManager)).filter((b) => b.text.includes(`#${code}`) && (b.peerName === '赵经理' || b.mentions.includes('赵经理') || b.chat === 'managers'));
    expect(toManager.length).toBeGreaterThan(0);
  });

  test('a completed visit: days later the engineer is reminded of the follow-up call (回访)', async () => {
    const say = async (as: string, text: string) => {
      const res = await postJson(`${app.url}/sandbox/api/say`, { platform: 'wecom', chat: 'staff', as, text });
      expect(res.json.accepted).toBe(true);
    };
    const start = (await getJson(`${app.url}/sandbox/api/feed?after=0`)).json.last;
    await say('chen.sales', '客户蒋先生家的净水器要维修，地址杭州市西湖区文三路200号，电话13912348888，今天就可以上门');
    const card = (await bubbles(start)).find((b) => b.chat === 'staff' && b.from.bot && /新工单 #\d+ · 上门/.test(b.text));
    expect(card).toBeDefined();
    const code = /#(\d+)/.exec(card.text)![1];
    await say('zhang.engineer', `接单 #${code}`);
    await say('zhang.engineer', `到达 #${code}`);
    await say('zhang.engineer', `完成 #${code} 更换滤芯，出水正常`);
    const done = (await getJson(`${app.url}/sandbox/api/tickets`)).json.tickets.find((t: any) => t.code === code);
    expect(done.status).toBe('resolved');
    const followUp = done.deadlines.find((d: any) => d.name === 'follow_up');
    expect(followUp.state).toBe('due');

    const before = (await getJson(`${app.url}/sandbox/api/feed?after=0`)).json.last;
    let reminded: any[] = [];
    for (let day = 0; day < 7 && !reminded.length; day++) {
      await postJson(`${app.url}/sandbox/api/clock`, { minutes: 1440 });
      reminded = (await bubbles(before)).filter((b) => b.text.includes(`#${code}`) && b.text.includes('回访'));
    }
    expect(reminded.length).toBeGreaterThan(0);
    // A day before the follow-up is due, not after.
    const state = (await getJson(`${app.url}/sandbox/api/state`)).json;
    expect(Date.parse(state.now)).toBeLessThan(Date.parse(followUp.dueAt));
    expect(reminded.some((b) => b.peerName === '张工' || b.mentions.includes('张工'))).toBe(true);
  });

  test('the dashboard button posts the daily report and its chart to the managers\' group', async () => {
    const before = (await getJson(`${app.url}/sandbox/api/feed?after=0`)).json.last;
    const ding = await postJson(`${app.url}/sandbox/api/dashboard`, { platform: 'dingtalk' });
    expect(ding.status).toBe(200);
    const wecom = await postJson(`${app.url}/sandbox/api/dashboard`, { platform: 'wecom' });
    expect(wecom.status).toBe(200);
    const posted = (await bubbles(before)).filter((b) => b.chat === 'managers');
    const dingReport = posted.find((b) => b.platform === 'dingtalk' && b.text.includes('售后日报'));
    expect(dingReport).toBeDefined();
    // DingTalk shows the chart by URL: the bot serves it, the page loads it from its own origin.
    expect(dingReport.image).toMatch(/^\/reports\/img\/[0-9a-f]{32}\.png$/);
    const png = await fetch(`${app.url}${dingReport.image}`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await png.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    // WeCom: the markdown, then the chart as an image message the group robot received by value.
    expect(posted.some((b) => b.platform === 'wecom' && b.text.includes('售后日报'))).toBe(true);
    const wecomChart = posted.find((b) => b.platform === 'wecom' && b.image);
    expect(wecomChart.image).toMatch(/^\/sandbox\/media\/\d+\.png$/);
    const media = await fetch(`${app.url}${wecomChart.image}`);
    expect(media.status).toBe(200);
    expect(Buffer.from(await media.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await postJson(`${app.url}/sandbox/api/dashboard`, { platform: 'slack' })).status).toBe(400);
  });
});
