/**
 * PostgreSQL, selected by a postgres:// URL. BIGINT and NUMERIC come back from
 * the driver as strings; they are parsed here into numbers and must be safe
 * integers, like all money. Writers on one customer are serialised by reading
 * the customer row with SELECT … FOR UPDATE inside the transaction (rowLocks).
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';
import type { DialectSeam } from './seam.js';

const INT8_OID = 20;
/** Rows per bulk insert statement (one array parameter per column). */
const BULK_ROWS_PER_STATEMENT = 5_000;
const NUMERIC_OID = 1700;

function parseSafeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`database returned ${text}, not a safe integer`);
  return value;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return parseSafeInteger;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export function openPostgres(url: string, poolSize: number): { db: Kysely<Database>; seam: DialectSeam; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  // An idle connection the server closes (restart, failover, shutdown) is dropped by the pool and
  // replaced on the next checkout; without a listener that event would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const seam: DialectSeam = {
    name: 'postgres',
    async writeTransaction(run) {
      return db.transaction().execute(run);
    },
    rowLocks: true,
    isUniqueViolation(error) {
      return (error as { code?: unknown }).code === '23505';
    },
    async insertRows(trx, table, columns, rows) {
      // One statement per few thousand rows: each column travels as one array parameter.
      for (let at = 0; at < rows.length; at += BULK_ROWS_PER_STATEMENT) {
        const chunk = rows.slice(at, at + BULK_ROWS_PER_STATEMENT);
        const arrays = columns.map(
          (column, index) =>
            sql`${chunk.map((row) => (column.type === 'text' || row[index] === null ? row[index] : String(row[index])))}::${sql.raw(column.type)}[]`,
        );
        await sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column.name)))}) select * from unnest(${sql.join(arrays)})`.execute(
          trx,
        );
      }
    },
  };
  return { db, seam, pool };
}
