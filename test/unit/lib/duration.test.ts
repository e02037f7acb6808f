import { formatDuration, parseDuration } from '../../../src/lib/duration';

test.each([
  ['30s', 30_000],
  ['30m', 1_800_000],
  ['4h', 14_400_000],
  ['1h30m', 5_400_000],
  ['7d', 604_800_000],
  ['250ms', 250],
  [' 2h ', 7_200_000],
])('parseDuration(%j) = %i', (text, ms) => expect(parseDuration(text)).toBe(ms));

test.each([['30'], ['m'], ['1.5h'], ['-5m'], ['5 m'], ['5min'], ['']])('parseDuration(%j) is null', (text) => expect(parseDuration(text)).toBeNull());

test.each([
  [0, '0s'],
  [90_000, '1m30s'],
  [93_784_000, '1d2h3m4s'],
  [-1_800_000, '-30m'],
])('formatDuration(%i) = %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
