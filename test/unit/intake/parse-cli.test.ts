import { PassThrough } from 'node:stream';
import { runParseCli } from '../../../src/intake/parse-cli';

async function run(input: string): Promise<{ code: number; lines: Record<string, unknown>[] }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stdin.end(input);
  const code = await runParseCli(stdin, stdout);
  return { code, lines: out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const KEYS = ['id', 'intent', 'complaintLevel', 'visitType', 'phone', 'contactName', 'address', 'appointment'];

describe('parse CLI', () => {
  test('one line out per line in, every key present, in order', async () => {
    const input = [
      { id: 'a', text: '热水器不出热水，明天下午来修，13900001111', now: '2026-12-04T10:00:00+08:00' },
      { id: 'b', text: '好的', now: '2026-12-04T10:01:00+08:00' },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const { code, lines } = await run(input + '\n');
    expect(code).toBe(0);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
    for (const l of lines) expect(Object.keys(l)).toEqual(KEYS);
    expect(lines[0]).toMatchObject({ intent: 'visit', visitType: 'repair', phone: '13900001111', appointment: { date: '2026-12-05', start: '14:00', end: '18:00' } });
    expect(lines[1]).toMatchObject({ intent: 'other', phone: null, appointment: null });
  });

  test('a bad line gets an error line and the run goes on', async () => {
    const input = [
      '{"id":"x1","text":"收到","now":"2026-12-04T10:00:00+08:00"}',
      '{"id":"x2","text": oops',
      'not json at all',
      '{"id":"x3","now":"2026-12-04T10:00:00+08:00"}',
      '{"id":"x4","text":"收到","now":"yesterday"}',
      '[1,2]',
      '',
      '{"id":"x5","text":"收到","now":"2026-12-04T10:00:00+08:00"}',
    ].join('\n');
    const { code, lines } = await run(input);
    expect(code).toBe(0);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatchObject({ id: 'x1', intent: 'other' });
    expect(lines[1]).toMatchObject({ id: 'x2', error: expect.any(String) });
    expect(lines[2]).toMatchObject({ id: null, error: expect.any(String) });
    expect(lines[3]).toMatchObject({ id: 'x3', error: expect.stringContaining('text') });
    expect(lines[4]).toMatchObject({ id: 'x4', error: expect.stringContaining('now') });
    expect(lines[5]).toMatchObject({ error: expect.any(String) });
    expect(lines[6]).toMatchObject({ error: expect.any(String) });
    expect(lines[7]).toMatchObject({ id: 'x5', intent: 'other' });
  });

  test('streams many lines', async () => {
    const line = JSON.stringify({ id: 'n', text: '锅炉漏水了，麻烦明早派人来，东城区和平里街道和平里九区5号楼2单元301，联系人周女士 13811112222', now: '2026-12-04T10:00:00+08:00' });
    const { lines } = await run(Array(3000).fill(line).join('\n'));
    expect(lines).toHaveLength(3000);
    expect(lines[2999]).toMatchObject({ contactName: '周女士', address: '东城区和平里街道和平里九区5号楼2单元301' });
  });
});
