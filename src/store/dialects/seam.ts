/** What differs between SQLite and PostgreSQL, and nothing else. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** A column of a bulk insert and its SQL type. */
export interface BulkColumn {
  readonly name: string;
  readonly type: 'text' | 'bigint' | 'integer';
}

export interface DialectSeam {
  readonly name: DialectName;
  /** Runs `run` in one write transaction: commit on return, roll back on throw. */
  writeTransaction<T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Whether reads that must see the latest row lock it (SELECT … FOR UPDATE); false where the whole write is serialised. */
  readonly rowLocks: boolean;
  /** Whether an error is a unique or primary key violation (a concurrent duplicate). */
  isUniqueViolation(error: unknown): boolean;
  /**
   * Inserts many rows into one table inside `trx`'s transaction, as fast as the
   * dialect allows (the import): values in the order of `columns`.
   */
  insertRows(
    trx: Kysely<Database>,
    table: string,
    columns: readonly BulkColumn[],
    rows: readonly (readonly unknown[])[],
  ): Promise<void>;
}
