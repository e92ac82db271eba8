/**
 * Expected outcomes are values. Every surface (CLI, HTTP) maps the same codes
 * through ERROR_CODES, so a code means the same thing everywhere.
 */

export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'credit_limit_exceeded'
  | 'customer_on_hold'
  | 'invoice_not_open'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited';

export const ERROR_CODES: Readonly<Record<ErrorCode, { httpStatus: number; exitCode: number }>> = Object.freeze({
  validation_failed: { httpStatus: 400, exitCode: 2 },
  unauthenticated: { httpStatus: 401, exitCode: 2 },
  forbidden: { httpStatus: 403, exitCode: 2 },
  not_found: { httpStatus: 404, exitCode: 2 },
  idempotency_conflict: { httpStatus: 409, exitCode: 2 },
  credit_limit_exceeded: { httpStatus: 422, exitCode: 2 },
  customer_on_hold: { httpStatus: 422, exitCode: 2 },
  invoice_not_open: { httpStatus: 422, exitCode: 2 },
  // HTTP-only outcomes: a request body over the limit, not JSON, or too many sign-in attempts.
  payload_too_large: { httpStatus: 413, exitCode: 2 },
  unsupported_media_type: { httpStatus: 415, exitCode: 2 },
  rate_limited: { httpStatus: 429, exitCode: 2 },
});

/** Exit code and HTTP status of anything unexpected (a bug). */
export const UNEXPECTED = Object.freeze({ httpStatus: 500, exitCode: 1 });

export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details: Record<string, unknown> = {}): Failure {
  return { ok: false, code, message, details };
}

/** A validation failure naming each offending field and why. */
export function invalid(fields: Record<string, string>): Failure {
  const message = Object.entries(fields)
    .map(([field, reason]) => `${field}: ${reason}`)
    .join('; ');
  return fail('validation_failed', message, { fields });
}

export function notFound(kind: string, id: string): Failure {
  return fail('not_found', `no ${kind} ${id} in this business`, { kind, id });
}
