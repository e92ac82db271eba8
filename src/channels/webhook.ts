/**
 * What the webhook parsers share: header look-up, constant-time comparison, forms, timestamps,
 * and the opt-out words (a reply of just STOP or BERHENTI opts the customer out of the channel).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { InboundReply, WebhookRequest, WebhookResult } from './channel.js';
import { fromProviderNumber } from './phone.js';

export interface WebhookOptions {
  /** The current instant (ISO 8601 UTC) for updates the provider sends without a time of their own. */
  readonly now?: () => string;
}

export const nowOf = (options: WebhookOptions | undefined): string => options?.now?.() ?? new Date().toISOString();

/** A header by name, whatever its case in the request. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Compares two secrets in constant time (both hashed first, so their lengths do not leak either). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export const refused = (reason: string): WebhookResult => ({ kind: 'refused', reason });

/** The query parameters of a request URL (absolute or a path). */
export function queryOf(request: WebhookRequest): URLSearchParams {
  return new URL(request.url, 'http://localhost').searchParams;
}

/** A form body's fields in order (names may repeat). */
export function formFields(rawBody: Buffer): [string, string][] {
  return [...new URLSearchParams(rawBody.toString('utf8')).entries()];
}

/** Unix seconds (as a number or digits) as ISO 8601 UTC, or undefined. */
export function fromUnixSeconds(value: unknown): string | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

/**
 * Words that, sent alone, ask to stop messages: Twilio's standard opt-out keywords and their
 * Indonesian counterparts. Only the whole reply counts ("stop" yes, "stop by tomorrow" no).
 */
const OPT_OUT_WORDS = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'cancel',
  'end',
  'quit',
  'optout',
  'opt out',
  'revoke',
  'berhenti',
  'henti',
  'stop langganan',
  'berhenti langganan',
  'jangan kirim lagi',
]);

/** True when a reply asks to stop messages on its channel. */
export function isOptOutText(text: string): boolean {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/[\s-]+/g, ' ')
    .trim();
  return OPT_OUT_WORDS.has(words);
}

/** An inbound reply, with the opt-out reading done once here. */
export function reply(from: string, text: string, at: string): InboundReply {
  return { from: fromProviderNumber(from), text, at, optOut: isOptOutText(text) };
}
