import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileCues, firstCue } from '../../../src/intake/cue-table';
import { createDefaultParser, EXTENSION_ENV, loadVocabulary } from '../../../src/intake/load-vocabulary';
import { createParser } from '../../../src/intake/parser';
import { mergeVocabulary } from '../../../src/intake/vocabulary';
import { cst } from './helpers';

describe('cue tables', () => {
  test.each([
    [['漏水', '/不(制冷|制热)/'], '空调不制热了', '不制热'],
    [['空调', '中央空调'], '中央空调滴水', '中央空调'],
    [['12315'], '打了12315', '12315'],
    [[], '任何话', null],
  ])('%j in %s finds %s', (entries, text, hit) => {
    expect(firstCue(compileCues(entries), text)?.text ?? null).toBe(hit);
  });

  test('a bad pattern names itself', () => {
    expect(() => compileCues(['/(unclosed/'])).toThrow(/\/\(unclosed\//);
  });
});

describe('vocabulary', () => {
  test('an extension appends to lists and replaces scalars', () => {
    expect(mergeVocabulary({ a: ['x'], b: { c: ['y'] }, s: 'old' }, { a: ['z', 'x'], b: { c: ['w'], d: [1] }, s: 'new' })).toEqual({
      a: ['x', 'z'],
      b: { c: ['y', 'w'], d: [1] },
      s: 'new',
    });
  });

  test('an operator extends the complaint words and the catalogue without code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    const file = join(dir, 'extra.yaml');
    writeFileSync(file, 'intent:\n  complaint:\n    - 黑心商家\n');
    const text = '真是黑心商家';
    const at = cst('2026-12-04 10:00');
    expect(createDefaultParser({})(text, at).intent).toBe('other');
    expect(createDefaultParser({ [EXTENSION_ENV]: file })(text, at).intent).toBe('complaint');
    const parse = createParser(loadVocabulary({ withoutPlaces: true }), { products: [{ id: 'k1', name: '制冰机', aliases: ['冰块机'] }] });
    expect(parse('冰块机不出冰了，明天来修', at).product).toEqual({ id: 'k1', name: '制冰机', matched: '冰块机' });
  });

  test('a vocabulary that is not a mapping is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '- just\n- a list\n');
    expect(() => loadVocabulary({ vocabularyFile: file })).toThrow(/mapping/);
  });
});
