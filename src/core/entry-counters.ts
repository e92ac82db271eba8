/**
 * An entry made on one day about earlier dates (a back-dated sale or invoice,
 * an imported one) is collected from the day the book learned of it, never
 * retroactively: the fee periods already started on the entry day count as
 * done, and so do the reminder steps dated before it. The run then charges
 * from the next period and sends the ladder's step due on the day it sends.
 */
import type { CalendarDate } from './dates.js';
import { feePeriodsStarted } from './fees.js';
import { ladderSchedule } from './ladder.js';
import type { CollectionPolicy } from './policy.js';

export interface EntryCounters {
  readonly feePeriodsDone: number;
  readonly reminderStepsDone: number;
}

/** The counters an item starts with when it is entered on `entryDay` (zero for an item entered on time). */
export function countersAtEntry(
  policy: Pick<CollectionPolicy, 'graceDays' | 'lateFee' | 'reminders'>,
  item: { dueDate: CalendarDate; outstanding: number },
  entryDay: CalendarDate,
): EntryCounters {
  if (item.outstanding <= 0) return { feePeriodsDone: 0, reminderStepsDone: 0 };
  const fee = policy.lateFee;
  const feePeriodsDone = fee.kind === 'none' ? 0 : feePeriodsStarted(item.dueDate, policy.graceDays, fee.period, entryDay);
  // The schedule is in date order (steps, then repeats), so the steps before the day are its first ones.
  const reminderStepsDone = ladderSchedule(policy.reminders, item.dueDate).filter((point) => point.date < entryDay).length;
  return { feePeriodsDone, reminderStepsDone };
}
