/** Events on a customer's collection timeline, as every use case that writes one records them. */
import { reasonText } from './reasons.js';
import { type Effect, event } from '../core/effects.js';
import type { Business } from '../core/parties.js';
import { type Text, render, storedText, t } from '../core/i18n/catalogue.js';

export interface TimelineEntry {
  /** What the event is, derived (`fee_waived:<invoice>:<period>`): a key is recorded once. */
  readonly key: string;
  readonly kind: string;
  readonly customerId: string;
  readonly invoiceId?: string | null;
  readonly details: Record<string, unknown>;
}

/** The event of a business-day, recorded once per key; `then` is written only when it is (core/effects.ts). */
export function timelineEvent(date: string, entry: TimelineEntry, then?: readonly Effect[]): Effect {
  return event(
    {
      key: entry.key,
      kind: entry.kind,
      date,
      customerId: entry.customerId,
      invoiceId: entry.invoiceId ?? null,
      details: entry.details,
    },
    then,
  );
}

/**
 * An event's details as the owner reads them: a `reason` the run stored as a catalogue entry
 * (a hold, a limit change) in the business's language; text written by a person stays as written.
 */
export function readableDetails(details: Record<string, unknown>, business: Business): Record<string, unknown> {
  if (typeof details.reason !== 'string') return details;
  return { ...details, reason: render(storedText(details.reason), { language: business.locale, currency: business.currency }) };
}

/**
 * What a timeline can be narrowed to (`--kind`, `?kind=`): each group and the event kinds in it. Notes and messages
 * come from the communication log and the outbox; the rest are the collection events.
 */
export const TIMELINE_GROUPS = {
  messages: ['message'],
  notes: ['note'],
  reminders: ['reminder', 'unreachable'],
  payments: ['payment_reported', 'payment_verified', 'payment_rejected'],
  promises: ['promise_made', 'promise_kept', 'promise_partly_kept', 'promise_broken'],
  plans: ['plan_agreed', 'plan_completed', 'plan_defaulted'],
  disputes: ['dispute_opened', 'dispute_resolved', 'dispute_rejected'],
  fees: ['late_fee', 'fee_waived'],
  status: [
    'hold',
    'release',
    'in_collection',
    'owner_hold',
    'owner_release',
    'limit_lower',
    'limit_restore',
    'write_off_suggested',
  ],
} as const;
export type TimelineGroup = keyof typeof TIMELINE_GROUPS;
export const TIMELINE_GROUP_NAMES = Object.keys(TIMELINE_GROUPS) as TimelineGroup[];

/** The event kinds the groups name (all when none is named). */
export function kindsOf(groups: readonly TimelineGroup[] | undefined): Set<string> | undefined {
  return groups && groups.length > 0 ? new Set(groups.flatMap((group) => TIMELINE_GROUPS[group])) : undefined;
}

/** How a timeline's sentences name what its events record by id. */
export interface TimelineNames {
  /** An invoice's number. */
  invoice(id: string): string;
  /** A reported payment's reference (null when it has none) and amount, if known. */
  reported(id: string): { reference: string | null; amount: number } | undefined;
}

type Details = Readonly<Record<string, unknown>>;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What a reminder (or a reminder that could not go out) listed: invoices by number, instalments by their place. */
function remindedItems(details: Details, names: TimelineNames): Text[] {
  const items = Array.isArray(details.items)
    ? (details.items as { invoiceId: string | null; number: string | null; instalment: { seq: number; count: number } | null }[])
    : undefined;
  if (items)
    return items.map((item) =>
      item.instalment
        ? t('cli.run.instalment', item.instalment)
        : t('reminder.invoice', { number: item.number ?? names.invoice(item.invoiceId ?? '') }),
    );
  const ids = Array.isArray(details.invoiceIds) ? (details.invoiceIds as string[]) : [];
  return ids.length > 0
    ? ids.map((id) => t('reminder.invoice', { number: names.invoice(id) }))
    : [t('cli.run.instalment_unnamed')];
}

/** Why a customer could not be reached, as the owner reads it (a reason the run recorded). */
export function unreachableWhy(reason: unknown, channels: readonly string[], phone: string | null): Text {
  const known = [
    'no_phone_or_email',
    'no_channel_for_step',
    'landline_only',
    'opted_out',
    'channel_not_configured',
    'channels_failed',
  ] as const;
  const found = known.find((candidate) => candidate === reason) ?? 'no_phone_or_email';
  return t('reach.why', { reason: found, channels, phone });
}

/**
 * An event of a customer's timeline as a sentence for the owner, from the catalogue: what
 * happened, with amounts, invoice numbers and references, never field names or internal ids.
 */
export function describeEvent(event: { kind: string; invoiceId: string | null; details: Details }, names: TimelineNames): Text {
  const d = event.details;
  const invoice = event.invoiceId ? names.invoice(event.invoiceId) : (str(d.number) ?? '-');
  const reason = (value: unknown) => (typeof value === 'string' ? storedText(value) : null);
  switch (event.kind) {
    case 'reminder':
      return t('timeline.reminder', {
        tone: str(d.tone) ?? '',
        channel: str(d.channel) ?? '',
        amount: num(d.amountDue),
        items: remindedItems(d, names),
        step: num(d.step),
      });
    case 'unreachable':
      return t('timeline.unreachable', {
        amount: num(d.amountDue),
        items: remindedItems(d, names),
        reason: unreachableWhy(d.reason, Array.isArray(d.channels) ? (d.channels as string[]) : [], str(d.phone)),
      });
    case 'late_fee':
      return t('timeline.late_fee', { amount: num(d.amount), invoice, period: num(d.period) });
    case 'fee_waived':
      return t('timeline.fee_waived', { amount: num(d.amount), invoice, period: num(d.period), reason: reason(d.reason) });
    case 'hold':
    case 'release':
    case 'in_collection':
    case 'owner_hold':
    case 'owner_release':
      return t('timeline.status', {
        action: event.kind.replace(/^owner_/, '') as 'hold' | 'release' | 'in_collection',
        byOwner: event.kind.startsWith('owner_'),
        reason: reason(d.reason),
      });
    case 'limit_lower':
    case 'limit_restore':
      return t('timeline.limit', {
        from: typeof d.from === 'number' ? d.from : null,
        to: typeof d.to === 'number' ? d.to : null,
        reason: reason(d.reason),
      });
    case 'write_off_suggested':
      return t('timeline.write_off_suggested', { invoice, days: num(d.daysOverdue) });
    case 'plan_agreed': {
      const instalments = Array.isArray(d.instalments) ? (d.instalments as { dueDate: string; amount: number }[]) : [];
      return t('timeline.plan_agreed', {
        total: num(d.total),
        count: instalments.length,
        frequency: str(d.frequency) ?? '',
        first: instalments[0]?.dueDate ?? null,
      });
    }
    case 'plan_completed':
    case 'plan_defaulted':
      return t('timeline.plan_closed', {
        outcome: event.kind === 'plan_completed' ? 'completed' : 'defaulted',
        missedSeq: typeof d.missedSeq === 'number' ? d.missedSeq : null,
        shortfall: typeof d.shortfall === 'number' ? d.shortfall : null,
      });
    case 'promise_made':
      return t('timeline.promise_made', {
        amount: num(d.amount),
        date: str(d.date) ?? '',
        channel: str(d.channel) ?? '',
        note: str(d.note),
      });
    case 'promise_kept':
    case 'promise_partly_kept':
    case 'promise_broken':
      return t('timeline.promise_closed', {
        outcome: event.kind.slice('promise_'.length) as 'kept' | 'partly_kept' | 'broken',
        paid: num(d.paid),
        amount: num(d.amount),
      });
    case 'dispute_opened':
      return t('timeline.dispute_opened', { invoice, reason: str(d.reason) ?? '' });
    case 'dispute_resolved':
    case 'dispute_rejected':
      return t('timeline.dispute_closed', {
        invoice,
        outcome: event.kind === 'dispute_resolved' ? 'resolved' : 'rejected',
        credit: num(d.creditAmount),
        note: str(d.note),
      });
    case 'payment_reported':
      return t('timeline.payment_reported', {
        amount: num(d.amount),
        method: str(d.method) ?? '',
        reference: str(d.reference),
        paidOn: str(d.paidOn) ?? '',
      });
    case 'payment_verified':
    case 'payment_rejected': {
      const report = names.reported(str(d.pendingId) ?? '');
      const reversed = Array.isArray(d.feesReversed) ? (d.feesReversed as { invoiceId: string; amount: number }[]) : [];
      return t('timeline.payment_closed', {
        outcome: event.kind === 'payment_verified' ? 'verified' : 'rejected',
        amount: report?.amount ?? null,
        reference: report?.reference ?? null,
        feesReversed: reversed.reduce((sum, fee) => sum + fee.amount, 0),
        invoices: [...new Set(reversed.map((fee) => names.invoice(fee.invoiceId)))],
        note: str(d.note),
      });
    }
    case 'note':
      return t('timeline.note', {
        kind: str(d.noteKind) ?? 'note',
        outcome: str(d.outcome),
        text: str(d.text) ?? '',
      });
    case 'message':
      return t('timeline.message', {
        channel: str(d.channel) ?? '',
        status: str(d.status) ?? '',
        purpose: t('outbox.purpose', { purpose: str(d.purpose) ?? 'reminder' }),
        recipient: str(d.recipient) ?? '',
        error: reasonText(d.lastError),
      });
    default:
      return t('timeline.other', { kind: event.kind });
  }
}
