/**
 * Counters for sign-in and sign-up attempts, in memory, per server process
 * (N processes allow at most N times a limit). Two kinds of limit:
 *
 * - a fixed window (`RateLimit`): so many attempts per window, every attempt
 *   counted (malformed ones too); used per client address;
 * - a backoff (`Backoff`): failures only; after a few, each failure makes
 *   the next attempt wait twice as long as the last (capped), and the
 *   key is forgotten a while after its last failure; used per email and per
 *   email and address. No wall: a key is only ever slowed down, never shut.
 *
 * Memory is bounded per kind of key, so one kind (junk addresses) cannot push
 * out another (a guessed email). When a kind is full, expired entries go
 * first, then the least useful (fewest attempts, soonest to expire); an entry
 * that is making someone wait is never dropped. When every entry of a kind is
 * blocking, a new key of that kind goes uncounted (the other kinds still
 * count it) rather than pushing a block out. Decision note 0013.
 */
import type { Clock } from '../app/context.js';

export interface RateLimit {
  readonly attemptsMax: number;
  readonly windowMs: number;
}

export interface Backoff {
  /** After this many failures, the next attempt waits `firstDelayMs`; each further failure doubles the wait. */
  readonly failuresBeforeWait: number;
  readonly firstDelayMs: number;
  readonly delayMaxMs: number;
  /** A key with no failure for this long is forgotten (the observation window). */
  readonly forgetAfterMs: number;
}

export const KEY_KINDS = ['address', 'signup', 'pair', 'email', 'webhook'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** How many keys each kind keeps at most. */
export type KeyBudgets = Readonly<Record<KeyKind, number>>;

export const DEFAULT_KEY_BUDGETS: KeyBudgets = { address: 10_000, signup: 5_000, pair: 10_000, email: 10_000, webhook: 5_000 };

export interface RateLimiter {
  /** Counts an attempt under `key` in its fixed window; false when the window's allowance is used up. */
  allow(kind: KeyKind, key: string, limit: RateLimit): boolean;
  /** Seconds until `key` may try again (0: it may now). */
  waitSeconds(kind: KeyKind, key: string): number;
  /** Counts a failure under `key`: past the free ones, the next attempt waits. */
  failed(kind: KeyKind, key: string, backoff: Backoff): void;
  /** Forgets `key` (a success). */
  succeeded(kind: KeyKind, key: string): void;
  /** How many keys of a kind are held (for tests and logs). */
  size(kind: KeyKind): number;
}

interface Entry {
  /** Attempts in the window, or failures. */
  count: number;
  windowStartMs: number;
  /** No attempt before this instant. */
  blockedUntilMs: number;
  /** Dropped after this instant (never while blocking). */
  expiresAtMs: number;
}

/** The share of a full kind dropped at once, so a full table is not scanned on every attempt. */
const EVICT_SHARE = 8;

export function createRateLimiter(clock: Clock, budgets: KeyBudgets = DEFAULT_KEY_BUDGETS): RateLimiter {
  const tables = Object.fromEntries(KEY_KINDS.map((kind) => [kind, new Map<string, Entry>()])) as Record<
    KeyKind,
    Map<string, Entry>
  >;
  const nowMs = () => clock.now().getTime();

  /** The live entry of a key (an expired one is dropped). */
  function current(kind: KeyKind, key: string, now: number): Entry | undefined {
    const entry = tables[kind].get(key);
    if (entry && entry.expiresAtMs <= now && entry.blockedUntilMs <= now) {
      tables[kind].delete(key);
      return undefined;
    }
    return entry;
  }

  /** Makes room for one more key of a kind; false when every entry is blocking someone. */
  function makeRoom(kind: KeyKind, now: number): boolean {
    const table = tables[kind];
    const budget = budgets[kind];
    if (table.size < budget) return true;
    for (const [key, entry] of table) if (entry.expiresAtMs <= now && entry.blockedUntilMs <= now) table.delete(key);
    if (table.size < budget) return true;
    const evictable = [...table]
      .filter(([, entry]) => entry.blockedUntilMs <= now)
      .sort(([, a], [, b]) => a.count - b.count || a.expiresAtMs - b.expiresAtMs);
    for (const [key] of evictable.slice(0, Math.max(1, Math.ceil(budget / EVICT_SHARE)))) table.delete(key);
    return table.size < budget;
  }

  function insert(kind: KeyKind, key: string, entry: Entry, now: number): void {
    if (makeRoom(kind, now)) tables[kind].set(key, entry);
  }

  return {
    allow(kind, key, limit) {
      const now = nowMs();
      const entry = current(kind, key, now);
      if (!entry || now - entry.windowStartMs >= limit.windowMs) {
        if (entry) tables[kind].delete(key);
        const windowEndMs = now + limit.windowMs;
        const fresh = {
          count: 1,
          windowStartMs: now,
          blockedUntilMs: limit.attemptsMax <= 1 ? windowEndMs : 0,
          expiresAtMs: windowEndMs,
        };
        insert(kind, key, fresh, now);
        return limit.attemptsMax >= 1;
      }
      entry.count += 1;
      // The allowance used up, the rest of the window waits.
      if (entry.count >= limit.attemptsMax) entry.blockedUntilMs = entry.windowStartMs + limit.windowMs;
      return entry.count <= limit.attemptsMax;
    },
    waitSeconds(kind, key) {
      const now = nowMs();
      const entry = current(kind, key, now);
      if (!entry || entry.blockedUntilMs <= now) return 0;
      return Math.max(1, Math.ceil((entry.blockedUntilMs - now) / 1000));
    },
    failed(kind, key, backoff) {
      const now = nowMs();
      let entry = current(kind, key, now);
      if (!entry) {
        entry = { count: 0, windowStartMs: now, blockedUntilMs: 0, expiresAtMs: now };
        insert(kind, key, entry, now);
      }
      entry.count += 1;
      entry.expiresAtMs = now + backoff.forgetAfterMs;
      const past = entry.count - backoff.failuresBeforeWait;
      if (past >= 0) {
        const delayMs = Math.min(backoff.delayMaxMs, backoff.firstDelayMs * 2 ** Math.min(past, 40));
        entry.blockedUntilMs = now + delayMs;
      }
    },
    succeeded(kind, key) {
      tables[kind].delete(key);
    },
    size: (kind) => tables[kind].size,
  };
}
