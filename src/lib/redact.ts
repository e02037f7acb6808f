// What must never reach a log line: secrets by key name, tokens inside URLs, and customers'
// phone numbers (kept recognisable for support: 138****8000).
const SECRET_KEY = /(secret|token|password|passwd|aes_?key|encodingaeskey|authorization|cookie|^sign$|^signature$|msg_signature)/i;
const MOBILE = /(?<!\d)(\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)/g;
const URL_SECRET_PARAM = /([?&](?:access_token|key|sign|corpsecret|appsecret|session|ticket)=)[^&\s"]+/gi;

export function maskText(text: string): string {
  return text.replace(MOBILE, (_m, _cc, a: string, _b: string, c: string) => `${a}****${c}`).replace(URL_SECRET_PARAM, '$1***');
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  if (value instanceof Error) return { type: value.name, message: maskText(value.message), stack: value.stack && maskText(value.stack) };
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}
