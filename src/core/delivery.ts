/**
 * The rules of delivering an outbox message (issue 13, decision 0020), pure:
 * the statuses a message goes through, when quiet hours end, how long a
 * transient failure waits before the next try, and how a provider's status
 * update moves a message (forward only).
 */
import { TZDate } from '@date-fns/tz';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'to_tap', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The statuses a message may be retried from by the owner, and cancelled from. */
export const RETRYABLE_STATUSES: readonly OutboxStatus[] = ['failed', 'cancelled'];
export const CANCELLABLE_STATUSES: readonly OutboxStatus[] = ['queued', 'to_tap', 'failed'];

/** Why the dispatcher cancels a reminder just before sending it (the catalogue says each in words). */
export const CANCEL_REASONS = [
  'paid_since',
  'promised_since',
  'planned_since',
  'disputed_since',
  'reported_since',
  'invoice_closed',
  'nothing_owed',
  'opted_out',
  'superseded',
  'by_owner',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The reason a message left in `sending` past its lease is parked instead of resent (decision 0020). */
export const UNCERTAIN_REASON = 'uncertain: the dispatcher stopped during the send; check before resending';

/** Minutes since local midnight of `HH:MM`, or undefined when the text is not a time of day. */
export function minutesOfDay(text: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/**
 * The instant quiet hours end, when `instant` falls inside them, else null. Quiet
 * hours run from `start` (inclusive) to `end` (exclusive), local time in
 * `timeZone`, and may cross midnight (21:00–07:00: 22:30 waits until 07:00 the
 * next morning, 06:59 one minute). Equal start and end: no quiet hours.
 */
export function quietHoursEnd(instant: Date, timeZone: string, start: string, end: string): Date | null {
  const from = minutesOfDay(start);
  const to = minutesOfDay(end);
  if (from === undefined || to === undefined || from === to) return null;
  const local = new TZDate(instant.getTime(), timeZone);
  const now = local.getHours() * 60 + local.getMinutes();
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  // Across midnight and already past the start: the end is tomorrow morning.
  const dayOffset = from > to && now >= from ? 1 : 0;
  const ends = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate() + dayOffset,
    Math.floor(to / 60),
    to % 60,
    0,
    timeZone,
  );
  return new Date(ends.getTime());
}

export interface BackoffPolicy {
  /** The wait after the first failure; doubles with each further one. */
  readonly baseSeconds: number;
  readonly capSeconds: number;
  /** Tries in all (the first send included); after the last transient failure the message fails. */
  readonly attemptsMax: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 60, capSeconds: 3600, attemptsMax: 5 };

/** FNV-1a of a text: a deterministic source of jitter (the same message and attempt always wait the same). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Seconds to wait after the `attempt`-th try failed for a moment: exponential
 * (base · 2^(attempt−1)), capped, with jitter between half and all of it taken
 * from the message id (so dispatchers retrying many messages spread out, and a
 * test can predict it); never less than what the provider asked for.
 */
export function backoffSeconds(policy: BackoffPolicy, attempt: number, seed: string, retryAfterSeconds?: number): number {
  const exponential = Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  const fraction = 0.5 + (fnv1a(`${seed}#${attempt}`) % 1000) / 2000;
  const jittered = Math.max(1, Math.round(exponential * fraction));
  return Math.max(jittered, Math.min(policy.capSeconds, Math.ceil(retryAfterSeconds ?? 0)));
}

const DELIVERY_RANK: Partial<Record<OutboxStatus, number>> = { sent: 1, delivered: 2, read: 3 };

/**
 * Where a provider's status update takes a message, or null when it changes
 * nothing: sent → delivered → read only go forward (a late `delivered` after
 * `read` is ignored), `failed` counts only before delivery, and a message that
 * was not handed to the provider (queued, cancelled, …) is not moved.
 */
export function nextDeliveryStatus(current: OutboxStatus, update: 'sent' | 'delivered' | 'read' | 'failed'): OutboxStatus | null {
  const rank = DELIVERY_RANK[current];
  if (rank === undefined) return null;
  if (update === 'failed') return current === 'sent' ? 'failed' : null;
  return (DELIVERY_RANK[update] as number) > rank ? update : null;
}

/**
 * The short id a person types for a message: the last eight characters of its
 * id (random, so unique enough within a business; an ambiguous one is refused).
 */
export const SHORT_ID_LENGTH = 8;
export function shortMessageId(id: string): string {
  return id.slice(-SHORT_ID_LENGTH);
}

/** The local calendar date and `HH:MM` of an instant in a time zone (what a person reads for "when"). */
export function localDateTime(instant: string, timeZone: string): { date: string; time: string } {
  const local = new TZDate(Date.parse(instant), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`,
    time: `${pad(local.getHours())}:${pad(local.getMinutes())}`,
  };
}
