/**
 * The reminder ladder: on which days an item (an invoice or an instalment) is
 * due a reminder, and how the reminders of one customer's items become one
 * message a day. Steps are counted per item, so a step missed while the
 * system was down is sent once (the latest one), never replayed day by day.
 */
import { type CalendarDate, addDays } from './dates.js';
import type { Channel, LadderStep, ReminderLadder, Tone } from './policy.js';
import { TONES } from './policy.js';

export interface LadderPoint {
  /** 1-based index of the step in the item's schedule (steps, then repeats). */
  readonly index: number;
  readonly date: CalendarDate;
  /** Days from the due date. */
  readonly offsetDays: number;
  readonly tone: Tone;
  readonly channels: readonly Channel[];
}

/** The item's whole schedule: each step, then the repeats after the last one. */
export function ladderSchedule(ladder: ReminderLadder, dueDate: CalendarDate): LadderPoint[] {
  const points: LadderPoint[] = ladder.steps.map((step, i) => pointOf(step, i + 1, dueDate));
  const last = ladder.steps[ladder.steps.length - 1];
  if (!last) return points;
  for (let r = 1; r <= ladder.repeatsMax; r++) {
    const offsetDays = last.offsetDays + r * ladder.repeatEveryDays;
    points.push({ ...pointOf(last, ladder.steps.length + r, dueDate), offsetDays, date: addDays(dueDate, offsetDays) });
  }
  return points;
}

function pointOf(step: LadderStep, index: number, dueDate: CalendarDate): LadderPoint {
  return {
    index,
    date: addDays(dueDate, step.offsetDays),
    offsetDays: step.offsetDays,
    tone: step.tone,
    channels: step.channels,
  };
}

/**
 * The step an item is due on a date: the latest step dated on or before it
 * that was not yet sent, provided it falls after the item began (no reminder
 * on the day of the sale, none for steps from before it existed).
 */
export function dueStep(
  ladder: ReminderLadder,
  item: { dueDate: CalendarDate; startedOn: CalendarDate; stepsDone: number },
  asOf: CalendarDate,
): LadderPoint | undefined {
  let latest: LadderPoint | undefined;
  for (const point of ladderSchedule(ladder, item.dueDate)) {
    if (point.date > asOf) break;
    latest = point;
  }
  if (!latest || latest.index <= item.stepsDone || latest.date <= item.startedOn) return undefined;
  return latest;
}

export function toneRank(tone: Tone): number {
  return TONES.indexOf(tone);
}

/** The first channel of the list the customer can be reached on: WhatsApp and SMS need a phone, email an address. */
export function channelFor(channels: readonly Channel[], contact: { hasPhone: boolean; hasEmail: boolean }): Channel | undefined {
  return channels.find((channel) => (channel === 'email' ? contact.hasEmail : contact.hasPhone));
}
