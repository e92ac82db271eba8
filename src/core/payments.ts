/**
 * Payments: how money received is spread over a customer's open invoices, and
 * the journal entries that record it. An invoice never receives more than its
 * outstanding; what is left over is kept as the customer's credit and applied
 * to the next invoice.
 */
import { assert } from './assert.js';
import type { CalendarDate } from './dates.js';
import { type JournalEntryDraft, type PaymentMethod, buildEntry, cashAccount } from './ledger.js';
import { type Minor, minMinor, minor, negMinor } from './money.js';
import { type Text, t } from './i18n/catalogue.js';

export const EWALLET_PROVIDERS = ['gopay', 'ovo', 'dana', 'shopeepay', 'linkaja'] as const;
export type EwalletProvider = (typeof EWALLET_PROVIDERS)[number];

export interface OpenItem {
  readonly invoiceId: string;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  /** Tie-break so the order is total: the invoice number. */
  readonly number: string;
  readonly outstanding: Minor;
}

export interface Allocation {
  readonly invoiceId: string;
  readonly amount: Minor;
}

export interface AllocationPlan {
  readonly allocations: readonly Allocation[];
  /** What no invoice took: becomes customer credit. */
  readonly unapplied: Minor;
}

/** Oldest due first; then oldest issued; then by number, so the order never depends on the store. */
export function byOldestDue(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.issueDate !== b.issueDate) return a.issueDate < b.issueDate ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/**
 * Spreads an amount over open items oldest-due first, or over the one named
 * item only. No item takes more than its outstanding.
 */
export function allocate(amount: Minor, openItems: readonly OpenItem[], targetInvoiceId?: string): AllocationPlan {
  assert(amount > 0, `allocation amount must be positive, got ${amount}`);
  const candidates = targetInvoiceId
    ? openItems.filter((item) => item.invoiceId === targetInvoiceId)
    : [...openItems].sort(byOldestDue);
  const allocations: Allocation[] = [];
  let remaining = amount;
  for (const item of candidates) {
    if (remaining === 0) break;
    if (item.outstanding <= 0) continue;
    const take = minMinor(remaining, item.outstanding);
    allocations.push({ invoiceId: item.invoiceId, amount: take });
    remaining = minor(remaining - take);
  }
  return { allocations, unapplied: remaining };
}

/** The payment entry: debit the method's cash account, credit receivable per invoice and customer credit for the rest. */
export function paymentEntry(ref: {
  paymentId: string;
  customerId: string;
  date: CalendarDate;
  method: PaymentMethod;
  amount: Minor;
  plan: AllocationPlan;
}): JournalEntryDraft {
  return buildEntry({
    code: 'payment',
    date: ref.date,
    sourceType: 'payment',
    sourceId: ref.paymentId,
    lines: [
      { account: cashAccount(ref.method), amount: ref.amount },
      ...ref.plan.allocations.map((allocation) => ({
        account: 'receivable' as const,
        amount: negMinor(allocation.amount),
        customerId: ref.customerId,
        invoiceId: allocation.invoiceId,
      })),
      { account: 'customer_credit', amount: negMinor(ref.plan.unapplied), customerId: ref.customerId },
    ],
  });
}

/** Applying credit the customer already has to their open invoices: debit customer credit, credit receivable. */
export function creditApplicationEntry(ref: {
  sourceType: string;
  sourceId: string;
  customerId: string;
  date: CalendarDate;
  allocations: readonly Allocation[];
}): JournalEntryDraft | undefined {
  const applied = ref.allocations.reduce((sum, allocation) => sum + allocation.amount, 0);
  if (applied === 0) return undefined;
  return buildEntry({
    code: 'credit_applied',
    date: ref.date,
    sourceType: ref.sourceType,
    sourceId: ref.sourceId,
    lines: [
      { account: 'customer_credit', amount: minor(applied), customerId: ref.customerId },
      ...ref.allocations.map((allocation) => ({
        account: 'receivable' as const,
        amount: negMinor(allocation.amount),
        customerId: ref.customerId,
        invoiceId: allocation.invoiceId,
      })),
    ],
  });
}

/**
 * Credit a customer holds, applied to their open items oldest due first, as
 * `credit_applied` entries. Each allocation is dated on the later of the day
 * the credit was all there (`creditSince`) and the day the item last moved,
 * so a report for any past date never spends credit before it was received nor
 * pays an item more than it then owed; allocations of one date share an entry.
 */
export function creditApplications(ref: {
  customerId: string;
  credit: Minor;
  creditSince: CalendarDate;
  openItems: readonly (OpenItem & { lastMovedOn: CalendarDate })[];
}): JournalEntryDraft[] {
  if (ref.credit <= 0) return [];
  const plan = allocate(ref.credit, ref.openItems);
  const byDate = new Map<CalendarDate, Allocation[]>();
  for (const allocation of plan.allocations) {
    const item = ref.openItems.find((open) => open.invoiceId === allocation.invoiceId) as OpenItem & {
      lastMovedOn: CalendarDate;
    };
    const date = item.lastMovedOn > ref.creditSince ? item.lastMovedOn : ref.creditSince;
    byDate.set(date, [...(byDate.get(date) ?? []), allocation]);
  }
  return [...byDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([date, allocations]) => {
      const entry = creditApplicationEntry({
        sourceType: 'customer_credit',
        sourceId: ref.customerId,
        customerId: ref.customerId,
        date,
        allocations,
      });
      return entry ? [entry] : [];
    });
}

/** A move of a customer's credit, in journal order: a payment's leftover added, or credit applied to invoices. */
export type CreditMove =
  | { readonly kind: 'added'; readonly paymentId: string; readonly amount: Minor }
  | {
      readonly kind: 'applied';
      readonly date: CalendarDate;
      readonly allocations: readonly { readonly invoiceId: string; readonly amount: Minor }[];
    };

/** What became of one payment's leftover: the invoices its credit paid (and when), and what is still credit. */
export interface CreditTrail {
  readonly applied: readonly { readonly invoiceId: string; readonly amount: Minor; readonly date: CalendarDate }[];
  readonly remaining: Minor;
}

/**
 * Credit is one balance per customer; to say what a payment's leftover paid, it is
 * spent first in, first out: each application takes from the oldest leftover not yet
 * spent. The trails of a customer's payments add up to the applications and the
 * credit still held.
 */
export function creditTrails(moves: readonly CreditMove[]): Map<string, CreditTrail> {
  const sources: { paymentId: string; left: number; applied: { invoiceId: string; amount: Minor; date: CalendarDate }[] }[] = [];
  for (const move of moves) {
    if (move.kind === 'added') {
      if (move.amount > 0) sources.push({ paymentId: move.paymentId, left: move.amount, applied: [] });
      continue;
    }
    for (const allocation of move.allocations) {
      let due: number = allocation.amount;
      for (const source of sources) {
        if (due === 0) break;
        if (source.left === 0) continue;
        const take = Math.min(due, source.left);
        source.left -= take;
        due -= take;
        const last = source.applied.at(-1);
        if (last && last.invoiceId === allocation.invoiceId && last.date === move.date)
          source.applied[source.applied.length - 1] = { ...last, amount: minor(last.amount + take) };
        else source.applied.push({ invoiceId: allocation.invoiceId, amount: minor(take), date: move.date });
      }
    }
  }
  return new Map(sources.map((source) => [source.paymentId, { applied: source.applied, remaining: minor(source.left) }]));
}

/** Reasons why method and provider do not fit together. */
export function methodErrors(method: PaymentMethod, provider: string | undefined): Record<string, Text> {
  if (method === 'ewallet') {
    if (provider === undefined) return { provider: t('payment.provider_required', { providers: EWALLET_PROVIDERS }) };
    if (!(EWALLET_PROVIDERS as readonly string[]).includes(provider))
      return { provider: t('payment.provider_unknown', { provider, providers: EWALLET_PROVIDERS }) };
    return {};
  }
  return provider === undefined ? {} : { provider: t('payment.provider_not_taken') };
}

/** A payment as recorded: how much, how, when, and where it went (allocations; the rest is the customer's credit). */
export interface Payment {
  readonly id: string;
  readonly businessId: string;
  readonly customerId: string;
  readonly amount: Minor;
  readonly method: PaymentMethod;
  readonly provider: string | null;
  readonly date: CalendarDate;
  readonly reference: string | null;
  readonly allocations: readonly Allocation[];
  readonly unapplied: Minor;
  readonly createdAt: string;
}
