// Column helpers shared by entities and migrations. Instants are stored as epoch milliseconds
// in BIGINT columns: identical on SQLite and MySQL, no driver time-zone conversions, and day
// buckets in China time are plain integer arithmetic in SQL.
import type { ValueTransformer } from 'typeorm';

/** mysql2 may hand BIGINT back as a string; the domain always sees a number (or null). */
export const bigintNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};

export const jsonText: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v)),
  from: (v: string | null) => (v === null || v === undefined ? null : JSON.parse(v)),
};

export type Dialect = 'sqlite' | 'mysql';

/** The one place migrations differ: MySQL TEXT holds 64 KiB, so big payloads need MEDIUMTEXT. */
export function longTextType(dialect: Dialect): string {
  return dialect === 'mysql' ? 'mediumtext' : 'text';
}
