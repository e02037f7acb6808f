import { groupIntoDigests, type Notice } from '../../../src/escalation/digest';

const n = (recipient: string, ticketCode: string, line: string, urgent = false): Notice => ({ recipient, ticketCode, line, urgent });

test.each([
  ['nothing', [], []],
  ['one notice, one digest', [n('wang', '1024', '即将超时')], [['wang', ['1024 即将超时']]]],
  [
    'several reminders to one person go together; recipients in first-seen order',
    [n('wang', '1024', '即将超时'), n('group:svc', '1024', '已超时'), n('wang', '1025', '已超时'), n('zhao', '1024', '已超时30分钟')],
    [['wang', ['1024 即将超时', '1025 已超时']], ['group:svc', ['1024 已超时']], ['zhao', ['1024 已超时30分钟']]],
  ],
  [
    'urgent first inside a digest, otherwise input order',
    [n('zhao', '1024', 'a'), n('zhao', '1030', 'b', true), n('zhao', '1025', 'c'), n('zhao', '1031', 'd', true)],
    [['zhao', ['1030 b !', '1031 d !', '1024 a', '1025 c']]],
  ],
  [
    'the same line about the same ticket is sent once (urgent if any copy was)',
    [n('wang', '1024', '已超时'), n('wang', '1024', '已超时', true), n('wang', '1024', '即将超时')],
    [['wang', ['1024 已超时 !', '1024 即将超时']]],
  ],
  ['the same line for two people is sent to each', [n('wang', '1024', 'x'), n('zhao', '1024', 'x')], [['wang', ['1024 x']], ['zhao', ['1024 x']]]],
] as const)('%s', (_why, notices, expected) => {
  const digests = groupIntoDigests([...notices]);
  expect(digests.map((d) => [d.recipient, d.notices.map((x) => `${x.ticketCode} ${x.line}${x.urgent ? ' !' : ''}`)])).toEqual(expected);
  for (const d of digests) expect(d.notices.every((x) => x.recipient === d.recipient)).toBe(true);
});
