/**
 * What every use case is given: the store, the clock, the id source and who is
 * acting. Nothing in `app` reads the real time or the environment itself.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export interface Clock {
  now(): Date;
}

export const ROLES = ['owner', 'staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** Who, as the audit record names them: `cli:owner`, `user:usr_…`, `token:tok_…`. */
  readonly name: string;
  readonly role: Role;
}

export interface IdSource {
  /** A new prefixed, time-ordered id: `cus_01j…`. */
  next(prefix: string): string;
}

export interface AppContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly actor: Actor;
}

/** A clock that always says the same instant (LUNAS_NOW, tests). */
export function fixedClock(instant: Date): Clock & { set(instant: Date): void; advanceMs(ms: number): void } {
  let current = new Date(instant.getTime());
  return {
    now: () => new Date(current.getTime()),
    set: (next) => {
      current = new Date(next.getTime());
    },
    advanceMs: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 10;
const RANDOM_BYTES = 10;

function encodeTime(ms: number): string {
  let text = '';
  let rest = ms;
  for (let i = 0; i < TIME_CHARS; i++) {
    text = CROCKFORD[rest % 32] + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

function encodeRandom(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < 16; i++) {
    text = CROCKFORD[Number(value & 31n)] + text;
    value >>= 5n;
  }
  return text;
}

/**
 * ULID-style ids: 10 characters of milliseconds, then 16 random ones. Within one
 * millisecond the random part counts up, so ids made by one process sort in the
 * order they were made even under a fixed clock.
 */
export function createIdSource(clock: Clock): IdSource {
  let lastMs = -1;
  let lastRandom = new Uint8Array(RANDOM_BYTES);
  return {
    next(prefix) {
      const ms = clock.now().getTime();
      if (ms === lastMs) {
        const next = new Uint8Array(lastRandom);
        for (let i = next.length - 1; i >= 0; i--) {
          next[i] = ((next[i] as number) + 1) & 0xff;
          if (next[i] !== 0) break;
        }
        lastRandom = next;
      } else {
        lastMs = ms;
        lastRandom = new Uint8Array(randomBytes(RANDOM_BYTES));
      }
      return `${prefix}_${encodeTime(ms)}${encodeRandom(lastRandom)}`;
    },
  };
}
