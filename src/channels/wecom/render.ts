// OutboundBody in WeCom's dialects (platforms.md §3, §4.2, §5.3, §10). Limits are in UTF-8 bytes;
// truncation never splits a character or leaves half a <@userid> / <font> tag behind.
import type { OutboundBody } from '../channel';

export const LIMITS = {
  appText: 2048,
  appMarkdown: 2048,
  robotText: 2048,
  robotMarkdown: 4096,
  kfText: 2048,
  /** response_url has no documented limit; the group-robot one is the safe guess. */
  responseMarkdown: 4096,
  robotImageBytes: 2 * 1024 * 1024,
} as const;

const ELLIPSIS = '…';

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most maxBytes UTF-8 bytes on a code-point boundary, marking the cut. */
export function truncateUtf8(text: string, maxBytes: number, marker = ELLIPSIS): string {
  if (byteLength(text) <= maxBytes) return text;
  const mark = byteLength(marker) <= maxBytes ? marker : '';
  const budget = maxBytes - byteLength(mark);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const b = byteLength(ch);
    if (used + b > budget) break;
    out += ch;
    used += b;
  }
  // A tag cut in half (<@zhang or <font colo) would show as raw markup: drop the fragment.
  const fragment = /<[@/a-zA-Z][^<>]*$/.exec(out);
  if (fragment) out = out.slice(0, fragment.index);
  return out + mark;
}

/** WeCom text and kf messages show markup literally, so markdown-ish lines are flattened. */
export function toPlain(line: string): string {
  return line
    .replace(/<font[^>]*>(.*?)<\/font>/g, '$1')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 $2')
    .replace(/^#{1,6}\s+/, '')
    .replace(/^>\s?/, '')
    .replace(/`([^`]+)`/g, '$1');
}

export function looksLikeMarkdown(body: OutboundBody): boolean {
  return body.lines.some((l) => /\*\*.+\*\*|^#{1,6}\s|^>|\[[^\]]+\]\([^)]+\)|<font /.test(l));
}

export function renderPlainText(body: OutboundBody, maxBytes: number): string {
  const parts = [body.title, ...body.lines].map(toPlain).filter((l, i) => i > 0 || l.trim() !== '');
  return truncateUtf8(parts.join('\n'), maxBytes);
}

function markdownCore(body: OutboundBody): string {
  const title = body.title.trim() ? [`**${body.title.trim()}**`] : [];
  return [...title, ...body.lines].join('\n');
}

export function renderAppMarkdown(body: OutboundBody): string {
  return truncateUtf8(markdownCore(body), LIMITS.appMarkdown);
}

/** Group-robot markdown: mentions as <@userid> at the end, kept whole even when the text is cut. */
export function renderRobotMarkdown(body: OutboundBody, maxBytes: number = LIMITS.robotMarkdown): string {
  const ids = [...new Set((body.mentions ?? []).map((m) => m.userId).filter(Boolean))];
  const tail = ids.length ? `\n${ids.map((id) => `<@${id}>`).join(' ')}` : '';
  if (byteLength(tail) > maxBytes / 2) return truncateUtf8(markdownCore(body), maxBytes);
  return truncateUtf8(markdownCore(body), maxBytes - byteLength(tail)) + tail;
}

export interface RobotText {
  content: string;
  mentioned_list?: string[];
  mentioned_mobile_list?: string[];
}

/** Group-robot text: the ping form, the platform itself renders the @ for mentioned_list. */
export function renderRobotText(body: OutboundBody): RobotText {
  const ids = [...new Set((body.mentions ?? []).map((m) => m.userId).filter(Boolean))];
  const mobiles = [...new Set((body.mentions ?? []).map((m) => m.mobile).filter((m): m is string => !!m))];
  return {
    content: renderPlainText(body, LIMITS.robotText),
    ...(ids.length ? { mentioned_list: ids } : {}),
    ...(mobiles.length ? { mentioned_mobile_list: mobiles } : {}),
  };
}
