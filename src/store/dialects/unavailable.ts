/**
 * Whether an error means the database is unavailable for a moment (not a bug, not a refusal): the
 * request may be repeated later and may then succeed. The edges answer it with
 * `service_unavailable` (HTTP 503 with Retry-After) instead of an unexpected error. Both dialects'
 * shapes are known here, because a store that cannot even be opened has no seam yet.
 */

/** SQLite result codes (primary, or extended with a suffix) that pass: a lock held too long, I/O, a full disk. */
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|NOMEM)(_|$)/;

/** PostgreSQL SQLSTATEs that pass: connection exceptions, the server shutting down or starting, too many connections, out of resources. */
const POSTGRES_TRANSIENT = /^(08...|57P0[1235]|53...)$/;

/** Socket errors talking to a database server. */
const SOCKET_TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * The node-postgres driver's own errors for a connection lost or not made: they carry no code.
 * "not queryable": a client whose connection broke while checked out (inside a transaction).
 */
const PG_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /not queryable/,
  /^timeout exceeded when trying to connect$/,
  /^Connection terminated due to connection timeout$/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (SQLITE_TRANSIENT.test(code) || POSTGRES_TRANSIENT.test(code) || SOCKET_TRANSIENT.has(code)) return true;
  }
  // A host with several addresses (localhost: ::1 and 127.0.0.1) fails to connect with every one.
  if (error instanceof AggregateError && error.errors.length > 0 && error.errors.every(isDatabaseUnavailable)) return true;
  return PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}
