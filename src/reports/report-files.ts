// Chart images, full overdue lists and CSV files served at unguessable addresses: DingTalk
// markdown can only show an image by URL, and a chat message links to what does not fit.
// The id is 128 random bits; the row expires so links do not live forever.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database';
import { num, query } from './sql';

export const REPORT_FILE_TTL_MS = 90 * 86_400_000;
export const REPORT_FILE_EXT: Record<string, string> = { 'image/png': 'png', 'text/html; charset=utf-8': 'html', 'text/csv; charset=utf-8': 'csv' };

export interface StoredFile {
  id: string;
  /** Path under the public base URL, e.g. /reports/img/<id>.png */
  path: string;
}

export interface ReportFiles {
  put(contentType: keyof typeof REPORT_FILE_EXT | string, body: Buffer, now: number): Promise<StoredFile>;
  get(id: string, now: number): Promise<{ contentType: string; body: Buffer } | null>;
}

export function pathFor(id: string, contentType: string): string {
  const ext = REPORT_FILE_EXT[contentType] ?? 'bin';
  return ext === 'png' ? `/reports/img/${id}.png` : `/reports/file/${id}.${ext}`;
}

export function createReportFiles(db: Database, ttlMs = REPORT_FILE_TTL_MS): ReportFiles {
  return {
    async put(contentType, body, now) {
      const id = randomBytes(16).toString('hex');
      await db.transaction(async (em) => {
        await em.query('DELETE FROM report_files WHERE expires_at < ?', [now]);
        await em.query('INSERT INTO report_files (id, content_type, body, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', [id, contentType, body, now, now + ttlMs]);
      });
      return { id, path: pathFor(id, contentType) };
    },
    async get(id, now) {
      if (!/^[0-9a-f]{32}$/.test(id)) return null;
      const rows = await query(db, 'SELECT content_type, body, expires_at FROM report_files WHERE id = ?', [id]);
      const row = rows[0];
      if (!row || num(row.expires_at) < now) return null;
      const body = row.body as Buffer | Uint8Array;
      return { contentType: String(row.content_type), body: Buffer.isBuffer(body) ? body : Buffer.from(body) };
    },
  };
}
