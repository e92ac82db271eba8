/**
 * Kysely table types. Every table but `businesses` leads with business_id.
 * Calendar dates are TEXT `YYYY-MM-DD` and instants TEXT ISO 8601 UTC in both
 * dialects, so values compare and sort the same way everywhere; money is
 * BIGINT minor units in columns ending in `_minor`.
 */

import type { Generated } from 'kysely';

export interface BusinessesTable {
  id: string;
  name: string;
  currency: string;
  time_zone: string;
  locale: string;
  default_terms_days: number;
  default_credit_limit_minor: number | null;
  overdue_block_days: number | null;
  /** JSON of the payment instructions (bank accounts, e-wallets, QRIS); null until set. */
  payment_instructions: string | null;
  /** How many days back an entry may be dated without the explicit flag (migration 0006). */
  backdate_days_max: number;
  /** The sum of every entry the business recorded, each by the sum of its positive lines (migration 0010, decision 0014). */
  journal_total_minor: Generated<number>;
  created_at: string;
  /** Quiet hours (HH:MM, the business's time zone): messages wait from start until end (migration 0012). */
  quiet_start: Generated<string>;
  quiet_end: Generated<string>;
  /** What an invoice shows of the business (migration 0012). */
  address: string | null;
  npwp: string | null;
  phone: string | null;
  email: string | null;
}

export interface CustomersTable {
  business_id: string;
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  ref: string | null;
  credit_limit_minor: number | null;
  terms_days: number | null;
  status: string;
  hold_reason: string | null;
  /** Projection: sum of the customer's receivable lines. */
  balance_minor: number;
  /** Projection: unapplied money held for the customer (negated customer_credit lines). */
  credit_minor: number;
  created_at: string;
  updated_at: string;
  /** `policy` (the run may lift it) or `owner`; null while active. */
  hold_source: string | null;
  /** The owner reversed an escalation: the run leaves the customer alone until after this date. */
  escalation_paused_until: string | null;
  limit_lowered_on: string | null;
  limit_restored_on: string | null;
  limit_before_lowering_minor: number | null;
  /** The date of the last reminder decided for the customer (sent, or handed to the owner as unreachable). */
  reminded_on: string | null;
  /** What that reminder said (the core's fingerprint: lead step, items, amounts); null before 0006. */
  reminder_fingerprint: string | null;
  /** JSON array of the customer's tags. */
  tags: Generated<string>;
  /** The channel to try first (`whatsapp`, `sms`, `email`); null: the fallback order (migration 0012). */
  preferred_channel: string | null;
  /** JSON array of channels in the order to try; null: WhatsApp, SMS, email. */
  channel_order: string | null;
  /** JSON array of the channels the customer opted out of; never used. */
  opted_out: Generated<string>;
  /** The customer's language (`id`, `en`); null: the business's. */
  locale: string | null;
}

export interface InvoicesTable {
  business_id: string;
  id: string;
  number: string;
  customer_id: string;
  issue_date: string;
  due_date: string;
  reference: string | null;
  currency: string;
  subtotal_minor: number;
  tax_minor: number;
  total_minor: number;
  /** Projection: sum of the receivable lines naming this invoice. */
  outstanding_minor: number;
  status: string;
  is_quick_sale: number;
  override_reason: string | null;
  created_at: string;
  /** The collection policy version the invoice was issued under; null: issued before policies existed. */
  policy_id: string | null;
  /** Collection state the daily run moves: late-fee periods passed, fees charged, ladder steps sent. */
  fee_periods_done: number;
  fees_charged_minor: number;
  discount_minor: number;
  reminder_steps_done: number;
  /** Projection: the date of the entry that settled the invoice in full; null while open. */
  settled_on: string | null;
  plan_id: string | null;
  dispute_id: string | null;
  write_off_suggested_on: string | null;
}

export interface InvoiceLinesTable {
  business_id: string;
  invoice_id: string;
  line_no: number;
  description: string;
  quantity_milli: number;
  unit_price_minor: number;
  discount_minor: number;
  tax_rate_bps: number | null;
  amount_minor: number;
  tax_minor: number;
}

export interface PaymentsTable {
  business_id: string;
  id: string;
  customer_id: string;
  amount_minor: number;
  method: string;
  provider: string | null;
  date: string;
  reference: string | null;
  unapplied_minor: number;
  created_at: string;
}

export interface PaymentAllocationsTable {
  business_id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: number;
}

export interface CreditNotesTable {
  business_id: string;
  id: string;
  number: string;
  invoice_id: string;
  customer_id: string;
  amount_minor: number;
  reason: string;
  date: string;
  created_at: string;
}

export interface JournalEntriesTable {
  business_id: string;
  id: string;
  code: string;
  date: string;
  source_type: string;
  source_id: string;
  reverses_entry_id: string | null;
  memo: string | null;
  created_at: string;
  /** The entry's place in the business's book: one more than the latest when posted (migration 0006); null for imported entries and those posted before. */
  seq?: number | null;
}

export interface JournalLinesTable {
  business_id: string;
  entry_id: string;
  line_no: number;
  account: string;
  customer_id: string | null;
  invoice_id: string | null;
  /** Signed: debit positive, credit negative. */
  amount_minor: number;
  /** The entry's date, repeated so as-of queries need no join. Lines are never updated. */
  date: string;
}

export interface SequencesTable {
  business_id: string;
  name: string;
  year: number;
  last_value: number;
}

export interface AuditLogTable {
  business_id: string;
  id: string;
  at: string;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  details: string;
}

export interface IdempotencyKeysTable {
  /** The business id, or `-` for commands that create a business. */
  scope: string;
  key: string;
  command: string;
  request_hash: string;
  response: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  /** Lower-cased; unique across the store. */
  email: string;
  name: string;
  /** argon2id, PHC string. */
  password_hash: string;
  created_at: string;
}

export interface MembershipsTable {
  business_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's token. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  business_id: string;
  id: string;
  name: string;
  role: string;
  /** SHA-256 (hex) of the secret. */
  token_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  /** After this instant the token no longer works; null: never. */
  expires_at: string | null;
}

export interface InvitationsTable {
  business_id: string;
  id: string;
  email: string;
  role: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
}

export interface CollectionPoliciesTable {
  business_id: string;
  id: string;
  customer_id: string | null;
  version: number;
  /** JSON of the CollectionPolicy. */
  policy: string;
  reason: string | null;
  created_by: string;
  created_at: string;
}

export interface CollectionEventsTable {
  business_id: string;
  id: string;
  key: string;
  date: string;
  kind: string;
  customer_id: string;
  invoice_id: string | null;
  details: string;
  actor: string;
  created_at: string;
}

export interface OutboxTable {
  business_id: string;
  id: string;
  key: string;
  customer_id: string;
  channel: string;
  recipient: string;
  body: string;
  details: string;
  status: string;
  attempts: number;
  created_at: string;
  /** Migration 0012: what the message is for (`reminder`, `receipt`, `promise_confirmation`, …). */
  purpose: string | null;
  subject: string | null;
  provider: string | null;
  provider_message_id: string | null;
  /** The instant before which it may not go (quiet hours, backoff); null: at once. */
  not_before: string | null;
  /** The dispatcher holding it and until when (a send record written before the provider is called). */
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  /** The click-to-chat link (`https://wa.me/…?text=…`) of a message the owner sends by tap. */
  link: string | null;
  updated_at: string | null;
  /** When a dispatcher last took it to send (migration 0013): the per-channel rate limit counts these. */
  claimed_at: string | null;
}

/** The history of each outbox message, one row per change of status (migration 0012). */
export interface OutboxEventsTable {
  business_id: string;
  id: string;
  outbox_id: string;
  at: string;
  status: string;
  /** JSON: the provider's answer, the reason, the attempt. */
  detail: string;
  actor: string;
}

/** Per business and channel: the provider and its configuration, secrets included (migration 0012). */
export interface ChannelSettingsTable {
  business_id: string;
  channel: string;
  provider: string;
  /** JSON of the provider's configuration. */
  config: string;
  enabled: number;
  rate_per_minute: number | null;
  updated_at: string;
}

/** The communication log: calls, visits, notes, the customer's replies (migration 0012). */
export interface CustomerNotesTable {
  business_id: string;
  id: string;
  customer_id: string;
  /** `call`, `visit`, `note`, `reply`. */
  kind: string;
  outcome: string | null;
  body: string;
  date: string;
  actor: string;
  created_at: string;
}

/** The owner's wording of a message per purpose and language (migration 0012). */
export interface MessageTemplatesTable {
  business_id: string;
  purpose: string;
  locale: string;
  subject: string | null;
  body: string;
  updated_by: string;
  updated_at: string;
}

export interface CollectionRunsTable {
  business_id: string;
  date: string;
  trigger: string;
  summary: string;
  created_at: string;
}

export interface PromisesTable {
  business_id: string;
  id: string;
  customer_id: string;
  promised_date: string;
  amount_minor: number;
  channel: string;
  note: string | null;
  status: string;
  paid_minor: number;
  created_on: string;
  resolved_on: string | null;
  created_at: string;
}

export interface DisputesTable {
  business_id: string;
  id: string;
  invoice_id: string;
  customer_id: string;
  reason: string;
  status: string;
  opened_on: string;
  closed_on: string | null;
  resolution: string | null;
  credit_note_id: string | null;
  created_at: string;
}

export interface PendingPaymentsTable {
  business_id: string;
  id: string;
  customer_id: string;
  invoice_id: string | null;
  amount_minor: number;
  method: string;
  provider: string | null;
  reference: string | null;
  note: string | null;
  status: string;
  reported_on: string;
  /** The day the customer says they paid (null only before migration 0006 filled it). */
  paid_on: string | null;
  resolved_on: string | null;
  payment_id: string | null;
  created_at: string;
}

export interface PaymentPlansTable {
  business_id: string;
  id: string;
  customer_id: string;
  status: string;
  frequency: string;
  total_minor: number;
  /** JSON list of the invoices the plan covers. */
  invoice_ids: string;
  note: string | null;
  created_on: string;
  closed_on: string | null;
  created_at: string;
}

export interface PlanInstalmentsTable {
  business_id: string;
  plan_id: string;
  seq: number;
  due_date: string;
  amount_minor: number;
  reminder_steps_done: number;
}

export interface Database {
  businesses: BusinessesTable;
  customers: CustomersTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  credit_notes: CreditNotesTable;
  journal_entries: JournalEntriesTable;
  journal_lines: JournalLinesTable;
  sequences: SequencesTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  collection_policies: CollectionPoliciesTable;
  collection_events: CollectionEventsTable;
  outbox: OutboxTable;
  outbox_events: OutboxEventsTable;
  channel_settings: ChannelSettingsTable;
  customer_notes: CustomerNotesTable;
  message_templates: MessageTemplatesTable;
  collection_runs: CollectionRunsTable;
  promises: PromisesTable;
  disputes: DisputesTable;
  pending_payments: PendingPaymentsTable;
  payment_plans: PaymentPlansTable;
  plan_instalments: PlanInstalmentsTable;
}
