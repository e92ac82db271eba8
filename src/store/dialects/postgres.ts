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

/**
 * How long a checkout may wait, for a free connection of a full pool or for a new connection to
 * be made: past it the query fails as the database being unavailable (503), rather than the
 * request hanging for as long as the network takes to give up on a server that went silent.
 */
const CONNECTION_TIMEOUT_MS = 10_000;
/** An idle connection is closed after this long (then made again when needed). */
const IDLE_TIMEOUT_MS = 10_000;
/** TCP keep-alive probes start after this long without traffic, so a dead peer is noticed. */
const KEEP_ALIVE_INITIAL_DELAY_MS = 10_000;

export function openPostgres(url: string, poolSize: number): { db: Kysely<Database>; seam: DialectSeam; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEP_ALIVE_INITIAL_DELAY_MS,
  });
  // A connection the server closes (restart, failover, `pg_ctl stop -m immediate`) emits 'error' on
  // its client, and an 'error' nobody listens to ends the process. The pool listens on idle
  // clients only; a client checked out (held by a transaction between two statements) is this
  // listener's: its next statement fails ("not queryable"), the transaction fails like any
  // other, and the pool drops the client when it is released. No retry here: the failure
  // reaches the edge, which answers 503 (decision 0012).
  pool.on('connect', (client) => client.on('error', () => {}));
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
