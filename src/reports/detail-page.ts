// The full daily lists as a small HTML page, linked from chat when the text must summarise.
import { chinaClock, chinaDay, shortDay } from './china-day';
import { DEADLINE_LABELS, duration, LEVEL_LABELS, pct } from './labels';
import type { DailyReport } from './types';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function dailyDetailHtml(r: DailyReport, title: string): string {
  const overdue = r.backlog.overdueTickets
    .map(
      (t) =>
        `<tr><td>#${esc(t.code)}</td><td>${t.kind === 'complaint' ? `${LEVEL_LABELS[String(t.complaintLevel ?? 'unknown')] ?? ''}投诉` : '上门'}</td><td>${esc(t.summary)}</td>` +
        `<td>${esc(DEADLINE_LABELS[t.deadline] ?? t.deadline)}</td><td>${duration(t.overdueMinutes)}</td><td>${esc(t.ownerName ?? '未指派')}${t.ownerIsDispatcher ? '（待派单）' : ''}</td></tr>`,
    )
    .join('\n');
  const people = r.backlog.people
    .map((p) => `<tr><td>${esc(p.name)}</td><td>${p.open}</td><td>${p.overdue}</td><td>${pct(p.rate)}（${p.met}/${p.due}）</td></tr>`)
    .join('\n');
  const more = r.backlog.overdue > r.backlog.overdueTickets.length ? `<p>另有 ${r.backlog.overdue - r.backlog.overdueTickets.length} 单未列出（按超时时间排序，只列前 ${r.backlog.overdueTickets.length} 单）。</p>` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title>
<style>body{font-family:sans-serif;margin:16px}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px;font-size:14px}</style></head><body>
<h2>${esc(title)}</h2><p>积压为 ${shortDay(chinaDay(Date.parse(r.backlog.asOf)))} ${chinaClock(Date.parse(r.backlog.asOf))} 的状态：在办 ${r.backlog.open} 单，超时 ${r.backlog.overdue} 单。</p>
<h3>超时工单</h3><table><tr><th>单号</th><th>类别</th><th>摘要</th><th>超时时限</th><th>已超时</th><th>负责人</th></tr>
${overdue}
</table>${more}
<h3>人员</h3><table><tr><th>姓名</th><th>在办</th><th>超时</th><th>当日达标</th></tr>
${people}
</table></body></html>`;
}
