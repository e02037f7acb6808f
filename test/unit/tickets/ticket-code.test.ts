import { codeForId, normaliseCode } from '../../../src/tickets/ticket-code';

test.each([
  [1, '1001'],
  [24, '1024'],
  [123456, '124456'],
])('id %i has code %s', (id, code) => expect(codeForId(id)).toBe(code));

test.each([
  ['#1024', '1024'],
  ['＃1024', '1024'],
  ['1024', '1024'],
  [' 工单#1024 ', '1024'],
  ['工单 1024', '1024'],
  ['#12', null],
  ['#10a4', null],
  ['', null],
  ['13800138000x', null],
])('normaliseCode(%j) = %j', (text, code) => expect(normaliseCode(text)).toBe(code));
