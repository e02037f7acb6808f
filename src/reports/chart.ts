// The dashboard chart: an SVG written by hand (no browser, no system graphics stack) rendered
// to PNG by @resvg/resvg-js, whose native binary ships in the npm package. Text is drawn with
// Noto Sans SC (OTF) from the @embedpdf/fonts-sc package so a fresh CI machine without CJK
// fonts renders the same picture.
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { shortDay } from './china-day';
import { DEADLINE_LABELS, LEVEL_LABELS, pct, VISIT_TYPE_LABELS } from './labels';
import { JUDGED_DEADLINES, type DailyReport } from './types';

const FONT_FAMILY = 'Noto Sans SC';
const W = 960;
const H = 540;
const COLORS: Record<string, string> = { first_response: '#2f6fde', resolution: '#17a673', arrival: '#f29d38', follow_up: '#9b59b6' };

let fontFile: string | null = null;
function cjkFont(): string {
  // The package's "exports" map hides its fonts folder; find it beside the entry point.
  fontFile ??= join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', 'NotoSansHans-Regular.otf');
  return fontFile;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function text(x: number, y: number, s: string, opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; fill?: string; weight?: number } = {}): string {
  return `<text x="${x}" y="${y}" font-size="${opts.size ?? 14}" text-anchor="${opts.anchor ?? 'start'}" fill="${opts.fill ?? '#333'}"${opts.weight ? ` font-weight="${opts.weight}"` : ''}>${esc(s)}</text>`;
}

/** The SVG source: the week's SLA trend on the left, the report day's breakdown on the right. */
export function dailyChartSvg(r: DailyReport): string {
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(text(24, 36, `售后日报 ${shortDay(r.date)}${r.complete ? '' : '（今日截至目前）'}`, { size: 22, weight: 700, fill: '#111' }));

  // Left: rates per day, 0–100 %.
  const L = { x: 64, y: 80, w: 500, h: 340 };
  parts.push(text(L.x - 40, L.y - 16, '近7日时效达标率', { size: 16, weight: 700 }));
  for (let p = 0; p <= 100; p += 25) {
    const y = L.y + L.h - (p / 100) * L.h;
    parts.push(`<line x1="${L.x}" y1="${y}" x2="${L.x + L.w}" y2="${y}" stroke="#e5e5e5" stroke-width="1"/>`);
    parts.push(text(L.x - 8, y + 5, `${p}%`, { size: 12, anchor: 'end', fill: '#888' }));
  }
  const n = r.week.length;
  const xAt = (i: number) => L.x + (n === 1 ? L.w / 2 : (i * L.w) / (n - 1));
  r.week.forEach((d, i) => parts.push(text(xAt(i), L.y + L.h + 22, shortDay(d.date), { size: 12, anchor: 'middle', fill: '#666' })));
  for (const k of JUDGED_DEADLINES) {
    const pts = r.week.map((d, i) => (d.targets[k].rate === null ? null : ([xAt(i), L.y + L.h - d.targets[k].rate! * L.h] as const)));
    // Days with nothing due leave a gap rather than pretending to be 0 % or 100 %.
    let seg: string[] = [];
    const flush = () => {
      if (seg.length > 1) parts.push(`<polyline points="${seg.join(' ')}" fill="none" stroke="${COLORS[k]}" stroke-width="2.5"/>`);
      seg = [];
    };
    for (const p of pts) {
      if (!p) flush();
      else {
        seg.push(`${p[0].toFixed(1)},${p[1].toFixed(1)}`);
        parts.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3.5" fill="${COLORS[k]}"/>`);
      }
    }
    flush();
  }
  JUDGED_DEADLINES.forEach((k, i) => {
    const x = L.x + i * 125;
    const y = L.y + L.h + 52;
    parts.push(`<rect x="${x}" y="${y - 10}" width="14" height="4" fill="${COLORS[k]}"/>`);
    parts.push(text(x + 20, y - 3, DEADLINE_LABELS[k]!, { size: 13 }));
  });

  // Right: the day's new tickets by class, and each target met vs missed.
  const R = { x: 620, y: 80, w: 300 };
  parts.push(text(R.x, R.y - 16, `当日新建 ${r.opened.total} 单`, { size: 16, weight: 700 }));
  const bars: [string, number, string][] = [
    ...(['1', '2', '3'] as const).map((l) => [`投诉${LEVEL_LABELS[l]}`, r.opened.complaintByLevel[l] ?? 0, l === '3' ? '#d9534f' : '#e8856f'] as [string, number, string]),
    ...(['install', 'repair', 'maintenance', 'inspection'] as const).map((t) => [`上门${VISIT_TYPE_LABELS[t]}`, r.opened.visitByType[t] ?? 0, '#4a90d9'] as [string, number, string]),
  ];
  const max = Math.max(1, ...bars.map((b) => b[1]));
  const barW = R.w - 110;
  bars.forEach(([label, v, color], i) => {
    const y = R.y + i * 26;
    parts.push(text(R.x, y + 14, label, { size: 13 }));
    parts.push(`<rect x="${R.x + 72}" y="${y + 2}" width="${((v / max) * barW).toFixed(1)}" height="16" fill="${color}"/>`);
    parts.push(text(R.x + 78 + (v / max) * barW, y + 15, String(v), { size: 12, fill: '#555' }));
  });

  const T = { y: R.y + bars.length * 26 + 40 };
  parts.push(text(R.x, T.y - 8, '当日到期时限：达标 / 未达标', { size: 16, weight: 700 }));
  JUDGED_DEADLINES.forEach((k, i) => {
    const t = r.targets[k];
    const y = T.y + 8 + i * 30;
    parts.push(text(R.x, y + 14, DEADLINE_LABELS[k]!, { size: 13 }));
    const total = Math.max(1, t.due);
    const metW = (t.met / total) * (barW - 30);
    parts.push(`<rect x="${R.x + 72}" y="${y + 2}" width="${(barW - 30).toFixed(1)}" height="16" fill="${t.due === 0 ? '#f0f0f0' : '#f3c1bf'}"/>`);
    if (t.met > 0) parts.push(`<rect x="${R.x + 72}" y="${y + 2}" width="${metW.toFixed(1)}" height="16" fill="#5cb85c"/>`);
    parts.push(text(R.x + 78 + barW - 30, y + 15, t.due === 0 ? '无到期' : `${pct(t.rate)} ${t.met}/${t.due}`, { size: 12, fill: '#555' }));
  });

  parts.push(
    text(R.x, H - 30, `积压 ${r.backlog.open} 单 · 超时 ${r.backlog.overdue} 单 · 升级 ${r.escalations} 次`, { size: 14, fill: r.backlog.overdue > 0 ? '#c0392b' : '#333', weight: 700 }),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_FAMILY}">${parts.join('')}</svg>`;
}

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [cjkFont()], defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'width', value: W * 1.5 },
    background: '#ffffff',
  });
  return resvg.render().asPng();
}

export function dailyChartPng(r: DailyReport): Buffer {
  return svgToPng(dailyChartSvg(r));
}
