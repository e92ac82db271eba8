import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, type OutboxStatus, backoffSeconds, nextDeliveryStatus, quietHoursEnd } from './delivery.js';

describe('quiet hours (issue 13)', () => {
  // Asia/Jakarta is UTC+7 all year.
  it.each([
    ['22:30 waits until 07:00 the next morning', '2026-09-12T15:30:00Z', '2026-09-13T00:00:00.000Z'],
    ['21:00 sharp is quiet', '2026-09-12T14:00:00Z', '2026-09-13T00:00:00.000Z'],
    ['06:59 waits one minute', '2026-09-12T23:59:00Z', '2026-09-13T00:00:00.000Z'],
    ['00:10 waits until 07:00 the same day', '2026-09-12T17:10:00Z', '2026-09-13T00:00:00.000Z'],
    ['07:00 sharp may go', '2026-09-13T00:00:00Z', null],
    ['20:59 may go', '2026-09-12T13:59:00Z', null],
    ['noon may go', '2026-09-12T05:00:00Z', null],
  ])('21:00–07:00 in Asia/Jakarta: %s', (_name, at, until) => {
    expect(quietHoursEnd(new Date(at), 'Asia/Jakarta', '21:00', '07:00')?.toISOString() ?? null).toBe(until);
  });

  it('quiet hours within one day (13:00–14:00) and none when start equals end', () => {
    expect(quietHoursEnd(new Date('2026-09-12T06:30:00Z'), 'Asia/Jakarta', '13:00', '14:00')?.toISOString()).toBe(
      '2026-09-12T07:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-09-12T07:00:00Z'), 'Asia/Jakarta', '13:00', '14:00')).toBeNull();
    expect(quietHoursEnd(new Date('2026-09-12T15:30:00Z'), 'Asia/Jakarta', '07:00', '07:00')).toBeNull();
  });

  it('the end is never before the instant and never more than a day after (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom('Asia/Jakarta', 'Asia/Makassar', 'Europe/Berlin', 'UTC'),
        (instant, a, b, zone) => {
          const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const end = quietHoursEnd(instant, zone, hhmm(a), hhmm(b));
          if (end === null) return;
          expect(end.getTime()).toBeGreaterThan(instant.getTime());
          expect(end.getTime() - instant.getTime()).toBeLessThanOrEqual(25 * 3600_000);
          // Once it ends, it is not quiet any more.
          expect(quietHoursEnd(end, zone, hhmm(a), hhmm(b))).toBeNull();
        },
      ),
    );
  });
});

describe('backoff (issue 13)', () => {
  it('grows exponentially with jitter from the message id, capped, and honours Retry-After', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffSeconds(DEFAULT_BACKOFF, attempt, 'msg_a'));
    for (const [i, wait] of waits.entries()) {
      const full = Math.min(3600, 60 * 2 ** i);
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
    }
    expect(backoffSeconds(DEFAULT_BACKOFF, 3, 'msg_a')).toBe(waits[2]); // deterministic
    expect(backoffSeconds(DEFAULT_BACKOFF, 1, 'msg_a', 900)).toBe(900);
  });
});

describe('delivery statuses only go forward (issue 13)', () => {
  const cases: [OutboxStatus, 'sent' | 'delivered' | 'read' | 'failed', OutboxStatus | null][] = [
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'read', 'read'],
    ['sent', 'read', 'read'],
    ['read', 'delivered', null],
    ['delivered', 'delivered', null],
    ['delivered', 'failed', null],
    ['read', 'failed', null],
    ['sent', 'failed', 'failed'],
    ['queued', 'delivered', null],
    ['cancelled', 'read', null],
  ];
  it.each(cases)('%s + %s -> %s', (current, update, next) => expect(nextDeliveryStatus(current, update)).toBe(next));
});
