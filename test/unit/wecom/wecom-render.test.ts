import { byteLength, LIMITS, renderAppMarkdown, renderPlainText, renderRobotMarkdown, renderRobotText, toPlain, truncateUtf8 } from '../../../src/channels/wecom/render';
import type { OutboundBody } from '../../../src/channels/channel';

describe('truncateUtf8', () => {
  test('never splits a character: 3-byte CJK and 4-byte emoji at every limit', () => {
    const text = '工单😀'.repeat(200);
    for (let max = 1; max < 60; max++) {
      const out = truncateUtf8(text, max);
      expect(byteLength(out)).toBeLessThanOrEqual(max);
      expect(out).not.toContain('\uFFFD');
      expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
      // No lone surrogate halves.
      expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(out)).toBe(false);
    }
  });

  test('text under the limit is untouched; over it ends with the ellipsis exactly at the limit or below', () => {
    expect(truncateUtf8('短', 10)).toBe('短');
    const out = truncateUtf8('漏'.repeat(1000), 2048);
    expect(out.endsWith('…')).toBe(true);
    expect(byteLength(out)).toBeLessThanOrEqual(2048);
    expect(byteLength(out)).toBeGreaterThan(2040);
  });

  test('a tag cut in half is dropped rather than shown as raw markup', () => {
    const text = `${'a'.repeat(20)}<@ZhangGong> 请处理`;
    const out = truncateUtf8(text, 26);
    expect(out).toBe(`${'a'.repeat(20)}…`);
  });
});

const body = (over: Partial<OutboundBody> = {}): OutboundBody => ({ title: '工单 #1024 已超时', lines: ['**客户**：周女士', '> 净水器漏水'], ...over });

describe('dialects', () => {
  test('plain text flattens markdown for text messages and kf', () => {
    expect(renderPlainText(body(), 2048)).toBe('工单 #1024 已超时\n客户：周女士\n净水器漏水');
    expect(toPlain('[查看](https://x.example/1) <font color="warning">超时</font>')).toBe('查看 https://x.example/1 超时');
  });

  test('app markdown keeps formatting with a bold title, within 2048 bytes', () => {
    expect(renderAppMarkdown(body())).toBe('**工单 #1024 已超时**\n**客户**：周女士\n> 净水器漏水');
    const long = renderAppMarkdown(body({ lines: ['很长'.repeat(2000)] }));
    expect(byteLength(long)).toBeLessThanOrEqual(LIMITS.appMarkdown);
  });

  test('robot markdown mentions with <@userid> and keeps them whole when the text is cut', () => {
    const md = renderRobotMarkdown(body({ lines: ['超时'.repeat(3000)], mentions: [{ userId: 'ZhangGong' }, { userId: 'LiuGong' }, { userId: 'ZhangGong' }] }));
    expect(byteLength(md)).toBeLessThanOrEqual(4096);
    expect(md.endsWith('\n<@ZhangGong> <@LiuGong>')).toBe(true);
    expect(md).toContain('…');
  });

  test('robot text carries mentioned_list and mentioned_mobile_list, content ≤ 2048 bytes', () => {
    const t = renderRobotText(body({ lines: ['单'.repeat(1000)], mentions: [{ userId: 'ZhangGong', mobile: '13800000003' }, { userId: 'LiuGong' }] }));
    expect(t.mentioned_list).toEqual(['ZhangGong', 'LiuGong']);
    expect(t.mentioned_mobile_list).toEqual(['13800000003']);
    expect(byteLength(t.content)).toBeLessThanOrEqual(2048);
  });

  test('no mentions, no mention fields', () => {
    expect(renderRobotText(body())).toEqual({ content: '工单 #1024 已超时\n客户：周女士\n净水器漏水' });
  });
});
