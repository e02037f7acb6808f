// OutboundBody → DingTalk markdown (platforms.md §10): the title is only the notification text,
// so the body repeats it as a heading; line breaks get two spaces on each side; images go by
// URL; an @ highlights only when the id is both in `at` and written as "@id" in the text.
import type { OutboundBody } from '../channel';

export interface RenderedMarkdown {
  title: string;
  text: string;
  atUserIds: string[];
  atMobiles: string[];
}

const BREAK = '  \n  ';
const TITLE_MAX = 60;

/**
 * withAt: the target honours `at` (custom robot, sessionWebhook). Without it (robot API templates)
 * the names are written plainly so people still see whom the message is for.
 */
export function renderMarkdown(body: OutboundBody, opts: { withAt: boolean }): RenderedMarkdown {
  const title = oneLine(body.title).slice(0, TITLE_MAX) || '工单通知';
  const lines = [`#### ${oneLine(body.title)}`, ...body.lines.map((l) => l.replace(/\r?\n/g, BREAK))];
  if (body.image?.url) lines.push(`![](${body.image.url})`);

  const atUserIds: string[] = [];
  const atMobiles: string[] = [];
  const tail: string[] = [];
  const written = lines.join('\n');
  for (const m of body.mentions ?? []) {
    if (opts.withAt) {
      const byId = m.userId.trim() !== '';
      const handle = byId ? m.userId : (m.mobile ?? '');
      if (!handle) continue;
      const list = byId ? atUserIds : atMobiles;
      if (list.includes(handle)) continue;
      list.push(handle);
      if (!containsHandle(written, handle)) tail.push(`@${handle}`);
    } else {
      const name = m.name ?? m.userId;
      if (!written.includes(`@${name}`) && !tail.includes(`@${name}`)) tail.push(`@${name}`);
    }
  }
  if (tail.length) lines.push(tail.join(' '));
  return { title, text: lines.join(BREAK), atUserIds, atMobiles };
}

/** "@user1" must not count as present inside "@user12". */
function containsHandle(text: string, handle: string): boolean {
  const escaped = handle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`@${escaped}(?![A-Za-z0-9_-])`).test(text);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The custom-robot / sessionWebhook body. */
export function robotMarkdownBody(r: RenderedMarkdown): Record<string, unknown> {
  return {
    msgtype: 'markdown',
    markdown: { title: r.title, text: r.text },
    at: { atUserIds: r.atUserIds, atMobiles: r.atMobiles, isAtAll: false },
  };
}

/** The robot API template (msgParam is a JSON string; the templates cannot @). */
export function apiMarkdownParams(r: RenderedMarkdown): { msgKey: string; msgParam: string } {
  return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: r.title, text: r.text }) };
}
