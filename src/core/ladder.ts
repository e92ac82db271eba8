/**
 * The reminder ladder: on which days an item (an invoice or an instalment) is
 * due a reminder, and how the reminders of one customer's items become one
 * message a day. Steps are counted per item, so a step missed while the
 * system was down is sent once (the latest one), never replayed day by day.
 */
import { type CalendarDate, addDays, daysBetween } from './dates.js';
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
  // Arithmetic on offsets, not a schedule per item: the run asks this of every open item every day.
  const daysPastDue = daysBetween(item.dueDate, asOf);
  const steps = ladder.steps;
  const last = steps[steps.length - 1];
  if (!last) return undefined;
  let index = 0;
  let step: LadderStep | undefined;
  let offsetDays = 0;
  if (daysPastDue >= last.offsetDays && ladder.repeatsMax > 0 && daysPastDue >= last.offsetDays + ladder.repeatEveryDays) {
    const repeats = Math.min(ladder.repeatsMax, Math.floor((daysPastDue - last.offsetDays) / ladder.repeatEveryDays));
    index = steps.length + repeats;
    step = last;
    offsetDays = last.offsetDays + repeats * ladder.repeatEveryDays;
  } else {
    for (let i = steps.length - 1; i >= 0; i--) {
      const candidate = steps[i] as LadderStep;
      if (candidate.offsetDays <= daysPastDue) {
        index = i + 1;
        step = candidate;
        offsetDays = candidate.offsetDays;
        break;
      }
    }
  }
  if (!step || index <= item.stepsDone) return undefined;
  const date = addDays(item.dueDate, offsetDays);
  if (date <= item.startedOn) return undefined;
  return { index, date, offsetDays, tone: step.tone, channels: step.channels };
}

export function toneRank(tone: Tone): number {
  return TONES.indexOf(tone);
}

/** The first channel of the list the customer can be reached on: WhatsApp and SMS need a phone, email an address. */
export function channelFor(channels: readonly Channel[], contact: { hasPhone: boolean; hasEmail: boolean }): Channel | undefined {
  return channels.find((channel) => (channel === 'email' ? contact.hasEmail : contact.hasPhone));
}
