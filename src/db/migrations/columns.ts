// Column shorthands for the Table API, so every migration spells ids, instants and strings the
// same way on both dialects.
export const id = { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' as const };

/** An instant: epoch milliseconds in a BIGINT. */
export const ms = (name: string, nullable = false) => ({ name, type: 'bigint', isNullable: nullable });

export const str = (name: string, length: number, nullable = true) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

/** The lease columns claimRows() works with. */
export const claimColumns = [str('claimed_by', 80), ms('claimed_until', true)];
