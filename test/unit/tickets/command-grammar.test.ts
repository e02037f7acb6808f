import { COMMANDS, codeInQuote, helpCommandNames, helpLines, parseCommand } from '../../../src/tickets/commands/grammar';

test.each([
  ['接单', 'claim', null, ''],
  ['接单 #1024', 'claim', '1024', ''],
  ['@工单助手 接单 ＃1024', 'claim', '1024', ''],
  ['认领1024', 'claim', '1024', ''],
  ['指派 #1024 @张工', 'assign', '1024', ''],
  ['转派 @刘工 #1031 他在宁波', 'transfer', '1031', '他在宁波'],
  ['预约 #1024 明天下午3点', 'schedule', '1024', '明天下午3点'],
  ['预约明天下午3点', 'schedule', null, '明天下午3点'],
  ['签到', 'arrive', null, ''],
  ['到达 #1024', 'arrive', '1024', ''],
  ['完成 #1024 已更换滤芯，试机正常', 'resolve', '1024', '已更换滤芯，试机正常'],
  ['完成：已更换滤芯', 'resolve', null, '已更换滤芯'],
  ['回访 #1024 5 客户很满意', 'follow_up', '1024', '5 客户很满意'],
  ['挂起 #1024 客户出差', 'pause', '1024', '客户出差'],
  ['恢复 #1024', 'resume', '1024', ''],
  ['升级 #1024 客户要找媒体', 'escalate', '1024', '客户要找媒体'],
  ['关闭 #1024 案例：烟道安装不规范', 'close', '1024', '案例：烟道安装不规范'],
  ['查询 #1024', 'query', '1024', ''],
  ['我的工单', 'mine', null, ''],
  ['帮助', 'help', null, ''],
  ['日报 昨天', 'daily', null, '昨天'],
  ['月报', 'monthly', null, ''],
  ['已联系 #1024 约好明天', 'contact', '1024', '约好明天'],
])('%s → %s', (text, name, code, args) => {
  const c = parseCommand(text)!;
  expect(c).not.toBeNull();
  expect(c.spec.name).toBe(name);
  expect(c.code).toBe(code);
  expect(c.args).toBe(args);
});

test.each(['完成了吗', '接单了吗？', '客户周女士投诉净水器漏水', '帮助一下客户', '明天去预约', ''])('"%s" is not a command', (text) => {
  expect(parseCommand(text)).toBeNull();
});

test('a quoted bot card names the ticket when the text does not', () => {
  const quoted = '新工单 #1042 · 投诉（一级）\n类型：投诉（一级）';
  expect(codeInQuote(quoted)).toBe('1042');
  expect(parseCommand('接单', quoted)).toMatchObject({ code: '1042', codeFrom: 'quote' });
  expect(parseCommand('接单 #1050', quoted)).toMatchObject({ code: '1050', codeFrom: 'text' });
  expect(codeInQuote('今天天气不错')).toBeNull();
});

test('@-mentioned names are read for 指派 / 转派, not left in the arguments', () => {
  expect(parseCommand('指派 #1024 @张工 @刘工')).toMatchObject({ mentionedNames: ['张工', '刘工'], args: '' });
});

test('回访 does not read its score as a ticket code, 1024-style codes need four digits', () => {
  expect(parseCommand('回访 5 很满意', '卡片 #1100')).toMatchObject({ code: '1100', args: '5 很满意' });
  expect(parseCommand('查询 12')).toMatchObject({ code: null, args: '12' });
});

test('every command has a usage line in 帮助 and distinct words', () => {
  const words = COMMANDS.flatMap((c) => c.words);
  expect(new Set(words).size).toBe(words.length);
  // 帮助 names every other command exactly once, in a few lines that fit a phone screen.
  expect([...helpCommandNames()].sort()).toEqual(COMMANDS.filter((c) => c.name !== 'help').map((c) => c.name).sort());
  expect(helpLines().length).toBeLessThanOrEqual(6);
  for (const c of COMMANDS.filter((x) => x.name !== 'help')) expect(helpLines().join('\n')).toContain(c.words[0]!);
});
