// Chinese labels and number formats shared by the chat text, the chart and the CSV.
export const DEADLINE_LABELS: Record<string, string> = {
  first_response: '首次响应',
  resolution: '处理完成',
  dispatch: '派单',
  contact: '联系客户',
  arrival: '按时到场',
  report: '服务报告',
  follow_up: '7日内回访',
};

export const VISIT_TYPE_LABELS: Record<string, string> = { install: '安装', repair: '维修', maintenance: '保养', inspection: '巡检', unknown: '未分类' };
export const LEVEL_LABELS: Record<string, string> = { '1': '一级', '2': '二级', '3': '三级', unknown: '未定级' };

/** 0.875 → "87.5%", null → "—". */
export function pct(rate: number | null): string {
  if (rate === null) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** Signed difference, "+2.5" / "-1" / "0". */
export function signed(x: number | null, unit = ''): string {
  if (x === null) return '—';
  const v = Math.round(x * 10) / 10;
  return `${v > 0 ? '+' : ''}${v}${unit}`;
}

export function duration(minutes: number): string {
  if (minutes < 60) return `${Math.max(minutes, 0)}分钟`;
  const h = Math.floor(minutes / 60);
  if (h < 24) return `${h}小时${minutes % 60 ? `${minutes % 60}分` : ''}`;
  const d = Math.floor(h / 24);
  return `${d}天${h % 24 ? `${h % 24}小时` : ''}`;
}

export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
