/**
 * The reminder ladder: on which days an item (an invoice or an instalment) is
 * due a reminder, and whether the customer's consolidated message goes out
 * (docs/decisions/0005). Steps are counted per item, so a step missed while
 * the system was down, or held back by the rule, is never sent late.
 */
import { type CalendarDate, addDays, daysBetween } from './dates.js';
import type { Channel, LadderStep, ReminderLadder, Tone } from './policy.js';
import { TONES } from './policy.js';
import { type ContactPoints, addressFor, channelsToTry, isMobileNumber } from './channel-choice.js';

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

/** The point of an item's schedule at a 1-based index (past the repeat limit: where the repeats would have gone). */
export function ladderPointAt(ladder: ReminderLadder, dueDate: CalendarDate, index: number): LadderPoint | undefined {
  const steps = ladder.steps;
  const last = steps[steps.length - 1];
  if (!last || index < 1) return undefined;
  const step = steps[index - 1];
  if (step) return pointOf(step, index, dueDate);
  const offsetDays = last.offsetDays + (index - steps.length) * ladder.repeatEveryDays;
  return { ...pointOf(last, index, dueDate), offsetDays, date: addDays(dueDate, offsetDays) };
}

/** The last reminder the customer got (or the owner was asked to give): its date and what it said. */
export interface LastReminder {
  readonly on: CalendarDate;
  /** Null for a reminder sent before fingerprints were kept: its content is unknown, so anything differs from it. */
  readonly fingerprint: string | null;
}

/**
 * What a consolidated reminder says, as one comparable string: the lead step
 * (its days from the due date, tone, item and index in that item's schedule),
 * and each item with its amount. The step leads (readable, and the rule reads
 * it back); the rest is hashed, so a customer with many open items still has a
 * short fingerprint.
 */
export function reminderFingerprint(
  lead: { offsetDays: number; tone: Tone; itemKey: string; index: number },
  items: readonly { key: string; amount: number }[],
): string {
  const listed = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((i) => `${i.key}=${i.amount}`);
  const total = items.reduce((sum, item) => sum + item.amount, 0);
  return `${lead.offsetDays}:${lead.tone}:${items.length}:${total}:${hash64(`${lead.itemKey}@${lead.index}|${listed.join(',')}`)}`;
}

function stepOfFingerprint(fingerprint: string): number {
  return Number(fingerprint.slice(0, fingerprint.indexOf(':')));
}

/** FNV-1a twice (two offsets), as 16 hex digits: a collision would only hold back one reminder. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

export type ReminderVerdict = 'send' | 'same_content' | 'not_more_severe' | 'too_soon';

/**
 * Whether the day's consolidated reminder goes out (docs/decisions/0005):
 * never the same content as the last one; a step no further past due than the
 * last message's (another item leading now: the oldest was paid, or its ladder
 * ended) only once a repeat interval has passed since it, so the customer is
 * neither told the same step twice nor sent a milder one the next day (steps
 * before a due date excepted: they announce something new); never
 * within the minimum gap of the last (nor twice a day), except the due-date
 * reminder (offset 0) right after a reminder before the due date.
 */
export function reminderVerdict(
  candidate: { fingerprint: string; offsetDays: number },
  last: LastReminder | null,
  asOf: CalendarDate,
  ladder: { minGapDays: number; repeatEveryDays: number },
): ReminderVerdict {
  if (!last) return 'send';
  if (last.fingerprint === candidate.fingerprint) return 'same_content';
  const days = daysBetween(last.on, asOf);
  const lastStep = last.fingerprint === null ? null : stepOfFingerprint(last.fingerprint);
  const gap = Math.max(1, ladder.minGapDays);
  // Before its due date a step announces something new (an instalment, a new bill), so only steps from the due
  // date on are held to this.
  const repeatsWhatWasSaid = lastStep !== null && candidate.offsetDays >= 0 && candidate.offsetDays <= lastStep;
  if (repeatsWhatWasSaid && days < Math.max(gap, ladder.repeatEveryDays)) return 'not_more_severe';
  if (days >= gap) return 'send';
  const isDueDateReminder = candidate.offsetDays === 0 && (lastStep === null || lastStep < 0);
  return isDueDateReminder && days >= 1 ? 'send' : 'too_soon';
}

export function toneRank(tone: Tone): number {
  return TONES.indexOf(tone);
}

/** Why a customer due a reminder cannot get it. */
export type UnreachableReason =
  /** No phone and no email on file. */
  | 'no_phone_or_email'
  /** The only phone is a landline (`021…`): no WhatsApp or SMS, and no email the step may use. */
  | 'landline_only'
  /** The customer opted out of every channel the step allows (and the business sends on). */
  | 'opted_out'
  /** The business sends on none of the channels the step allows. */
  | 'channel_not_configured'
  /** The step's channels need an address the customer does not have (email only, and no email). */
  | 'no_channel_for_step';

/**
 * The channel a reminder goes on (issue 13): the first of `channelsToTry` (the customer's preferred channel, their own
 * order, never a channel they opted out of, never WhatsApp or SMS to a landline, only channels the step allows and
 * the business sends on); or, when there is none, why, for the owner who calls instead.
 */
export function reminderChannel(
  contact: ContactPoints,
  allowed: readonly Channel[],
  configured: ReadonlySet<Channel>,
): { channel: Channel; recipient: string } | { unreachable: UnreachableReason; channels: readonly Channel[] } {
  const first = channelsToTry(contact, allowed, configured)[0];
  if (first) return first;
  if (contact.phone === null && contact.email === null) return { unreachable: 'no_phone_or_email', channels: allowed };
  // What the customer lacks comes first (their address), then what they asked, then what the business has set up;
  // each reason names the channels it is about (those opted out of, those the business has still to set up).
  const addressed = allowed.filter((channel) => addressFor(channel, contact) !== undefined);
  if (addressed.length === 0) {
    const landline = contact.phone !== null && !isMobileNumber(contact.phone);
    return landline && allowed.some((channel) => channel !== 'email')
      ? { unreachable: 'landline_only', channels: allowed }
      : { unreachable: 'no_channel_for_step', channels: allowed };
  }
  const open = addressed.filter((channel) => !contact.optedOut.includes(channel));
  if (open.length === 0) return { unreachable: 'opted_out', channels: addressed };
  return { unreachable: 'channel_not_configured', channels: open.filter((channel) => !configured.has(channel)) };
}
