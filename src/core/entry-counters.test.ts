import { describe, expect, it } from 'vitest';
import { addDays, calendarDate as d } from './dates.js';
import { countersAtEntry } from './entry-counters.js';
import { dueStep } from './ladder.js';
import { minor } from './money.js';
import { type CollectionPolicy, defaultPolicy } from './policy.js';

// Default ladder: -3, 0, +3, +7, then every 7 days 8 times; a flat weekly fee from the day after grace 0.
const policy: CollectionPolicy = {
  ...defaultPolicy({ defaultTermsDays: 14, overdueBlockDays: 60 }),
  graceDays: 0,
  lateFee: { kind: 'flat', amount: minor(5_000), rateBps: null, period: 'week', capAmount: null, capShareBps: null },
};

describe('counters at entry', () => {
  it.each([
    // due, entered on, outstanding, fee periods done, reminder steps done
    ['2026-01-10', '2026-01-05', 100, 0, 0], // entered on time: nothing done
    ['2026-01-10', '2026-01-08', 100, 0, 1], // the -3 step (01-07) was before the entry
    ['2026-01-10', '2026-01-10', 100, 0, 1], // the due-day step is on the entry day: still to send
    ['2026-01-10', '2026-01-11', 100, 1, 2], // first fee period starts 01-11, the entry day: done
    ['2026-01-10', '2026-01-25', 100, 3, 5], // issue 11 defect 7: periods of 01-11, 01-18, 01-25; steps to 01-24
    ['2026-01-10', '2026-01-25', 0, 0, 0], // nothing owed: nothing to count
    ['2026-01-10', '2026-06-01', 100, 21, 12], // past the ladder's last repeat: every step done
  ] as const)('due %s entered %s (outstanding %i): %i fee periods, %i steps done', (due, entered, outstanding, fees, steps) => {
    const counters = countersAtEntry(policy, { dueDate: d(due), outstanding }, d(entered));
    expect(counters.feePeriodsDone).toBe(fees);
    expect(counters.reminderStepsDone).toBe(steps);
  });

  it('no fee kind, no fee periods', () => {
    const counters = countersAtEntry(
      { ...policy, lateFee: { kind: 'none' } },
      { dueDate: d('2026-01-10'), outstanding: 1 },
      d('2026-02-10'),
    );
    expect(counters.feePeriodsDone).toBe(0);
  });

  it('issue 11 defect 7: the first step the run sends for a back-dated item is the one dated on or after the entry day', () => {
    // Every entry day of three months, for an item due 01-10: the step due on any later day is never dated before the entry.
    for (let n = 0; n < 90; n++) {
      const entered = d('2026-01-01');
      const entryDay = addDays(entered, n);
      const done = countersAtEntry(policy, { dueDate: d('2026-01-10'), outstanding: 1 }, entryDay).reminderStepsDone;
      for (let k = 0; k < 30; k++) {
        const asOf = addDays(entryDay, k);
        const step = dueStep(policy.reminders, { dueDate: d('2026-01-10'), startedOn: entered, stepsDone: done }, asOf);
        if (step) expect(step.date >= entryDay).toBe(true);
      }
    }
  });
});
