// Marks a report day as a weekend or public holiday (the package's data; 调休 make-up days
// count as working days), so a quiet Sunday is not read as a bad day.
import { getDayDetail } from 'chinese-days';

export function restDayName(day: string): string | null {
  try {
    const d = getDayDetail(day);
    if (d.work) return null;
    const zh = d.name.split(',')[1];
    return zh ?? (/Saturday|Sunday/.test(d.name) ? '周末' : '休息日');
  } catch {
    return null;
  }
}
