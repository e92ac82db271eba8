/** What differs between SQLite and PostgreSQL, and nothing else. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface DialectSeam {
  readonly name: DialectName;
  /** Runs `run` in one write transaction: commit on return, roll back on throw. */
  writeTransaction<T>(run: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Whether reads that must see the latest row lock it (SELECT … FOR UPDATE); false where the whole write is serialised. */
  readonly rowLocks: boolean;
  /** Whether an error is a unique or primary key violation (a concurrent duplicate). */
  isUniqueViolation(error: unknown): boolean;
}
