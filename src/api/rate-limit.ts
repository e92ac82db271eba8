/**
 * Fixed-window counters for sign-in and sign-up attempts, in memory. Each
 * server process counts on its own, so N processes allow at most N times the
 * limit: enough to stop password guessing, without a shared store.
 */
import type { Clock } from '../app/context.js';

export interface RateLimit {
  readonly attemptsMax: number;
  readonly windowMs: number;
}

export interface RateLimiter {
  /** Counts an attempt under `key`; false when the window's allowance is used up. */
  allow(key: string, limit: RateLimit): boolean;
  /** Seconds until `key` may try again. */
  retryAfterSeconds(key: string, limit: RateLimit): number;
}

/** Bounds memory: past this many keys, the oldest windows are dropped. */
const KEYS_MAX = 10_000;

export function createRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { startMs: number; count: number }>();
  return {
    allow(key, limit) {
      const nowMs = clock.now().getTime();
      const current = windows.get(key);
      if (!current || nowMs - current.startMs >= limit.windowMs) {
        windows.delete(key);
        if (windows.size >= KEYS_MAX) windows.delete(windows.keys().next().value as string);
        windows.set(key, { startMs: nowMs, count: 1 });
        return true;
      }
      current.count += 1;
      return current.count <= limit.attemptsMax;
    },
    retryAfterSeconds(key, limit) {
      const current = windows.get(key);
      if (!current) return 0;
      return Math.max(1, Math.ceil((current.startMs + limit.windowMs - clock.now().getTime()) / 1000));
    },
  };
}
