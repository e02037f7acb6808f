import { renderMarkdown, robotMarkdownBody, apiMarkdownParams } from '../../../src/channels/dingtalk/render';

const body = { title: '工单 #1024 超时提醒', lines: ['**客户**：杭州云栖酒店', '- 首次响应已超时 12 分钟', '> 请尽快处理'] };

test('title is the notification text and the body heading; line breaks carry two spaces each side', () => {
  const r = renderMarkdown(body, { withAt: true });
  expect(r.title).toBe('工单 #1024 超时提醒');
  expect(r.text).toBe('#### 工单 #1024 超时提醒  \n  **客户**：杭州云栖酒店  \n  - 首次响应已超时 12 分钟  \n  > 请尽快处理');
});

test('each @ is in at.atUserIds and written "@id" in the text, once', () => {
  const r = renderMarkdown({ ...body, mentions: [{ userId: 'dt-zhang', name: '张工' }, { userId: 'dt-zhang' }, { userId: 'dt-li', name: '老李' }] }, { withAt: true });
  expect(r.atUserIds).toEqual(['dt-zhang', 'dt-li']);
  expect(r.text.endsWith('  \n  @dt-zhang @dt-li')).toBe(true);
});

test('an @ already in the text is not repeated, and "@user1" is not taken for "@user12"', () => {
  const r = renderMarkdown({ title: 't', lines: ['@user12 请接单'], mentions: [{ userId: 'user12' }, { userId: 'user1' }] }, { withAt: true });
  expect(r.text.match(/@user12/g)).toHaveLength(1);
  expect(r.text).toMatch(/@user1$/);
  expect(r.atUserIds).toEqual(['user12', 'user1']);
});

test('a mention with only a mobile goes to atMobiles and "@mobile"', () => {
  const r = renderMarkdown({ title: 't', lines: [], mentions: [{ userId: '', mobile: '13800000003' }] }, { withAt: true });
  expect(r.atMobiles).toEqual(['13800000003']);
  expect(r.atUserIds).toEqual([]);
  expect(r.text).toMatch(/@13800000003$/);
});

test('without at support (robot API templates) names are written plainly and nothing is @-ed', () => {
  const r = renderMarkdown({ ...body, mentions: [{ userId: 'dt-zhang', name: '张工' }] }, { withAt: false });
  expect(r.atUserIds).toEqual([]);
  expect(r.text).toMatch(/@张工$/);
  expect(JSON.parse(apiMarkdownParams(r).msgParam)).toEqual({ title: r.title, text: r.text });
  expect(apiMarkdownParams(r).msgKey).toBe('sampleMarkdown');
});

test('images go by URL; a multi-line entry keeps DingTalk breaks', () => {
  const r = renderMarkdown({ title: '日报', lines: ['第一行\n第二行'], image: { png: Buffer.alloc(1), url: 'https://x.example/d.png' } }, { withAt: true });
  expect(r.text).toBe('#### 日报  \n  第一行  \n  第二行  \n  ![](https://x.example/d.png)');
});

test('the custom-robot body carries markdown and at', () => {
  const r = renderMarkdown({ title: 'A', lines: ['b'], mentions: [{ userId: 'u1' }] }, { withAt: true });
  expect(robotMarkdownBody(r)).toEqual({ msgtype: 'markdown', markdown: { title: 'A', text: '#### A  \n  b  \n  @u1' }, at: { atUserIds: ['u1'], atMobiles: [], isAtAll: false } });
});
