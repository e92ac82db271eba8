/**
 * Expected outcomes are values. Every surface (CLI, HTTP) maps the same codes
 * through ERROR_CODES, so a code means the same thing everywhere.
 */
import { type RenderContext, type Text, english, render, t } from './i18n/catalogue.js';

export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'idempotency_conflict'
  | 'credit_limit_exceeded'
  | 'customer_on_hold'
  | 'invoice_not_open'
  | 'message_wrong_status'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'service_unavailable';

export const ERROR_CODES: Readonly<Record<ErrorCode, { httpStatus: number; exitCode: number }>> = Object.freeze({
  validation_failed: { httpStatus: 400, exitCode: 2 },
  unauthenticated: { httpStatus: 401, exitCode: 2 },
  forbidden: { httpStatus: 403, exitCode: 2 },
  not_found: { httpStatus: 404, exitCode: 2 },
  idempotency_conflict: { httpStatus: 409, exitCode: 2 },
  credit_limit_exceeded: { httpStatus: 422, exitCode: 2 },
  customer_on_hold: { httpStatus: 422, exitCode: 2 },
  invoice_not_open: { httpStatus: 422, exitCode: 2 },
  /** The message is not in a status the action applies to (cancel a sent one, retry a queued one, open one not to tap). */
  message_wrong_status: { httpStatus: 409, exitCode: 2 },
  // HTTP-only outcomes: a request body over the limit, not JSON, or too many sign-in attempts.
  payload_too_large: { httpStatus: 413, exitCode: 2 },
  unsupported_media_type: { httpStatus: 415, exitCode: 2 },
  rate_limited: { httpStatus: 429, exitCode: 2 },
  // The database cannot be reached for a moment (restart, failover, a lock held too long, disk I/O):
  // not a refusal and not a bug; the same request may succeed later. Exit 75 is sysexits' EX_TEMPFAIL.
  service_unavailable: { httpStatus: 503, exitCode: 75 },
});

/** Exit code and HTTP status of anything unexpected (a bug). */
export const UNEXPECTED = Object.freeze({ httpStatus: 500, exitCode: 1 });

export interface Failure {
  readonly ok: false;
  readonly code: ErrorCode;
  /** English with amounts as bare minor units: for logs and for code. People read `text`, rendered at the edge. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  /** What went wrong, as a catalogue entry: the CLI and the API render it in the reader's language. */
  readonly text: Text;
  /** The reason for each field of `details.fields`, as catalogue entries. */
  readonly fieldTexts?: Readonly<Record<string, Text>>;
  /** The reason for each of `details.problems` (an import's lines), as catalogue entries, in order. */
  readonly problemTexts?: readonly Text[];
}

export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Success<T> | Failure;

export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** A failure with what a person reads as a catalogue entry: `fail('invoice_not_open', t('invoice.not_open', {...}), details)`. */
export function fail(code: ErrorCode, text: Text, details: Record<string, unknown> = {}): Failure {
  return { ok: false, code, message: english(text), details, text };
}

/** A validation failure naming each offending field and why (each reason a catalogue entry). */
export function invalid(fields: Record<string, Text>): Failure {
  const englishFields = Object.fromEntries(Object.entries(fields).map(([field, reason]) => [field, english(reason)]));
  return { ...fail('validation_failed', t('validation.fields', { fields }), { fields: englishFields }), fieldTexts: fields };
}

/** The kinds of object a lookup can miss; each has a name in the catalogue. */
export type ObjectKind =
  | 'business'
  | 'customer'
  | 'invoice'
  | 'payment'
  | 'dispute'
  | 'pending payment'
  | 'member'
  | 'API token'
  | 'channel'
  | 'message';

export function notFound(kind: ObjectKind, id: string): Failure {
  return fail('not_found', t('not_found.object', { kind, id }), { kind, id });
}

/**
 * The failure as a person reads it in one language: `message`, and the reasons in
 * `details.fields` and `details.problems`, rendered from the catalogue; code and details keep their shape.
 */
export function localizeFailure(failure: Failure, context: RenderContext): Failure {
  const details: Record<string, unknown> = { ...failure.details };
  if (failure.fieldTexts)
    details.fields = Object.fromEntries(
      Object.entries(failure.fieldTexts).map(([field, reason]) => [field, render(reason, context)]),
    );
  const problems = failure.details.problems;
  if (failure.problemTexts && Array.isArray(problems))
    details.problems = problems.map((problem: Record<string, unknown>, index) => {
      const reason = failure.problemTexts?.[index];
      return reason ? { ...problem, reason: render(reason, context) } : problem;
    });
  return { ...failure, message: render(failure.text, context), details };
}
