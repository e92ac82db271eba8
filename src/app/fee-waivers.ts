/**
 * Waiving a late fee: the owner takes back one period's fee, with a reason.
 * The fee's entry is reversed (never edited), the invoice's fees-charged
 * counter follows, and the waiver lands on the customer's timeline. A period
 * is waived once; the run never charges it again (its key is spent).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { CalendarDate } from '../core/dates.js';
import { type JournalEntryDraft, type JournalLine, reverseEntry } from '../core/ledger.js';
import { type Minor, minor } from '../core/money.js';
import { allocate } from '../core/payments.js';
import type { Business } from '../core/parties.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { entry } from '../core/effects.js';
import { getInvoice, owedByCustomerOn } from '../store/invoices-repo.js';
import { entriesOfSource, lateFeesAfter } from '../store/journal-repo.js';
import { getCustomerLocked } from '../store/parties-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { type WriteTools, runCommand } from './command.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { timelineEvent } from './timeline.js';
import { resolveInvoice } from './lookups.js';
import { idOrRef, parseInput, textField } from './validate.js';
import { t } from '../core/i18n/catalogue.js';

const waiveSchema = z
  .object({
    invoice: idOrRef,
    period: z
      .number({ error: 'must be a fee period number (1, 2, …)' })
      .refine((n) => Number.isSafeInteger(n) && n >= 1, 'must be a fee period number (1, 2, …)'),
    reason: textField(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export interface FeeWaiver {
  readonly invoiceId: string;
  readonly period: number;
  readonly amount: number;
  readonly reason: string;
  readonly outstanding: number;
}

/** Waives one period's late fee on an open invoice (owner only). */
export async function waiveFee(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof waiveSchema>,
): Promise<Result<FeeWaiver>> {
  const allowed = requirePermission(ctx.actor, 'invoice.correct');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(waiveSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: 'fee.waive', idempotencyKey, request }, async (trx, tools) => {
    const first = await resolveInvoice(trx, business.id, request.invoice);
    if (!first.ok) return first;
    await getCustomerLocked(trx, ctx.store.seam, business.id, first.value.customerId);
    const invoice = await getInvoice(trx, business.id, first.value.id);
    if (!invoice) return notFound('invoice', request.invoice);
    const key = `late_fee:${invoice.id}:${request.period}`;
    const [fee] = await entriesOfSource(trx, business.id, 'late_fee', key);
    if (!fee) return invalid({ period: t('fee.not_charged', { number: invoice.number, period: request.period }) });
    // A waived period is said to be waived whatever the invoice's state since (the waiver itself lowered it).
    if ((await entriesOfSource(trx, business.id, 'fee_waiver', key)).length > 0)
      return alreadyWaived(request.period, invoice.number);
    const amount = minor(fee.lines.find((line) => line.account === 'receivable')?.amount ?? 0);
    if (invoice.status !== 'open' || invoice.outstanding < amount)
      return fail('invoice_not_open', t('fee.already_paid', { number: invoice.number }), {
        invoiceId: invoice.id,
        status: invoice.status,
      });
    const today = todayOf(ctx, business);
    const recorded = await reverseFeeIn(ctx, trx, tools, business.id, {
      invoiceId: invoice.id,
      customerId: invoice.customerId,
      key,
      fee,
      amount,
      reason: request.reason,
      today,
      date: today,
    });
    if (!recorded) return alreadyWaived(request.period, invoice.number);
    await tools.audit('fee.waive', 'invoice', invoice.id, { period: request.period, amount, reason: request.reason });
    return ok({
      invoiceId: invoice.id,
      period: request.period,
      amount,
      reason: request.reason,
      outstanding: invoice.outstanding - amount,
    });
  });
}

function alreadyWaived(period: number, invoiceNumber: string) {
  return invalid({ period: t('fee.already_waived', { number: invoiceNumber, period }) });
}

/**
 * Takes back one charged fee inside a caller's transaction: the waiver on the
 * timeline (once per period: false if it was already waived), the reversal of
 * its entry dated `date`, and the invoice's fees-charged counter. The period's
 * key stays spent, so the run never charges that period again.
 */
export async function reverseFeeIn(
  ctx: AppContext,
  trx: Kysely<Database>,
  tools: WriteTools,
  businessId: string,
  ref: {
    invoiceId: string;
    customerId: string;
    /** `late_fee:<invoice>:<period>` */
    key: string;
    fee: { id: string; lines: readonly JournalLine[] };
    amount: number;
    reason: string;
    /** The business day it is done (the timeline's date). */
    today: CalendarDate;
    /** The reversal's date: today for a waiver, the fee's own day when the fee should never have been charged. */
    date: CalendarDate;
    /**
     * The invoice was paid since, fee and all: the fee comes back as the customer's
     * credit (the invoice keeps what it was charged and paid).
     */
    refundAsCredit?: boolean;
  },
): Promise<boolean> {
  const period = Number(ref.key.split(':')[2]);
  const key = `fee_waived:${ref.invoiceId}:${period}`;
  const reversal = reverseEntry(ref.fee, ref.date, 'fee_waiver', ref.key, ref.reason);
  // The reversal, and what the invoice has been charged, only when the waiver is new.
  const written = await tools.write([
    timelineEvent(
      ref.today,
      {
        key,
        kind: 'fee_waived',
        customerId: ref.customerId,
        invoiceId: ref.invoiceId,
        details: { period, amount: ref.amount, reason: ref.reason },
      },
      ref.refundAsCredit
        ? [entry(refundEntry(reversal))]
        : [entry(reversal), { type: 'invoice_counters', invoiceId: ref.invoiceId, feeCharged: -ref.amount }],
    ),
  ]);
  return written.recorded.has(key);
}

/** A reversal whose receivable lines become the customer's credit: what was paid and is no longer owed. */
function refundEntry(reversal: JournalEntryDraft): JournalEntryDraft {
  return {
    ...reversal,
    lines: reversal.lines.map((line) =>
      line.account === 'receivable' ? { account: 'customer_credit', amount: line.amount, customerId: line.customerId } : line,
    ),
  };
}

/**
 * The late fees a payment made on `paidOn` takes back: those charged after that
 * day on the invoices it settled that day (counting those fees as settled too).
 * Had the payment been booked when it was made, they would never have been
 * charged. For a reported payment when it is verified, and for a payment entered
 * with an earlier date.
 */
export async function feesPaidBefore(
  trx: Kysely<Database>,
  business: Business,
  payment: { customerId: string; amount: Minor; invoiceId: string | null },
  paidOn: CalendarDate,
) {
  // What the payment met on the day it was made: the invoices open then (paid since or not), at what they owed then.
  const then = await owedByCustomerOn(trx, business.id, payment.customerId, paidOn);
  if (then.length === 0) return [];
  const plan = allocate(payment.amount, then, payment.invoiceId ?? undefined);
  const paidThen = new Map(
    then
      .filter((item) => plan.allocations.some((a) => a.invoiceId === item.invoiceId && a.amount === item.outstanding))
      .map((item) => [item.invoiceId, item]),
  );
  const fees = await lateFeesAfter(trx, business.id, [...paidThen.keys()], paidOn);
  return fees.flatMap((fee) => {
    const invoice = paidThen.get(fee.invoiceId);
    return invoice ? [{ fee, invoice }] : [];
  });
}

/**
 * Reverses the fees `feesPaidBefore` found, each on its own day; an invoice
 * paid since (fee and all) gets the fee back as the customer's credit, dated
 * the day it was paid.
 */
export async function reverseFeesPaidBefore(
  ctx: AppContext,
  trx: Kysely<Database>,
  tools: WriteTools,
  business: Business,
  due: Awaited<ReturnType<typeof feesPaidBefore>>,
  taken: { customerId: string; reason: string; today: CalendarDate },
): Promise<{ invoiceId: string; amount: number; date: string }[]> {
  const reversed: { invoiceId: string; amount: number; date: string }[] = [];
  for (const { fee, invoice } of due) {
    const paidSince = invoice.status !== 'open';
    const [entry] = (await entriesOfSource(trx, business.id, 'late_fee', fee.key)).filter((e) => e.id === fee.entryId);
    if (!entry) throw new Error(`late fee ${fee.key} has no entry`);
    const done = await reverseFeeIn(ctx, trx, tools, business.id, {
      invoiceId: fee.invoiceId,
      customerId: taken.customerId,
      key: fee.key,
      fee: entry,
      amount: fee.amount,
      reason: taken.reason,
      today: taken.today,
      date: paidSince && invoice.settledOn && invoice.settledOn > fee.date ? invoice.settledOn : (fee.date as CalendarDate),
      refundAsCredit: paidSince,
    });
    if (done) reversed.push({ invoiceId: fee.invoiceId, amount: fee.amount, date: fee.date });
  }
  return reversed;
}
