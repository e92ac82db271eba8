/**
 * Decisions as data (decision 0016). A command decides in core, purely, from
 * what was loaded, and returns what must change as a list of effects; one
 * store module (store/effects-writer.ts) writes any such list, in batches, in
 * the command's transaction. Nothing else writes a decision's effects.
 *
 * An effect names what changes in the book's own terms (an entry posted, a
 * record opened or updated, an event on the timeline, a message queued, a
 * counter moved, an audit line), never tables or SQL. Effects are written in
 * the order of the list; runs of the same kind are written together, which
 * writes the same as writing them one by one (test/effects-writer.test.ts).
 *
 * Events and messages are recorded once per key: an event or message whose key
 * exists is skipped, and so are the effects it guards (`then`). That is how a
 * run of a day that already ran adds nothing: the fee's entry is guarded by its
 * event, the ladder's counters by the reminder's message.
 */
import type { CalendarDate } from './dates.js';
import type { JournalEntryDraft } from './ledger.js';
import type { Minor } from './money.js';
import type { Payment } from './payments.js';
import type { Invoice, PricedLine } from './invoices.js';

/** An event on a customer's timeline (the collection_events table), recorded once per key. */
export interface TimelineEventDraft {
  readonly key: string;
  readonly kind: string;
  readonly date: CalendarDate | string;
  readonly customerId: string;
  readonly invoiceId: string | null;
  readonly details: Record<string, unknown>;
}

/** What a queued message is for: the template it was written from and what the dispatcher re-checks before sending. */
export type MessagePurpose = 'reminder' | 'receipt' | 'promise_confirmation' | 'plan_confirmation' | 'dispute_received' | string;

/** A message to a customer, queued in the outbox once per key (delivery is the dispatcher's). */
export interface OutboxMessageDraft {
  readonly key: string;
  readonly purpose: MessagePurpose;
  readonly customerId: string;
  readonly channel: string;
  readonly recipient: string;
  /** The email subject; null for channels without one. */
  readonly subject: string | null;
  readonly body: string;
  readonly details: Record<string, unknown>;
  /** The instant before which it may not go (ISO 8601 UTC); absent: at once. */
  readonly notBefore?: string;
}

/** A change of a customer's collection state (status, hold, credit limit and what it was). */
export interface CustomerCollectionChange {
  readonly status?: string;
  readonly holdReason?: string | null;
  readonly holdSource?: string | null;
  readonly escalationPausedUntil?: string | null;
  readonly creditLimit?: Minor | null;
  readonly limitLoweredOn?: string | null;
  readonly limitRestoredOn?: string | null;
  readonly limitBeforeLowering?: Minor | null;
  readonly remindedOn?: string;
}

/**
 * Records the import opens in bulk, with their projections as computed (their
 * entries are posted with `projections: 'written'`). Each row lists the
 * record's fields in the order the store's import columns name them.
 */
export type BulkRecordKind =
  | 'customers'
  | 'invoices'
  | 'invoice_lines'
  | 'journal_entries'
  | 'journal_lines'
  | 'payments'
  | 'payment_allocations'
  | 'disputes';

export type Effect =
  /** Journal entries with their lines. `move`: posting moves the projections (outstanding, balance, credit, the invoice's status). */
  | { readonly type: 'entry'; readonly entry: JournalEntryDraft; readonly entryId?: string }
  /** A timeline event, once per key; `then` is written only when this call recorded it. */
  | { readonly type: 'event'; readonly event: TimelineEventDraft; readonly then?: readonly Effect[] }
  /** An outbox message, once per key; `then` is written only when this call queued it. */
  | { readonly type: 'message'; readonly message: OutboxMessageDraft; readonly then?: readonly Effect[] }
  /** An invoice issued, with its lines and its collection counters at entry (its entry is an `entry` effect). */
  | {
      readonly type: 'invoice_opened';
      readonly invoice: Invoice;
      readonly lines: readonly PricedLine[];
      readonly counters: { readonly feePeriodsDone: number; readonly reminderStepsDone: number };
    }
  /** A payment recorded, with its allocations (its entry is an `entry` effect). */
  | { readonly type: 'payment_opened'; readonly payment: Payment }
  /** An early discount granted on an invoice (its entry is an `entry` effect). */
  | { readonly type: 'invoice_discount'; readonly invoiceId: string; readonly amount: Minor }
  /** An invoice's collection counters: fee periods passed and ladder steps sent only move forward; fees charged add up. */
  | {
      readonly type: 'invoice_counters';
      readonly invoiceId: string;
      readonly feePeriodsDone?: number;
      readonly feeCharged?: number;
      readonly reminderStepsDone?: number;
    }
  /** A plan instalment's ladder steps (only forward). */
  | { readonly type: 'instalment_counters'; readonly planId: string; readonly seq: number; readonly reminderStepsDone: number }
  /** The day a customer was last reminded and what the reminder said. */
  | { readonly type: 'customer_reminded'; readonly customerId: string; readonly fingerprint: string; readonly on: CalendarDate }
  /** A customer's collection state changed (a hold, a release, a limit lowered or restored). */
  | { readonly type: 'customer_collection'; readonly customerId: string; readonly change: CustomerCollectionChange }
  /** The day the run suggested writing an invoice off (it suggests once). */
  | { readonly type: 'write_off_suggested'; readonly invoiceId: string; readonly on: CalendarDate }
  /** A plan closed (completed or defaulted): its invoices leave it. */
  | {
      readonly type: 'plan_closed';
      readonly planId: string;
      readonly status: 'completed' | 'defaulted';
      readonly on: CalendarDate;
    }
  /** An open promise resolved. */
  | {
      readonly type: 'promise_resolved';
      readonly promiseId: string;
      readonly status: string;
      readonly paid: Minor;
      readonly on: CalendarDate;
    }
  /** Records opened in bulk by the import (rows in the store's import column order), projections included. */
  | { readonly type: 'bulk_records'; readonly kind: BulkRecordKind; readonly rows: readonly (readonly unknown[])[] }
  /** Entries whose projections the bulk records already hold (the import): appended, nothing else moves. */
  | { readonly type: 'entry_recorded'; readonly entry: JournalEntryDraft; readonly entryId: string }
  /** Receivables added to customers who were already in the book (the import's invoices of known customers). */
  | { readonly type: 'customer_balance'; readonly customerId: string; readonly delta: number }
  /** A document sequence raised past numbers brought in from outside, so new numbers never collide. */
  | { readonly type: 'sequence_floor'; readonly name: string; readonly year: number; readonly atLeast: number }
  /** A line of the audit log: who (the command's actor) did what. */
  | {
      readonly type: 'audit';
      readonly action: string;
      readonly objectType: string;
      readonly objectId: string;
      readonly details?: Record<string, unknown>;
    };

export type EffectType = Effect['type'];

/**
 * What writing a list of effects did: the keys of the events recorded and the
 * messages queued by this call (an existing key is not in them). An answer
 * that reports what was newly done is read from it.
 */
export interface WriteOutcome {
  readonly recorded: ReadonlySet<string>;
  readonly queued: ReadonlySet<string>;
}

/** A command's decision: its effects and its answer (given what the write newly did, when the answer depends on it). */
export interface Decision<T> {
  readonly effects: readonly Effect[];
  readonly answer: T | ((outcome: WriteOutcome) => T);
}

export function answerOf<T>(decision: Decision<T>, outcome: WriteOutcome): T {
  return typeof decision.answer === 'function' ? (decision.answer as (outcome: WriteOutcome) => T)(outcome) : decision.answer;
}

// Constructors: what app and core code write to emit an effect.

export const entry = (draft: JournalEntryDraft): Effect => ({ type: 'entry', entry: draft });

export const event = (draft: TimelineEventDraft, then?: readonly Effect[]): Effect =>
  then === undefined ? { type: 'event', event: draft } : { type: 'event', event: draft, then };

/**
 * A message to queue, once per key, in the command's transaction: a payment's
 * receipt, a promise's confirmation, a reminder. `then` is written only when
 * the message is new (a second run or a replay queues nothing and moves nothing).
 */
export const message = (draft: OutboxMessageDraft, then?: readonly Effect[]): Effect =>
  then === undefined ? { type: 'message', message: draft } : { type: 'message', message: draft, then };

export const audit = (action: string, objectType: string, objectId: string, details?: Record<string, unknown>): Effect =>
  details === undefined
    ? { type: 'audit', action, objectType, objectId }
    : { type: 'audit', action, objectType, objectId, details };
