// A chart the bot links in markdown (DingTalk shows images only by URL) is served by the bot
// itself; the page may load it only from its own origin (CSP img-src 'self'), so such links
// become same-origin paths. Links anywhere else stay as text.

const MARKDOWN_IMAGE = /!\[[^\]]*\]\(([^)\s]+)\)/;

export function displayImage(text: string, publicBaseUrl?: string): { text: string; image?: string } {
  const m = MARKDOWN_IMAGE.exec(text);
  if (!m) return { text };
  const path = sameOriginPath(m[1]!, publicBaseUrl);
  if (!path) return { text };
  return { text: (text.slice(0, m.index) + text.slice(m.index + m[0].length)).replace(/(\s*\n\s*)+$/, '').trimEnd(), image: path };
}

export function sameOriginPath(url: string, publicBaseUrl?: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const base = publicBaseUrl ? safeOrigin(publicBaseUrl) : null;
  if (base && parsed.origin === base) return parsed.pathname + parsed.search;
  return null;
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
