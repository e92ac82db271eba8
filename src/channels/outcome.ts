/**
 * What every HTTP provider shares: one call with a timeout that never throws, the reading of
 * `Retry-After`, and reasons written as catalogue entries (stored form, see `storeText`) with
 * every secret of the configuration taken out of the provider's own words.
 */
import { type MessageKey, type MessageParams, storeText, t } from '../core/i18n/catalogue.js';
import type { SendOutcome } from './channel.js';

/** The default time a provider gets to answer one message. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** At most this much of a provider's own text is kept in a reason. */
const DETAIL_MAX = 300;

export interface ProviderDeps {
  /** The fetch to call providers with (tests and the benchmark may pass their own). */
  readonly fetch?: typeof fetch;
  /** How long one send may take before it counts as a transient timeout (default 15 s). */
  readonly timeoutMs?: number;
}

/** A reason to put in an outcome: the catalogue entry in stored form (render it with `storedText`). */
export function reason<K extends MessageKey>(
  key: K,
  ...params: MessageParams<K> extends undefined ? [] : [MessageParams<K>]
): string {
  return storeText(t(key, ...params));
}

/**
 * The provider's own text made safe to store and show: every secret (and its base64 and
 * URL-encoded forms, as gateways echo requests back) replaced, control characters removed,
 * length bounded.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]))
      out = out.split(form).join('***');
  }
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return out.length > DETAIL_MAX ? `${out.slice(0, DETAIL_MAX - 1)}…` : out;
}

/** Seconds to wait from a `Retry-After` header: delta seconds, or an HTTP date measured against the answer's own `Date`. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const until = Date.parse(value);
  const serverNow = Date.parse(headers.get('date') ?? '');
  if (Number.isNaN(until) || Number.isNaN(serverNow)) return undefined;
  return Math.max(0, Math.ceil((until - serverNow) / 1000));
}

export type HttpAnswer =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly body: string }
  | { readonly kind: 'failed'; readonly outcome: SendOutcome };

/**
 * One HTTP call with the caller's signal and the provider's own timeout. A network error, a
 * timeout or an abort is a transient outcome (never thrown); otherwise the status and the body
 * as text are returned for the provider to read.
 */
export async function httpCall(
  deps: ProviderDeps,
  url: string,
  init: RequestInit,
  signal: AbortSignal,
  secrets: readonly string[],
): Promise<HttpAnswer> {
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const both = AbortSignal.any([signal, timeout]);
  const doFetch = deps.fetch ?? fetch;
  try {
    const response = await doFetch(url, { ...init, signal: both, redirect: 'manual' });
    const body = await response.text();
    return { kind: 'answer', status: response.status, headers: response.headers, body };
  } catch (error) {
    if (timeout.aborted)
      return {
        kind: 'failed',
        outcome: { kind: 'transient', reason: reason('channel.timeout', { seconds: Math.ceil(timeoutMs / 1000) }) },
      };
    if (signal.aborted) return { kind: 'failed', outcome: { kind: 'transient', reason: reason('channel.aborted') } };
    return {
      kind: 'failed',
      outcome: { kind: 'transient', reason: reason('channel.unreachable', { detail: networkDetail(error, secrets) }) },
    };
  }
}

/** A network error's code (`ECONNREFUSED`, `ENOTFOUND`…) or message, without secrets or URLs. */
function networkDetail(error: unknown, secrets: readonly string[]): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  const message =
    cause && typeof cause.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return scrub(message.replace(/https?:\/\/\S+/g, '<url>'), secrets);
}

/** JSON.parse that says undefined instead of throwing. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** The usual reading of an HTTP status without a usable body: 429 and 5xx are worth another try. */
export function statusOutcome(status: number, headers: Headers, detail: string): SendOutcome {
  if (status === 429)
    return withRetryAfter({ kind: 'transient', reason: reason('channel.rate_limited', { detail }) }, retryAfterSeconds(headers));
  if (status >= 500 || status === 408)
    return withRetryAfter(
      { kind: 'transient', reason: reason('channel.http_status', { status, detail }) },
      retryAfterSeconds(headers),
    );
  return { kind: 'permanent', reason: reason('channel.http_status', { status, detail }) };
}

export function withRetryAfter(outcome: SendOutcome & { kind: 'transient' }, seconds: number | undefined): SendOutcome {
  return seconds === undefined ? outcome : { ...outcome, retryAfterSeconds: seconds };
}

/** A string property of an unknown value, if it is one. */
export function field(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export const asText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
