import { normaliseRobotMessage } from '../../../src/channels/dingtalk/inbound';

const base = {
  msgtype: 'text',
  text: { content: ' 报修：3楼空调' },
  msgId: 'msg0xabc',
  createAt: 1613630252678,
  conversationType: '2',
  conversationId: 'cid123',
  conversationTitle: '机房运维群',
  senderId: '$:LWCP_v1:$xyz',
  senderNick: '张三',
  senderStaffId: 'user123',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=abc',
  sessionWebhookExpiredTime: 1613635652738,
  chatbotUserId: '$:LWCP_v1:$bot',
  atUsers: [{ dingtalkId: '$:LWCP_v1:$bot' }, { dingtalkId: '$:LWCP_v1:$u2', staffId: 'user456' }],
  robotCode: 'dingrobot',
};
const at = new Date('2026-12-04T02:00:00Z');

test('the platforms.md §6.2 example normalises', () => {
  const r = normaliseRobotMessage(base, at);
  expect(r.ok && r.message).toEqual({
    platform: 'dingtalk',
    messageId: 'msg0xabc',
    kind: 'text',
    conversation: { type: 'group', id: 'cid123', title: '机房运维群' },
    sender: { id: 'user123', name: '张三', isCustomer: false },
    text: '报修：3楼空调',
    mentions: [{ userId: 'user456' }],
    receivedAt: new Date(1613630252678).toISOString(),
    replyContext: { sessionWebhook: base.sessionWebhook, sessionWebhookExpiredTime: 1613635652738, conversationId: 'cid123', conversationType: '2', robotCode: 'dingrobot', senderStaffId: 'user123' },
    raw: base,
  });
});

test('a leading "@robot" some clients keep is removed in groups', () => {
  const r = normaliseRobotMessage({ ...base, text: { content: '@工单助手  报修：漏水' } }, at);
  expect(r.ok && r.message.text).toBe('报修：漏水');
});

test('a sender without staffId is outside the organisation (customer), keyed by senderId', () => {
  const { senderStaffId: _s, ...external } = base;
  const r = normaliseRobotMessage(external, at);
  expect(r.ok && r.message.sender).toEqual({ id: '$:LWCP_v1:$xyz', name: '张三', isCustomer: true });
});

test('richText joins its text parts; pictures are not invalid, just not readable', () => {
  const rich = normaliseRobotMessage({ ...base, msgtype: 'richText', text: undefined, content: { richText: [{ text: '报修' }, { downloadCode: 'x', type: 'picture' }, { text: '：见图' }] } }, at);
  expect(rich.ok && rich.message.text).toBe('报修：见图');
  const pic = normaliseRobotMessage({ ...base, msgtype: 'picture', text: undefined, content: { downloadCode: 'x' } }, at);
  expect(pic).toMatchObject({ ok: false, invalid: false });
});

test('schema errors name the field', () => {
  const r = normaliseRobotMessage({ ...base, msgId: '' }, at);
  expect(r).toMatchObject({ ok: false, invalid: true });
  expect(!r.ok && r.reason).toMatch(/msgId/);
});
