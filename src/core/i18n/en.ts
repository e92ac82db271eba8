/**
 * The English table. It fixes the keys and the parameters of each entry; the Indonesian table
 * (id.ts) must match it. Amounts are minor units, rendered by `f.money`; dates `YYYY-MM-DD`, by `f.date`.
 */
import type { Format, Text } from './format.js';
import type { TemplatePurpose, TemplateVariableName } from '../template-names.js';
import { DEFAULT_TEMPLATES, VARIABLE_DESCRIPTIONS } from './template-texts.js';

type Entry = (params: never, f: Format) => string;

const KINDS = {
  business: 'business',
  customer: 'customer',
  invoice: 'invoice',
  payment: 'payment',
  dispute: 'dispute',
  'pending payment': 'reported payment',
  member: 'member',
  'API token': 'API token',
  message: 'message',
  channel: 'channel settings',
} as const;

const STATUSES: Record<string, string> = {
  open: 'open',
  paid: 'paid',
  void: 'voided',
  voided: 'voided',
  written_off: 'written off',
  active: 'active',
  on_hold: 'on hold',
  in_collection: 'in collection',
  resolved: 'resolved',
  rejected: 'rejected',
  verified: 'verified',
  pending: 'pending',
  gone: 'gone',
};
const status = (name: string) => STATUSES[name] ?? name;

/** Table headers. */
const COLUMNS = {
  customer: 'customer',
  invoice: 'invoice',
  issued: 'issued',
  due: 'due',
  total: 'total',
  outstanding: 'outstanding',
  days_late: 'days late',
  number: 'number',
  status: 'status',
  id: 'id',
  ref: 'ref',
  reference: 'reference',
  amount: 'amount',
  method: 'method',
  reason: 'reason',
  opened: 'opened',
  promised: 'promised by',
  name: 'name',
  phone: 'phone',
  balance: 'balance',
  overdue: 'overdue',
  limit: 'limit',
  date: 'date',
  event: 'event',
  details: 'details',
  description: 'description',
  document: 'document',
  charge: 'charge',
  credit: 'credit',
  receivable: 'receivable',
  billed: 'billed',
  dso_simple: 'DSO simple',
  dso_countback: 'DSO countback',
  cei: 'CEI %',
  paid: 'paid',
  days_to_pay: 'days to pay',
  on_time: 'on time %',
  over_90: '>90 %',
  week: 'week',
  from: 'from',
  to: 'to',
  expected: 'expected',
  invoices: 'invoices',
  instalments: 'instalments',
  promises: 'promises',
  score: 'score',
  level: 'level',
  reasons: 'reasons',
} as const;
export type Column = keyof typeof COLUMNS;

/** A status as a word in a table cell or after a label. */
const STATUS_LABELS: Record<string, string> = {
  open: 'open',
  paid: 'paid',
  void: 'void',
  written_off: 'written off',
  active: 'active',
  on_hold: 'on hold',
  in_collection: 'in collection',
  pending: 'waiting',
  verified: 'verified',
  rejected: 'rejected',
  resolved: 'resolved',
  kept: 'kept',
  partly_kept: 'partly kept',
  broken: 'broken',
  cancelled: 'cancelled',
};

const METHODS: Record<string, string> = {
  cash: 'cash',
  bank_transfer: 'bank transfer',
  card: 'card',
  ewallet: 'e-wallet',
  qris: 'QRIS',
  other: 'other',
};

/** Collection events on a customer's timeline. */
const EVENTS: Record<string, string> = {
  reminder: 'reminder',
  late_fee: 'late fee',
  fee_waived: 'fee waived',
  hold: 'hold',
  release: 'released',
  in_collection: 'to collection',
  limit_lower: 'limit lowered',
  limit_restore: 'limit restored',
  write_off_suggested: 'write-off suggested',
  plan_agreed: 'plan agreed',
  plan_completed: 'plan completed',
  plan_defaulted: 'plan defaulted',
  promise_made: 'promise made',
  promise_kept: 'promise kept',
  promise_partly_kept: 'promise partly kept',
  promise_broken: 'promise broken',
  dispute_opened: 'dispute opened',
  dispute_resolved: 'dispute resolved',
  dispute_rejected: 'dispute rejected',
  payment_reported: 'payment reported',
  payment_verified: 'payment verified',
  payment_rejected: 'report rejected',
  owner_hold: 'hold',
  owner_release: 'released',
  unreachable: 'cannot be reminded',
  note: 'note',
  message: 'message',
};

/** What a line of a statement is, and its opening and closing rows. */
const STATEMENT_WORDS = {
  invoice: 'Invoice',
  payment: 'Payment',
  fee: 'Late fee',
  fee_waiver: 'Fee waived',
  discount: 'Early-payment discount',
  credit_note: 'Credit note',
  write_off: 'Write-off',
  credit_applied: 'Credit applied',
  correction: 'Correction',
  opening: 'Opening balance',
  closing: 'Closing balance',
} as const;
export type StatementWord = keyof typeof STATEMENT_WORDS;

/** The statement's headings (PDF). */
const STATEMENT_LABELS = {
  title: 'Statement of Account',
  customer: 'Customer',
  date: 'Date',
  description: 'Description',
  document: 'Document',
  charge: 'Charge',
  credit: 'Paid/Credit',
  balance: 'Balance',
  open: 'Open invoices',
  aging: 'Aging',
  how_to_pay: 'How to pay',
} as const;
export type StatementLabel = keyof typeof STATEMENT_LABELS;

/** The statuses of an outbox message (issue 13). */
const OUTBOX_STATUS_WORDS: Record<string, string> = {
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  to_tap: 'to tap',
  failed: 'failed',
  cancelled: 'cancelled',
};
const PURPOSE_WORDS: Record<string, string> = {
  reminder: 'reminder',
  receipt: 'receipt',
  promise_confirmation: 'promise confirmation',
  plan_confirmation: 'plan confirmation',
  dispute_received: 'dispute received',
  statement: 'statement',
  invoice: 'invoice',
};
/** Why the dispatcher did not send a message. */
const OUTBOX_REASON_WORDS: Record<string, string> = {
  paid_since: 'the customer paid (or was credited) since the message was written',
  promised_since: 'the customer promised to pay since',
  planned_since: 'a payment plan was agreed since',
  disputed_since: 'the customer disputed an invoice since',
  reported_since: 'the customer reported a payment since',
  invoice_closed: 'the invoice it is about is no longer open',
  nothing_owed: 'the customer owes nothing now',
  opted_out: 'the customer opted out of this channel',
  not_a_mobile_number: 'the number is not a mobile number (no WhatsApp or SMS)',
  channel_not_configured: 'this channel is not set up for the business',
  by_owner: 'cancelled by hand',
  superseded: 'a newer message of the same kind to the customer replaced it',
  quiet_hours: 'quiet hours',
  rate_limit: 'the channel is sending as fast as its limit allows',
  timeout: 'the provider did not answer in time',
};
/** The words of the printed documents (the invoice PDF, and the header the statement PDF shares with it). */
const DOC_LABELS = {
  invoice_title: 'INVOICE',
  number: 'Number',
  issued: 'Invoice date',
  due: 'Due date',
  po: 'PO reference',
  status: 'Status',
  bill_to: 'Bill to',
  customer_ref: 'Customer no.',
  npwp: 'NPWP (tax no.)',
  phone: 'Phone',
  email: 'Email',
  line_no: 'No.',
  description: 'Description',
  quantity: 'Qty',
  unit_price: 'Unit price',
  discount: 'Discount',
  tax: 'VAT',
  amount: 'Amount',
  subtotal: 'Subtotal',
  discounts: 'Discounts',
  total: 'Total',
  fees: 'Late fees',
  early_discount: 'Early-payment discount',
  written_off: 'Written off',
  corrections: 'Corrections',
  paid: 'Amount paid',
  terms: 'Payment terms',
  how_to_pay: 'How to pay',
} as const;
export type DocLabel = keyof typeof DOC_LABELS;

/** A channel as people write it. */
/** The reasons a customer cannot be reached (core/ladder.ts UnreachableReason). */
export type ReachReason =
  | 'no_phone_or_email'
  | 'no_channel_for_step'
  | 'landline_only'
  | 'opted_out'
  | 'channel_not_configured'
  /** Every channel was tried and failed (the dispatcher, issue 13). */
  | 'channels_failed';
/** The sections of the owner's day (app/today.ts). */
export type TodaySection =
  | 'toTap'
  | 'unreachable'
  | 'promisesDueToday'
  | 'promisesBroken'
  | 'plansDefaulted'
  | 'paymentsToVerify'
  | 'disputesOpen'
  | 'writeOffSuggestions'
  | 'failedMessages';

const TODAY_SECTIONS: Record<TodaySection, [string, string]> = {
  toTap: ['Messages to send (tap each link)', 'No messages to send by tap'],
  unreachable: ['Customers to call (no channel reaches them)', 'No customers to call'],
  promisesDueToday: ['Promises due today', 'No promises due today'],
  promisesBroken: ['Promises broken lately', 'No broken promises'],
  plansDefaulted: ['Payment plans defaulted lately', 'No defaulted payment plans'],
  paymentsToVerify: ['Reported payments to verify', 'No reported payments to verify'],
  disputesOpen: ['Open disputes', 'No open disputes'],
  writeOffSuggestions: ['Suggested write-offs', 'No write-offs suggested'],
  failedMessages: ['Messages that failed', 'No failed messages'],
};

const NOTE_KINDS_EN: Record<string, string> = { call: 'Call', visit: 'Visit', note: 'Note', reply: 'Reply' };
const OUTCOMES_EN: Record<string, string> = {
  answered: 'answered',
  no_answer: 'no answer',
  promised: 'promised to pay',
  refused: 'refused',
  wrong_number: 'wrong number',
  busy: 'busy',
  left_message: 'message left',
  paid: 'paid',
  opted_out: 'asked for no more messages',
};
const MESSAGE_STATUS_EN: Record<string, string> = {
  queued: 'queued',
  sending: 'sending',
  to_tap: 'to send by tap',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
  cancelled: 'cancelled',
};

const channelWord = (channel: string) =>
  ({ whatsapp: 'WhatsApp', sms: 'SMS', email: 'email', phone: 'phone', visit: 'a visit', other: 'another way' })[channel] ??
  channel;

/** A reminder step by its days from the due date. */
const reachWhy = (reason: ReachReason, channels: readonly string[], phone: string | null) => {
  const list = channels.map(channelWord).join(' or ');
  switch (reason) {
    case 'no_phone_or_email':
      return 'no phone or email on file';
    case 'landline_only':
      return `${phone ?? 'the phone'} is a landline: no WhatsApp or SMS`;
    case 'opted_out':
      return `the customer opted out of ${list}`;
    case 'channel_not_configured':
      return `the business does not send by ${list} (set it up with lunas channel set)`;
    case 'channels_failed':
      return `sending failed by ${channels.map(channelWord).join(' and ')}`;
    default:
      return `the step sends by ${list} only`;
  }
};

const stepWords = (step: number) =>
  step < 0
    ? `${-step} day${step === -1 ? '' : 's'} before the due date`
    : step === 0
      ? 'on the due date'
      : `${step} day${step === 1 ? '' : 's'} past due`;

const orDash = (value: number | null, unit = '') => (value === null ? '-' : `${value}${unit}`);

export const en = {
  // ---- failures in general
  'validation.fields': (p: { fields: Record<string, Text> }, f: Format) =>
    Object.entries(p.fields)
      .map(([field, reason]) => `${field}: ${f.text(reason)}`)
      .join('; '),
  'not_found.object': (p: { kind: keyof typeof KINDS; id: string }) => `no ${KINDS[p.kind]} ${p.id} in this business`,
  'not_found.route': (p: { method: string; path: string }) => `no route ${p.method} ${p.path}`,
  'not_found.no_business_yet': () => 'this store has no business yet: run `lunas init --name NAME` first',
  'not_found.no_membership': () => 'you do not belong to any business yet',
  'idempotency.conflict': (p: { key: string }) => `idempotency key ${p.key} was already used for a different request`,
  'forbidden.role': (p: { role: string; permission: string }) => `the ${p.role} role may not do this (${p.permission})`,
  'forbidden.person_only': () => 'this needs a signed-in person, not an API token',
  'forbidden.field': (p: { role: string; fields: readonly string[]; permission: string }) =>
    `the ${p.role} role may not set ${p.fields.join(', ')} (${p.permission}): ask the owner`,
  'forbidden.csrf': (p: { header: string }) =>
    `a cookie-signed request that changes something needs the ${p.header} header from sign-in`,
  'auth.bearer_format': () => 'the Authorization header must be "Bearer TOKEN"',
  'auth.required': () => 'sign in, or send an API token as "Authorization: Bearer TOKEN"',
  'auth.wrong_password': () => 'wrong email or password',
  'auth.account_gone': () => 'this account no longer exists',
  'auth.session_unknown': () => 'not signed in (the session is unknown or was signed out)',
  'auth.session_expired': () => 'the session has expired: sign in again',
  'auth.token_unknown': () => 'unknown API token',
  'auth.token_revoked': () => 'this API token was revoked',
  'auth.token_expired': (p: { at: string }) => `this API token expired at ${p.at}`,
  'http.too_many_attempts': (p: { seconds: number }) => `too many attempts: try again in ${p.seconds} s`,
  'http.body_too_large': (p: { bytes: number }) => `the request body is over ${p.bytes} bytes`,
  'http.content_type': (p: { expected: readonly string[]; got: string }) =>
    `the body must be sent with Content-Type: ${p.expected.join(' or ')} (got ${p.got || 'none'})`,
  'http.malformed_json': (p: { detail: string }) => `malformed JSON: ${p.detail}`,
  'http.unexpected': (p: { requestId: string }) => `unexpected error; quote request id ${p.requestId}`,
  'http.unknown_query': () => 'unknown query parameter',
  'service.unavailable': (p: { seconds: number }) =>
    `the database cannot be reached at the moment: try again in ${p.seconds} s (a request repeated with the same idempotency key is done once)`,
  'http.query_twice': () => 'is given twice; a parameter may appear once',

  // ---- the text rule (core/text.ts, docs/decisions/0015-text-rule.md)
  'text.control': (p: { codePoint: string }) => `must not contain the control character ${p.codePoint}`,
  'text.direction_control': (p: { codePoint: string }) =>
    `must not contain the direction control ${p.codePoint} (it makes text read differently from how it is stored)`,
  'text.lone_surrogate': (p: { codePoint: string }) => `must be valid Unicode text (it holds the lone surrogate ${p.codePoint})`,
  'text.noncharacter': (p: { codePoint: string }) => `must not contain the noncharacter ${p.codePoint}`,
  'text.single_line': () => 'must be one line (no line breaks or tabs)',
  'text.no_visible': () => 'must hold at least one visible letter, digit or sign, not only spaces or invisible characters',
  'text.not_utf8': (p: { byte: number }) => `is not valid UTF-8 (byte ${p.byte})`,
  'text.key_twice': () => 'is given twice; a key may appear once in an object',
  'text.too_deep': (p: { max: number }) => `is nested deeper than ${p.max} levels`,
  'text.replacement_character': () =>
    'is not valid UTF-8: it holds U+FFFD, the replacement character, where bytes that were not text were lost',
  'text.annotation': (p: { codePoint: string }) =>
    `must not contain the interlinear annotation character ${p.codePoint} (it hides or moves the text around it)`,

  // ---- field reasons (validation)
  'field.required': () => 'required',
  'field.unknown': () => 'unknown field',
  'field.invalid': () => 'is not valid',
  'field.not_empty': () => 'must not be empty',
  'field.text': () => 'must be text',
  'field.number': () => 'must be a number',
  'field.boolean': () => 'must be true or false',
  'field.list': () => 'must be a list',
  'field.object': () => 'must be an object',
  'field.whole_number': () => 'must be a whole number',
  'field.min_chars': (p: { min: number }) => `must be at least ${p.min} characters`,
  'field.max_chars': (p: { max: number }) => `must be at most ${p.max} characters`,
  'field.min_items': (p: { min: number }) => `must hold at least ${p.min}`,
  'field.max_items': (p: { max: number }) => `must hold at most ${p.max}`,
  'field.at_least': (p: { min: number }) => `must be at least ${p.min}`,
  'field.at_most': (p: { max: number }) => `must be at most ${p.max}`,
  'field.one_of': (p: { values: readonly string[] }) => `must be one of ${p.values.join(', ')}`,
  'field.date': () => 'must be a real calendar date YYYY-MM-DD',
  'field.instant': () => 'must be a real instant',
  'field.email': () => 'must be an email address',
  'field.currency_code': () => 'must be a known ISO 4217 currency code',
  'field.positive_amount': () => 'must be a positive whole number of minor units',
  'field.non_negative_amount': () => 'must be a non-negative whole number of minor units',
  'field.amount_or_null': () => 'must be a positive amount or null',
  'field.non_negative_amount_or_null': () => 'must be a non-negative amount or null',
  'field.money_max': (p: { max: number }, f: Format) => `must be at most ${f.money(p.max)}, the most Lunas keeps exact`,
  'money.journal_full': (p: { max: number }, f: Format) =>
    `would take the business's journal total (every amount it has recorded, added up) past ${f.money(p.max)}, the most Lunas keeps exact`,
  'money.sum_past_bound': (p: { max: number }, f: Format) =>
    `these amounts add up to more than ${f.money(p.max)}, the most Lunas keeps exact`,
  'invoice.line_past_bound': (p: { max: number }, f: Format) =>
    `this line comes to more than ${f.money(p.max)}, the most Lunas keeps exact`,
  'invoice.total_past_bound': (p: { max: number }, f: Format) =>
    `the lines add up to more than ${f.money(p.max)}, the most Lunas keeps exact`,
  'field.days': () => 'must be a whole number of days',
  'field.days_range': (p: { min: number; max: number }) => `must be a whole number of days from ${p.min} to ${p.max}`,
  'field.days_or_null': () => 'must be a whole number of days or null',
  'field.at_least_days': (p: { min: number }) => `must be at least ${p.min} day${p.min === 1 ? '' : 's'}`,
  'field.number_range': (p: { min: number; max: number }) => `must be a whole number from ${p.min} to ${p.max}`,
  'field.bps_range': (p: { min: number; max: number }) => `must be ${p.min} to ${p.max} basis points`,
  'field.bps_range_or_null': (p: { min: number; max: number }) => `must be ${p.min} to ${p.max} basis points or null`,
  'customer.which': (p: { name: string; ref: string | null; phone: string | null }) =>
    `${p.name}${p.ref ? ` (ref ${p.ref})` : p.phone ? ` (${p.phone})` : ''}`,
  'customer.name_ambiguous': (p: { name: string; which: readonly Text[] }, f: Format) =>
    `${p.which.length} customers are called ${p.name}: give the ref instead (${p.which.map((which) => f.text(which)).join('; ')})`,
  'field.id_or_ref': () => 'must name a customer: their name, ref or id',
  'field.fee_period': () => 'must be a fee period number (1, 2, …)',
  'field.positive_quantity': () => 'must be a positive number with at most 3 decimals',
  'field.cursor': () => 'must be a cursor from a previous page',
  'field.key_length': (p: { max: number }) => `must be 1 to ${p.max} characters`,
  'field.amount_separators': (p: { text: string; digits: string; currency: string }) =>
    `${p.text}: write whole ${p.currency === 'IDR' ? 'rupiah' : p.currency} without separators: ${p.digits}`,

  // ---- businesses, settings, accounts
  'business.terms_days_once': () => 'give the default terms as defaultTermsDays or termsDays, not both',
  'business.unknown_currency': (p: { currency: string }) => `unknown currency ${p.currency}`,
  'business.unknown_time_zone': (p: { zone: string }) => `unknown time zone ${p.zone}`,
  'business.currency_fixed': () => 'cannot change once invoices or payments are recorded',
  'business.npwp': (p: { text: string }) => `${p.text} is not an NPWP (15 or 16 digits, such as 01.234.567.8-901.000)`,
  'business.choose_one': (p: { ids: readonly string[] }) =>
    `this store holds several businesses; choose one with --business: ${p.ids.join(', ')}`,
  'business.several_memberships': (p: { ids: readonly string[] }) =>
    `you belong to several businesses; name one: ${p.ids.join(', ')}`,
  'account.business_name_required': () => 'required: the name of your business (or sign up with an invitation token)',
  'account.email_taken': (p: { email: string }) => `${p.email} already has an account: sign in`,
  'account.invitation_unknown': () => 'no such invitation',
  'account.invitation_used': () => 'this invitation was already used',
  'account.invitation_expired': () => 'this invitation has expired: ask for a new one',
  'account.invitation_other': (p: { email: string }) => `this invitation is for ${p.email}`,
  'account.tokens_max': (p: { max: number }) => `a business may hold at most ${p.max} API tokens`,
  'account.token_expiry_past': (p: { at: string }) => `must be in the future (got ${p.at})`,
  'account.already_member': (p: { email: string }) => `${p.email} already belongs to this business`,
  'account.already_yours': () => 'you already belong to this business',
  'account.last_owner': () => 'a business needs at least one owner: make someone else owner first',

  // ---- customers
  'customer.phone': (p: { text: string }) => `${p.text} is not a phone number (Indonesian numbers may start with 0)`,
  'customer.email': (p: { text: string }) => `${p.text} is not an email address`,
  'customer.ref_taken': (p: { ref: string }) => `a customer with ref ${p.ref} already exists`,
  'customer.tag_empty': () => 'a tag must not be empty',
  'customer.tag_long': (p: { max: number }) => `a tag is at most ${p.max} characters`,
  'customer.tag_chars': (p: { tag: string }) => `'${p.tag}' is not a tag: letters, digits, - and _ only`,
  'customer.owes_nothing': (p: { name: string }) => `${p.name} owes nothing`,

  // ---- credit check
  'credit.limit_exceeded': (p: { shortfall: number }, f: Format) => `over the credit limit by ${f.money(p.shortfall)}`,
  'credit.on_hold': (p: { status: string; reason: Text | null }, f: Format) =>
    `the customer is ${status(p.status)}${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'credit.overdue_block': (p: { days: number; maxDays: number }) =>
    `no new credit while a bill is ${p.days} days overdue (the business allows ${p.maxDays}): collect it first, or the owner sells with --override-reason`,

  // ---- invoices and corrections
  'invoice.no_lines': () => 'an invoice needs at least one line',
  'invoice.lines_max': (p: { max: number }) => `at most ${p.max} lines`,
  'invoice.non_negative': () => 'must be a non-negative safe integer',
  'invoice.tax_bps': () => 'must be a whole number of basis points from 0 to 10000',
  'invoice.discount_over_gross': () => 'must not exceed quantity × unit price',
  'invoice.due_before_issue': (p: { due: string; issue: string }, f: Format) =>
    `due date ${f.date(p.due)} is before issue date ${f.date(p.issue)}`,
  'invoice.lines_or_amount': () => 'give either lines or amount (a quick sale), not both or neither',
  'invoice.description_quick_sale': () => 'only for a quick sale (with amount)',
  'invoice.total_positive': () => 'the invoice total must be positive',
  'invoice.not_open': (p: { number: string; status: string }) => `invoice ${p.number} is ${status(p.status)}`,
  'invoice.has_payments': (p: { number: string }) =>
    `invoice ${p.number} already has payments or credits; issue a credit note instead`,
  'invoice.other_customer': (p: { number: string }) => `invoice ${p.number} belongs to another customer`,
  'correction.amount_required': () => 'required: the amount to credit',
  'correction.over_outstanding': (p: { amount: number; outstanding: number; number: string }, f: Format) =>
    `${f.money(p.amount)} is more than the ${f.money(p.outstanding)} outstanding on ${p.number}`,
  'correction.write_off_whole': () => 'a write-off takes the whole outstanding; use a credit note for part',
  'correction.void_no_amount': () => 'a void takes no amount',
  'correction.void_pending_report': (p: { number: string; pendingId: string; amount: number; paidOn: string }, f: Format) =>
    `${p.number} cannot be voided: the customer reported paying ${f.money(p.amount)} on ${f.date(p.paidOn)} towards it (${p.pendingId}); verify or reject that report first`,
  'fee.reversed_reported': (p: { date: string; reference: string | null }, f: Format) =>
    `paid on ${f.date(p.date)}${p.reference ? ` (transfer ${p.reference})` : ''}, before this fee was charged`,
  'fee.reversed_paid_before': (p: { date: string }, f: Format) => `paid on ${f.date(p.date)}, before this fee was charged`,
  'payment.before_invoice': (p: { number: string; issued: string; date: string }, f: Format) =>
    `${p.number} was issued on ${f.date(p.issued)}, after the payment's day ${f.date(p.date)}: a payment cannot pay an invoice before it exists (leave --invoice out to keep it as credit, or check the date)`,
  'fee.memo': (p: { period: number }) => `period ${p.period}`,
  'discount.memo': () => 'paid early',
  'fee.not_charged': (p: { number: string; period: number }) => `no late fee was charged on ${p.number} for period ${p.period}`,
  'fee.already_paid': (p: { number: string }) =>
    `the fee on ${p.number} is already paid; give the money back by credit note instead`,
  'fee.already_waived': (p: { number: string; period: number }) =>
    `the fee for period ${p.period} on ${p.number} was already waived`,

  // ---- payments
  'payment.provider_required': (p: { providers: readonly string[] }) => `required for ewallet: one of ${p.providers.join(', ')}`,
  'payment.provider_unknown': (p: { provider: string; providers: readonly string[] }) =>
    `unknown e-wallet ${p.provider}: one of ${p.providers.join(', ')}`,
  'payment.provider_not_taken': () => 'only ewallet payments take a provider',

  // ---- commitments: promises, disputes, reported payments, plans
  'promise.date_past': (p: { date: string; today: string }, f: Format) =>
    `${f.date(p.date)} is in the past (today is ${f.date(p.today)})`,
  'promise.over_balance': (p: { amount: number; balance: number; name: string }, f: Format) =>
    `${f.money(p.amount)} is more than the ${f.money(p.balance)} ${p.name} owes`,
  'dispute.already_open': (p: { number: string; disputeId: string }) => `${p.number} is already disputed (${p.disputeId})`,
  'dispute.credit_required': () => 'resolving a dispute needs the amount to credit',
  'dispute.rejected_no_credit': () => 'a rejected dispute credits nothing',
  'record.already_status': (p: { id: string; status: string }) => `${p.id} is already ${status(p.status)}`,
  'plan.shape': () => 'give either the number of equal instalments or the amounts',
  'plan.not_open_invoice': (p: { id: string; name: string }) => `${p.id} is not an open invoice of ${p.name}`,
  'plan.already_planned': (p: { number: string; planId: string }) => `${p.number} is already in plan ${p.planId}`,
  'plan.disputed': (p: { number: string }) => `${p.number} is disputed; settle the dispute first`,
  'plan.nothing_outstanding': () => 'the invoices named have nothing outstanding',
  'plan.first_date_past': (p: { date: string }, f: Format) => `the first instalment ${f.date(p.date)} is in the past`,
  'plan.count_range': (p: { max: number }) => `must be 1 to ${p.max} instalments`,
  'plan.more_than_units': () => 'more instalments than units of money owed',
  'plan.amounts_positive': () => 'every instalment must be a positive amount',
  'plan.amounts_sum': (p: { sum: number; total: number }, f: Format) =>
    `the instalments add up to ${f.money(p.sum)}, but the balance they cover is ${f.money(p.total)}`,

  // ---- policy
  'policy.no_section': () =>
    'names no section to change (terms, graceDays, lateFee, earlyDiscount, reminders, escalation, creditEvaluation)',
  'policy.flat_needs_amount': () => 'a flat fee needs a positive amount',
  'policy.flat_no_rate': () => 'a flat fee takes an amount, not a rate',
  'policy.rate_needs_bps': () => 'a rate fee needs 1 to 10000 basis points',
  'policy.rate_no_amount': () => 'a rate fee takes a rate, not an amount',
  'policy.cap_below_fee': () => 'is smaller than one fee: no fee could ever be charged',
  'policy.repeats_need_step': () => 'repeats need at least one step',
  'policy.steps_max': (p: { max: number }) => `at most ${p.max} steps`,
  'policy.steps_order': (p: { offset: number; previous: number }) =>
    `steps must be in order: ${p.offset} does not come after ${p.previous}`,
  'policy.step_channel': () => 'needs at least one channel',
  'policy.step_channel_twice': () => 'names a channel twice',
  'policy.collection_before_hold': (p: { days: number }) => `must not come before the hold (${p.days} days)`,
  'policy.write_off_before_collection': (p: { days: number }) => `must not come before collection (${p.days} days)`,

  // ---- periods, reports, risk, collection
  'period.from_after_to': (p: { from: string; to: string }, f: Format) =>
    `${f.date(p.from)} is after the end of the period ${f.date(p.to)}`,
  'period.from_after_today': (p: { from: string; today: string }, f: Format) =>
    `${f.date(p.from)} is after today (${f.date(p.today)})`,
  'period.to_after_from': () => 'must be after from',
  'browse.overdue_false': () => 'use overdue=true, or filter by status',
  'browse.to_before_from': (p: { from: string }, f: Format) => `must be on or after from (${f.date(p.from)})`,
  'collection.ahead_max': (p: { days: number; today: string }, f: Format) =>
    `a dry run looks at most ${p.days} days ahead of today (${f.date(p.today)})`,
  'entry_date.after_today': (p: { date: string; today: string }, f: Format) =>
    `date ${f.date(p.date)} is after today ${f.date(p.today)}`,
  'entry_date.before_first_day': (p: { date: string; firstDay: string }, f: Format) =>
    `date ${f.date(p.date)} is before the business's first day ${f.date(p.firstDay)}; if the date is right, say so with --allow-old-date (API: allowOldDate: true)`,
  'entry_date.too_old': (p: { date: string; days: number; today: string }, f: Format) =>
    `date ${f.date(p.date)} is more than ${p.days} days before today ${f.date(p.today)}; if the date is right, say so with --allow-old-date (API: allowOldDate: true)`,
  'entry_date.before_issue': (p: { date: string; number: string; issueDate: string }, f: Format) =>
    `date ${f.date(p.date)} is before ${p.number} was issued (${f.date(p.issueDate)})`,
  'lookup.reference_ambiguous': (p: { reference: string; count: number; more: boolean; ids: readonly string[] }) =>
    `reference ${p.reference} is on ${p.more ? `more than ${p.count}` : p.count} payments (${p.ids.join(', ')}); give the payment id`,
  'pending.ambiguous': (
    p: { text: string; reports: readonly { reference: string | null; amount: number; paidOn: string; id: string }[] },
    f: Format,
  ) =>
    `${p.text} names ${p.reports.length} reported payments (${p.reports
      .map((r) => `${f.money(r.amount)} on ${f.date(r.paidOn)}${r.reference ? `, reference ${r.reference}` : ''}: ${r.id}`)
      .join('; ')}); give the reference or the id`,
  'pending.rejected_no_date': () => 'a rejected report books no payment, so it takes no date',
  'collection.as_of_future': (p: { asOf: string; today: string }, f: Format) =>
    `${f.date(p.asOf)} is after today (${f.date(p.today)}); only a dry run can look ahead`,
  'risk.as_of_required': () => 'is required: a past date whose scores to check',
  'risk.as_of_past': (p: { today: string }, f: Format) =>
    `must be before today (${f.date(p.today)}): what happened next must be known`,
  'export.format': (p: { formats: readonly string[] }) => `must be one of ${p.formats.join(', ')}`,

  'aging.bounds_format': () => 'must be positive whole numbers of days separated by commas, e.g. 30,60,90',
  'aging.bounds_max': (p: { max: number }) => `at most ${p.max} bounds`,
  'aging.bounds_ascending': () => 'bounds must be strictly ascending',

  // ---- import and files
  'import.too_large': (p: { size: string; max: string }) =>
    `the file is ${p.size}; an import takes at most ${p.max}: split it into smaller files`,
  'import.larger_than': (p: { max: string }) => `larger than ${p.max}`,
  'import.refused': (p: { line: number; reason: Text }, f: Format) => `line ${p.line}: ${f.text(p.reason)}; nothing was imported`,
  'import.rows_invalid': (p: { invalid: number; rows: number }) =>
    `${p.invalid} of ${p.rows} rows are invalid; nothing was imported (fix them, or import the valid rows with skip-invalid)`,
  'import.fatal': (p: { reason: Text | null }, f: Format) =>
    `${p.reason ? f.text(p.reason) : 'the file cannot be read'}; nothing was imported`,
  'import.no_rows': () => 'the file has a header but no rows; nothing was imported',
  'file.cannot_read': (p: { file: string }) => `cannot read ${p.file}`,
  'file.cannot_write': (p: { file: string }) => `cannot write ${p.file}`,
  'file.not_json': (p: { file: string; detail: string }) => `${p.file} is not JSON: ${p.detail}`,
  'file.system_error': (p: { detail: string }) => p.detail,

  // ---- texts to customers: reminders
  'reminder.invoice': (p: { number: string }) => p.number,
  'reminder.instalment': (p: { label: string }) => `instalment ${p.label}`,
  'reminder.fee_rate': (p: { rateBps: number; period: 'week' | 'month' }, f: Format) =>
    `Under our policy, late payment incurs a fee of ${f.percent(p.rateBps)} per ${p.period}.`,
  'reminder.fee_flat': (p: { amount: number; period: 'week' | 'month' }, f: Format) =>
    `Under our policy, late payment incurs a fee of ${f.money(p.amount)} per ${p.period}.`,
  'payment.account': (p: { provider: string; number: string; name: string | null }) =>
    `${p.provider} ${p.number}${p.name ? ` in the name of ${p.name}` : ''}`,

  // ---- message templates (core/templates.ts, decision 0019)
  'template.default': (p: { purpose: TemplatePurpose; part: 'subject' | 'body' }) => DEFAULT_TEMPLATES.en[p.purpose][p.part],
  'template.variable': (p: { name: TemplateVariableName }) => VARIABLE_DESCRIPTIONS.en[p.name],
  'template.when': (p: { daysLate: number }) =>
    p.daysLate > 0
      ? `${p.daysLate} day${p.daysLate === 1 ? '' : 's'} overdue`
      : p.daysLate === 0
        ? 'today'
        : `in ${-p.daysLate} day${p.daysLate === -1 ? '' : 's'}`,
  'template.unclosed_tag': (p: { line: number; column: number }) =>
    `the tag opened with {{ at line ${p.line}, column ${p.column} is not closed with }}`,
  'template.bad_tag': (p: { tag: string; line: number; column: number }) =>
    `{{${p.tag}}} at line ${p.line}, column ${p.column} is not a variable nor a block (write {{name}}, {{#if name}}, {{else}}, {{/if}}, {{#each name}}, {{/each}})`,
  'template.too_deep': (p: { max: number; line: number; column: number }) =>
    `the block at line ${p.line}, column ${p.column} is more than ${p.max} blocks deep`,
  'template.unexpected_tag': (p: { tag: string; line: number; column: number }) =>
    `{{${p.tag}}} at line ${p.line}, column ${p.column} closes no block opened before it`,
  'template.unclosed_block': (p: { block: 'if' | 'each'; name: string; line: number; column: number }) =>
    `{{#${p.block} ${p.name}}} at line ${p.line}, column ${p.column} is never closed with {{/${p.block}}}`,
  'template.unknown_variable': (p: { name: string; line: number; column: number; known: readonly string[] }) =>
    `unknown variable {{${p.name}}} at line ${p.line}, column ${p.column}; this message may use: ${p.known.join(', ')}`,
  'template.not_text': (p: { name: string; kind: 'flag' | 'list'; line: number; column: number }) =>
    `{{${p.name}}} at line ${p.line}, column ${p.column} is ${
      p.kind === 'list' ? `a list: write {{#each ${p.name}}}…{{/each}}` : `a condition: write {{#if ${p.name}}}…{{/if}}`
    }`,
  'template.not_a_list': (p: { name: string; line: number; column: number }) =>
    `{{#each ${p.name}}} at line ${p.line}, column ${p.column}: ${p.name} is not a list`,
  'template.too_long': (p: { length: number; max: number }, f: Format) =>
    `${f.count(p.length)} characters; at most ${f.count(p.max)}`,
  'template.subject_one_line': () => 'the subject is one line',
  'template.preview_reason': () => '(the reason the customer gives)',
  'template.unknown_purpose': (p: { purpose: string; purposes: readonly string[] }) =>
    `no message template ${p.purpose}; the templates are: ${p.purposes.join(', ')}`,

  // ---- CLI
  'demo.receipts_paused': () => 'demo history: no receipts to its made-up customers',
  'demo.receipts_resumed': () => 'demo ready: receipts and confirmations on',
  'cli.template.row': (
    p: { purpose: string; lang: string; isDefault: boolean; updatedBy: string | null; updatedAt: string | null },
    f: Format,
  ) =>
    `${p.purpose.padEnd(22)} ${p.lang}  ${p.isDefault ? 'default' : `your own, changed ${f.date((p.updatedAt ?? '').slice(0, 10))} by ${p.updatedBy}`}`,
  'cli.template.title': (
    p: { purpose: string; lang: string; isDefault: boolean; updatedBy: string | null; updatedAt: string | null },
    f: Format,
  ) =>
    `Template ${p.purpose} (${p.lang}): ${p.isDefault ? 'the default wording' : `your own wording, changed ${f.date((p.updatedAt ?? '').slice(0, 10))} by ${p.updatedBy}`}`,
  'cli.template.subject': (p: { subject: string }) => `Subject: ${p.subject}`,
  'cli.template.variables': () => 'Variables it may use (write {{name}}; lists with {{#each}}, conditions with {{#if}}):',
  'cli.template.variable': (p: { name: string; id: string; en: string }) => {
    const [list, field] = p.name.split('.');
    return field
      ? `    {{${field}}} (inside {{#each ${list}}}): ${p.en} (id: ${p.id})`
      : `  {{${p.name}}}: ${p.en} (id: ${p.id})`;
  },
  'cli.template.preview': (p: { name: string; ref: string | null }) => `Preview for ${p.name}${p.ref ? ` (${p.ref})` : ''}:`,
  'cli.template.no_preview': () => 'No preview: no customer owes anything yet.',
  'cli.template.file_or_body': () => 'give the text with --file FILE or --body TEXT (one of them)',
  'cli.format_csv': () => 'format: must be csv',
  'cli.format_statement': () => 'format: must be json, csv or pdf',
  'cli.pdf_needs_out': () => 'a PDF is not for the terminal: give --out FILE',
  'cli.pdf_out_required': () => 'required for pdf on a terminal',
  'cli.demo_not_empty': () => 'the demo needs a new, empty store: use another --data directory',
  'cli.store_has_business': () => 'the store already holds a business',
  'cli.seed': () => 'seed: must be a whole number',
  'cli.line_required': () => 'give at least one --line "DESCRIPTION|QTY|UNIT_PRICE"',
  'cli.database_url': () => 'must be a postgres:// or postgresql:// URL (leave it out for the embedded SQLite store)',
  'cli.now_instant': (p: { text: string }) => `${p.text} is not an ISO 8601 instant such as 2026-11-22T09:00:00Z`,
  'cli.owner_both': () => 'set both LUNAS_OWNER_EMAIL and LUNAS_OWNER_PASSWORD, or neither',
  'cli.line_format': (p: { text: string }) => `"${p.text}" must be "DESCRIPTION|QTY|UNIT_PRICE" (optionally "|DISCOUNT|TAX_BPS")`,
  'cli.collection_hour': () => 'must be a whole hour from 0 to 23',
  'cli.trust_proxy': (p: { max: number }) => `must be the number of proxies in front of the server, from 0 (none) to ${p.max}`,
  'cli.error': (p: { code: string; message: string }) => `error (${p.code}):${p.message === '' ? '' : ` ${p.message}`}`,
  'cli.problem_line': (p: { line: number; reason: string }) => `  line ${p.line}: ${p.reason}`,
  'cli.more_invalid_rows': (p: { count: number }) => `  … and ${p.count} more invalid rows`,
  'cli.internal_error': (p: { message: string }) => `internal error: ${p.message}`,

  // ---- labels: words in cells and in sentences
  'label.column': (p: { name: Column }) => COLUMNS[p.name],
  'label.status': (p: { status: string }) => STATUS_LABELS[p.status] ?? p.status,
  'label.method': (p: { method: string }) => METHODS[p.method] ?? p.method,
  'label.bucket': (p: { key: string }) => (p.key === 'current' ? 'current' : p.key),
  'label.level': (p: { level: string }) => ({ high: 'high', medium: 'medium', low: 'low' })[p.level] ?? p.level,
  'label.event': (p: { kind: string }) => EVENTS[p.kind] ?? p.kind.replace(/_/g, ' '),
  'label.open_commitment': () => 'open',
  'label.total': () => 'TOTAL',
  'statement.kind': (p: { kind: StatementWord }) => STATEMENT_WORDS[p.kind],
  'statement.label': (p: { name: StatementLabel }) => STATEMENT_LABELS[p.name],
  'statement.none_open': () => 'No open invoices.',
  'pdf.label': (p: { name: DocLabel }) => DOC_LABELS[p.name],
  'pdf.page': (p: { page: number; pages: number }) => `Page ${p.page} of ${p.pages}`,
  'pdf.po': (p: { reference: string }) => `PO: ${p.reference}`,
  'invoice_pdf.tax': (p: { rates: readonly number[] }, f: Format) =>
    p.rates.length === 1 ? `VAT (PPN) ${f.percent(p.rates[0] as number)}` : 'VAT (PPN)',
  'invoice_pdf.balance': (p: { date: string }, f: Format) => `Balance due as of ${f.date(p.date)}`,
  'invoice_pdf.credit_note': (p: { number: string; date: string; reason: string }, f: Format) =>
    `Credit note ${p.number} of ${f.date(p.date)}: ${p.reason}`,
  'invoice_pdf.terms': (p: { days: number; due: string }, f: Format) =>
    p.days <= 0
      ? `Payment is due on receipt (${f.date(p.due)}).`
      : `Payment is due within ${p.days} days of the invoice date, by ${f.date(p.due)}.`,
  'invoice_pdf.early_discount': (p: { rateBps: number; by: string; amount: number; pay: number }, f: Format) =>
    `Paid in full by ${f.date(p.by)}, this invoice takes an early-payment discount of ${f.percent(p.rateBps)} (${f.money(p.amount)}): ${f.money(p.pay)} to pay.`,
  'invoice_pdf.late_fee': (
    p: { kind: 'flat' | 'rate'; amount: number; rateBps: number; period: 'week' | 'month'; from: string; cap: number | null },
    f: Format,
  ) =>
    `If it is still unpaid on ${f.date(p.from)}, a late fee of ${p.kind === 'flat' ? f.money(p.amount) : `${f.percent(p.rateBps)} of the amount overdue`} ` +
    `is added for each ${p.period} it stays unpaid${p.cap === null ? '' : `, ${f.money(p.cap)} at most in all`}.`,
  'invoice_pdf.quote_number': (p: { number: string }) => `Please write the invoice number ${p.number} with your payment.`,
  'invoice_pdf.void': (p: { date: string; reason: string }, f: Format) =>
    `VOID: this invoice was cancelled on ${f.date(p.date)} (${p.reason}). Nothing is owed on it.`,
  'invoice_pdf.void_mark': () => 'VOID',
  'invoice_pdf.paid_in_full': () => 'Paid in full. Thank you.',
  'invoice_pdf.thanks': () => 'Thank you for your business.',
  'statement.open_item': (p: { number: string; reference: string | null; due: string; outstanding: number }, f: Format) =>
    `${p.number}${p.reference ? ` (PO: ${p.reference})` : ''}  due ${f.date(p.due)}  outstanding ${f.money(p.outstanding)}`,
  'statement.period': (p: { from: string; to: string }, f: Format) => `Period: ${f.date(p.from)} – ${f.date(p.to)}`,

  // ---- reasons stored with records (a key and its parameters are stored; old rows hold English text)
  'stored.as_written': (p: { text: string }) => p.text,
  'hold.overdue_days': (p: { days: number; after: number }) => `overdue ${p.days} days (policy: hold after ${p.after})`,
  'hold.overdue_amount': (p: { amount: number; above: number }, f: Format) =>
    `overdue amount ${f.money(p.amount)} is above ${f.money(p.above)}`,
  'hold.collection_after': (p: { days: number; after: number }) => `overdue ${p.days} days (policy: collection after ${p.after})`,
  'hold.since': (p: { date: string; reason: Text }, f: Format) => `since ${f.date(p.date)}: ${f.text(p.reason)}`,
  'hold.released': () => 'nothing is overdue past the policy any more',
  'hold.customer_status': (p: { status: string }) => `customer is ${status(p.status)}`,
  'hold.overdue_block': (p: { days: number; maxDays: number }) => `overdue ${p.days} days (more than ${p.maxDays})`,
  'limit.lowered': (p: { late: number; days: number }) => `${p.late} late payments in ${p.days} days`,
  'limit.restored': (p: { count: number }) => `${p.count} on-time payments in a row since the limit was lowered`,
  // why a provider did not send a message (src/channels; the provider's own words travel as `detail`)
  'channel.timeout': (p: { seconds: number }) => `no answer from the provider within ${p.seconds} s`,
  'channel.aborted': () => 'sending was stopped before the provider answered',
  'channel.unreachable': (p: { detail: string }) => `the provider could not be reached (${p.detail})`,
  'channel.http_status': (p: { status: number; detail: string }) =>
    `the provider answered HTTP ${p.status}${p.detail ? `: ${p.detail}` : ''}`,
  'channel.unreadable': (p: { status: number }) => `the provider's answer could not be read (HTTP ${p.status})`,
  'channel.rate_limited': (p: { detail: string }) => `the provider asks to slow down${p.detail ? `: ${p.detail}` : ''}`,
  'channel.refused': (p: { code: string | null; detail: string }) =>
    `the provider refused the message${p.code ? ` (${p.code})` : ''}: ${p.detail}`,
  'channel.not_mobile': (p: { recipient: string }) => `${p.recipient} is not a mobile number, so it cannot receive WhatsApp`,
  'channel.bad_recipient': (p: { recipient: string }) => `${p.recipient} is not a valid recipient for this channel`,
  'channel.config_invalid': (p: { fields: readonly string[] }) => `the channel's settings are incomplete: ${p.fields.join(', ')}`,
  'policy.default_reason': () => 'default policy',
  'policy.settings_changed': () => 'business settings changed',

  // ---- import: why a line or the file cannot be read
  'import.reasons': (p: { reasons: readonly Text[] }, f: Format) => p.reasons.map((reason) => f.text(reason)).join('; '),
  'import.column': (p: { column: string; reason: Text }, f: Format) => `${p.column}: ${f.text(p.reason)}`,
  'import.empty': () => 'is empty',
  'import.longer_than': (p: { max: number }) => `longer than ${p.max} characters`,
  'import.not_phone': (p: { text: string }) => `'${p.text}' is not a phone number`,
  'import.not_email': (p: { text: string }) => `'${p.text}' is not an email address`,
  'import.terms_days': (p: { text: string }) => `'${p.text}' is not 0 to 3650 days`,
  'import.tags_max': (p: { max: number }) => `at most ${p.max}`,
  'import.negative': (p: { text: string }) => `'${p.text}' is negative: an import records what was sold and paid`,
  'import.not_amount': (p: { text: string; separator: string }) =>
    `'${p.text}' is not an amount with decimal separator '${p.separator}'`,
  'import.too_many_decimals': (p: { text: string; currency: string; separator: string; group: string | null }) =>
    `'${p.text}' has more decimals than ${p.currency} allows${
      p.group ? ` (if '${p.separator}' groups thousands here, the decimal separator is '${p.group}')` : ''
    }`,
  'import.file_empty': () => 'the file is empty: it needs a header row and at least one row',
  'import.missing_columns': (p: { columns: readonly string[]; single: string | null }) =>
    `missing column${p.columns.length > 1 ? 's' : ''} ${p.columns.join(', ')}.${
      p.single === null ? '' : ` The header has one column ('${p.single}'): separate columns with ',' or ';'.`
    }`,
  'import.column_twice': (p: { column: string }) => `column ${p.column} appears twice`,
  'import.field_count': (p: { fields: number; header: number }) =>
    `has ${p.fields} field${p.fields === 1 ? '' : 's'}, the header has ${p.header}`,
  'import.ref_repeated': (p: { ref: string; line: number }) => `${p.ref} is already on line ${p.line}`,
  'import.ref_other_name': (p: { ref: string; name: string; line: number }) =>
    `customer_ref ${p.ref} is named '${p.name}' on line ${p.line}`,
  'import.number_repeated': (p: { number: string; line: number }) => `${p.number} is already on line ${p.line}`,
  'import.unknown_currency': (p: { currency: string }) => `unknown currency '${p.currency}'`,
  'import.other_currency': (p: { book: string; currency: string }) =>
    `the book is kept in ${p.book}, this row is in ${p.currency}`,
  'import.not_date': (p: { text: string; format: string; example: string }) =>
    `'${p.text}' is not a date in the ${p.format} format (like ${p.example})`,
  'import.future_date': (p: { date: string; today: string }, f: Format) =>
    `${f.date(p.date)} is in the future (today is ${f.date(p.today)})`,
  'import.before_issue': (p: { date: string; issue: string }, f: Format) =>
    `${f.date(p.date)} is before the issue date ${f.date(p.issue)}`,
  'import.not_positive': () => 'must be more than zero',
  'import.paid_without_date': () => 'given without paid_date',
  'import.paid_over_amount': () => 'more than the invoice amount (record overpayments as payments)',
  'import.not_yes_no': (p: { text: string }) => `'${p.text}' is not yes or no`,
  'import.no_rows_line': () => 'no rows',
  'csv.quote_not_closed': (p: { line: number }) => `a quoted field opened on line ${p.line} is never closed`,
  'csv.text_after_quote': (p: { field: number }) => `text after a closing quote in field ${p.field}`,
  'csv.quote_inside': (p: { field: number }) => `a quote inside unquoted field ${p.field}: quote the whole field`,
  'csv.binary': () => 'the file is binary, not CSV text (a NUL byte): save it from the spreadsheet as "CSV UTF-8"',
  'csv.line_not_utf8': () => 'the line is not UTF-8 text: save the file as "CSV UTF-8"',
  'csv.file_not_utf8': () => 'the file is not UTF-8 text: save it as "CSV UTF-8"',

  // ---- timeline: each event as a sentence
  'timeline.reminder': (p: { tone: string; channel: string; amount: number; items: readonly Text[]; step: number }, f: Format) =>
    `${{ friendly: 'Friendly', firm: 'Firm', final: 'Final' }[p.tone] ?? p.tone} reminder by ${channelWord(p.channel)}: ${f.money(p.amount)} for ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)}`,
  'timeline.unreachable': (p: { amount: number; items: readonly Text[]; reason: Text }, f: Format) =>
    `Could not be reminded of ${f.money(p.amount)} for ${f.list(p.items.map((item) => f.text(item)))}: ${f.text(p.reason)}; please call`,
  'timeline.note': (p: { kind: string; outcome: string | null; text: string }) =>
    `${NOTE_KINDS_EN[p.kind] ?? p.kind}${p.outcome ? ` (${OUTCOMES_EN[p.outcome] ?? p.outcome.replace(/_/g, ' ')})` : ''}: ${p.text}`,
  'timeline.message': (
    p: { channel: string; status: string; purpose: Text; recipient: string; error: Text | null },
    f: Format,
  ) => {
    const purpose = f.text(p.purpose);
    return `${purpose.charAt(0).toUpperCase()}${purpose.slice(1)} by ${channelWord(p.channel)} to ${p.recipient}: ${MESSAGE_STATUS_EN[p.status] ?? p.status}${p.error ? ` (${f.text(p.error)})` : ''}`;
  },
  'reach.why': (p: { reason: ReachReason; channels: readonly string[]; phone: string | null }) =>
    reachWhy(p.reason, p.channels, p.phone),
  'timeline.late_fee': (p: { amount: number; invoice: string; period: number }, f: Format) =>
    `Late fee of ${f.money(p.amount)} on ${p.invoice} (period ${p.period})`,
  'timeline.fee_waived': (p: { amount: number; invoice: string; period: number; reason: Text | null }, f: Format) =>
    `Late fee of ${f.money(p.amount)} on ${p.invoice} (period ${p.period}) waived${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'timeline.status': (p: { action: 'hold' | 'release' | 'in_collection'; byOwner: boolean; reason: Text | null }, f: Format) =>
    `${{ hold: 'Put on hold', release: 'Released from hold', in_collection: 'Handed to collection' }[p.action]}${
      p.byOwner ? ' by the owner' : ' by the policy'
    }${p.reason ? `: ${f.text(p.reason)}` : ''}`,
  'timeline.limit': (p: { from: number | null; to: number | null; reason: Text | null }, f: Format) =>
    `Credit limit changed from ${p.from === null ? 'none' : f.money(p.from)} to ${p.to === null ? 'the default' : f.money(p.to)}${
      p.reason ? `: ${f.text(p.reason)}` : ''
    }`,
  'timeline.write_off_suggested': (p: { invoice: string; days: number }) =>
    `Writing off ${p.invoice} is suggested (${p.days} days overdue)`,
  'timeline.plan_agreed': (p: { total: number; count: number; frequency: string; first: string | null }, f: Format) =>
    `Payment plan agreed: ${f.money(p.total)} in ${p.count} ${
      { weekly: 'weekly', fortnightly: 'fortnightly', monthly: 'monthly' }[p.frequency] ?? p.frequency
    } instalment${p.count === 1 ? '' : 's'}${p.first ? `, the first on ${f.date(p.first)}` : ''}`,
  'timeline.plan_closed': (
    p: { outcome: 'completed' | 'defaulted'; missedSeq: number | null; shortfall: number | null },
    f: Format,
  ) =>
    p.outcome === 'completed'
      ? 'Payment plan completed'
      : `Payment plan defaulted${
          p.missedSeq === null || p.shortfall === null
            ? ''
            : `: instalment ${p.missedSeq} not paid, ${f.money(p.shortfall)} short`
        }`,
  'timeline.promise_made': (p: { amount: number; date: string; channel: string; note: string | null }, f: Format) =>
    `Promised to pay ${f.money(p.amount)} by ${f.date(p.date)} (${channelWord(p.channel)})${p.note ? `: ${p.note}` : ''}`,
  'timeline.promise_closed': (p: { outcome: 'kept' | 'partly_kept' | 'broken'; paid: number; amount: number }, f: Format) =>
    `Promise ${{ kept: 'kept', partly_kept: 'partly kept', broken: 'broken' }[p.outcome]}: ${f.money(p.paid)} of ${f.money(p.amount)} paid`,
  'timeline.dispute_opened': (p: { invoice: string; reason: string }) => `${p.invoice} disputed: ${p.reason}`,
  'timeline.dispute_closed': (
    p: { invoice: string; outcome: 'resolved' | 'rejected'; credit: number; note: string | null },
    f: Format,
  ) =>
    `Dispute on ${p.invoice} ${p.outcome === 'resolved' ? `resolved with a credit of ${f.money(p.credit)}` : 'rejected'}${
      p.note ? `: ${p.note}` : ''
    }`,
  'timeline.payment_reported': (p: { amount: number; method: string; reference: string | null; paidOn: string }, f: Format) =>
    `Reported paying ${f.money(p.amount)} by ${METHODS[p.method] ?? p.method} on ${f.date(p.paidOn)}${p.reference ? `, reference ${p.reference}` : ''}; waiting to be verified`,
  'timeline.payment_closed': (
    p: {
      outcome: 'verified' | 'rejected';
      amount: number | null;
      reference: string | null;
      feesReversed: number;
      invoices: readonly string[];
      note: string | null;
    },
    f: Format,
  ) =>
    `Reported payment${p.amount === null ? '' : ` of ${f.money(p.amount)}`}${p.reference ? ` (reference ${p.reference})` : ''} ${
      p.outcome === 'verified' ? 'verified and booked' : 'rejected'
    }${p.feesReversed > 0 ? `; late fees of ${f.money(p.feesReversed)} on ${f.list(p.invoices)} taken back` : ''}${p.note ? `: ${p.note}` : ''}`,
  'timeline.other': (p: { kind: string }) => p.kind.replace(/_/g, ' '),

  // ---- CLI: usage errors (commander's)
  'usage.option_required': (p: { option: string }) => `error: required option ${p.option} not specified`,
  'usage.option_value_missing': (p: { option: string }) => `error: option ${p.option} needs a value`,
  'usage.unknown_option': (p: { option: string; suggestion: string | null }) =>
    `error: unknown option ${p.option}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}`,
  'usage.unknown_command': (p: { command: string; suggestion: string | null }) =>
    `error: unknown command ${p.command}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}; see lunas --help`,
  'usage.argument_missing': (p: { argument: string }) => `error: missing required argument ${p.argument}`,
  'usage.too_many_arguments': () => 'error: too many arguments; see --help',
  'usage.other': (p: { message: string }) => `error: ${p.message}`,

  // ---- CLI: lines for people
  'cli.customer.promise_open': (p: { amount: number; paid: number; date: string }, f: Format) =>
    `  promised to pay ${f.money(p.amount)} by ${f.date(p.date)} (${f.money(p.paid)} paid so far): no reminders until then`,
  'cli.customer.dispute_open': (p: { invoice: string; reason: string; date: string }, f: Format) =>
    `  ${p.invoice} disputed since ${f.date(p.date)} (${p.reason}): no reminders or fees on it`,
  'cli.customer.report_waiting': (p: { amount: number; reference: string | null; date: string }, f: Format) =>
    `  reported payment of ${f.money(p.amount)}${p.reference ? ` (${p.reference})` : ''} made on ${f.date(p.date)}, waiting to be checked (lunas pending verify)`,
  'cli.business.title': (p: { name: string; id: string }) => `${p.name} (${p.id})`,
  'cli.business.settings': (p: {
    locale: string;
    currency: string;
    timezone: string;
    termsDays: number;
    creditLimit: string | null;
    overdueBlockDays: number | null;
    backdateDaysMax: number;
  }) =>
    `  language ${p.locale === 'id' ? 'Bahasa Indonesia' : 'English'}, ${p.currency}, ${p.timezone}\n` +
    `  terms ${p.termsDays} days, default credit limit ${p.creditLimit ?? 'none'}, ` +
    `new credit refused ${p.overdueBlockDays === null ? 'never for being overdue' : `when anything is over ${p.overdueBlockDays} days overdue`}, ` +
    `entries dated up to ${p.backdateDaysMax} days back`,
  'cli.business.details': (p: { address: string | null; npwp: string | null; phone: string | null; email: string | null }) =>
    `  on invoices: address ${p.address ?? '-'}\n  NPWP ${p.npwp ?? '-'}  phone ${p.phone ?? '-'}  email ${p.email ?? '-'}`,
  'cli.business.how_to_pay': () => '  How customers pay (shown in reminders):',
  'cli.business.no_how_to_pay': () =>
    '  No payment instructions yet: reminders do not say how to pay (lunas business set --payment-instructions FILE)',
  'cli.business_created': (p: { name: string; id: string; currency: string; timezone: string }) =>
    `Created business ${p.name} (${p.id}), ${p.currency}, ${p.timezone}`,
  'cli.customer.title': (p: { name: string; ref: string | null }) => `${p.name}${p.ref ? ` (ref ${p.ref})` : ''}`,
  'cli.customer.contact': (p: { phone: string | null; email: string | null; status: string; reason: Text | null }, f: Format) =>
    `  phone ${p.phone ?? '-'}  email ${p.email ?? '-'}  status ${STATUS_LABELS[p.status] ?? p.status}${p.reason ? ` (${f.text(p.reason)})` : ''}`,
  'cli.customer.figures': (p: { balance: number; overdue: number; credit: number }, f: Format) =>
    `  balance ${f.money(p.balance)}  overdue ${f.money(p.overdue)}  credit ${f.money(p.credit)}`,
  'cli.customer.terms': (p: { limit: number | null; termsDays: number }, f: Format) =>
    `  credit limit ${p.limit === null ? 'none' : f.money(p.limit)}  terms ${p.termsDays} days`,
  'cli.customer.list_summary': (p: { count: number; owed: number; next: string | null }, f: Format) =>
    `${p.count} customer${p.count === 1 ? '' : 's'}, ${f.money(p.owed)} owed${p.next ? ` (more: --after ${p.next})` : ''}`,
  'cli.invoice.title': (p: { number: string; customer: string; total: number; outstanding: number; status: string }, f: Format) =>
    `${p.number} for ${p.customer}: ${f.money(p.total)}, outstanding ${f.money(p.outstanding)}, ${STATUS_LABELS[p.status] ?? p.status}`,
  'cli.invoice.dates': (p: { issued: string; due: string; reference: string | null; override: string | null }, f: Format) =>
    `  issued ${f.date(p.issued)}, due ${f.date(p.due)}${p.reference ? `, reference ${p.reference}` : ''}${
      p.override ? `, credit check overridden: ${p.override}` : ''
    }`,
  'cli.invoice.line': (p: { description: string; quantity: number; unitPrice: number; amount: number }, f: Format) =>
    `  ${p.description}  ${p.quantity} × ${f.money(p.unitPrice)} = ${f.money(p.amount)}`,
  'cli.invoice.list_summary': (p: { count: number; outstanding: number; next: string | null }, f: Format) =>
    `${p.count} invoice${p.count === 1 ? '' : 's'}, ${f.money(p.outstanding)} outstanding${p.next ? ` (more: --after ${p.next})` : ''}`,
  'cli.payment.title': (
    p: {
      reference: string | null;
      id: string | null;
      customer: string;
      amount: number;
      method: string;
      provider: string | null;
      date: string;
    },
    f: Format,
  ) =>
    `Payment of ${f.money(p.amount)} from ${p.customer} by ${METHODS[p.method] ?? p.method}${p.provider ? ` (${p.provider})` : ''} on ${f.date(p.date)}${
      p.reference ? `, reference ${p.reference}` : p.id ? ` (no reference; id ${p.id})` : ''
    }`,
  'cli.payment.allocation': (p: { invoice: string; amount: number }, f: Format) => `  to ${p.invoice}: ${f.money(p.amount)}`,
  'cli.payment.credit_applied': (p: { invoice: string; amount: number; date: string }, f: Format) =>
    `  credit to ${p.invoice}: ${f.money(p.amount)} on ${f.date(p.date)}`,
  'cli.payment.unapplied': (p: { amount: number }, f: Format) => `  kept as customer credit: ${f.money(p.amount)}`,
  'cli.credit_note': (p: { number: string; amount: number; invoice: string; outstanding: number }, f: Format) =>
    `Credit note ${p.number}: ${f.money(p.amount)} on ${p.invoice}, outstanding now ${f.money(p.outstanding)}`,

  'cli.run.day': (p: { mode: 'recorded' | 'would' | 'did'; date: string }, f: Format) =>
    `${{ recorded: 'Recorded on', would: 'Would do on', did: 'Collection run for' }[p.mode]} ${f.date(p.date)}:`,
  'cli.run.reminder': (
    p: { tone: string; channel: string; customer: string; amount: number; items: readonly Text[]; step: number },
    f: Format,
  ) =>
    `  reminder (${p.tone}, ${p.channel}) to ${p.customer}: ${f.money(p.amount)} for ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)}`,
  'cli.run.instalment': (p: { seq: number; count: number }) => `instalment ${p.seq}/${p.count} of the payment plan`,
  'cli.run.instalment_unnamed': () => 'an instalment of the payment plan',
  'cli.run.fee': (p: { amount: number; invoice: string; period: number; date: string }, f: Format) =>
    `  late fee ${f.money(p.amount)} on ${p.invoice} (period ${p.period}, ${f.date(p.date)})`,
  'cli.run.status': (p: { action: string; customer: string; reason: Text }, f: Format) =>
    `  ${{ hold: 'hold', release: 'release', in_collection: 'to collection' }[p.action] ?? p.action} ${p.customer}: ${f.text(p.reason)}`,
  'cli.run.limit': (p: { customer: string; from: number | null; to: number | null; reason: Text }, f: Format) =>
    `  credit limit of ${p.customer}: ${p.from === null ? 'none' : f.money(p.from)} -> ${p.to === null ? 'the default' : f.money(p.to)} (${f.text(p.reason)})`,
  'cli.run.write_off_suggested': (p: { invoice: string; customer: string; days: number }) =>
    `  suggest writing off ${p.invoice} of ${p.customer} (${p.days} days overdue)`,
  'cli.run.plan': (p: { customer: string; outcome: string; missedSeq: number | null; shortfall: number | null }, f: Format) =>
    `  payment plan of ${p.customer}: ${{ completed: 'completed', defaulted: 'defaulted' }[p.outcome] ?? p.outcome}${
      p.missedSeq === null || p.shortfall === null ? '' : ` (instalment ${p.missedSeq} not paid, ${f.money(p.shortfall)} short)`
    }`,
  'cli.run.promise': (p: { customer: string; outcome: string; paid: number; amount: number }, f: Format) =>
    `  promise of ${p.customer}: ${p.outcome.replace(/_/g, ' ')} (${f.money(p.paid)} of ${f.money(p.amount)})`,
  'cli.run.unreachable_title': () => '  Cannot be reminded, please call:',
  'cli.run.unreachable': (
    p: { customer: string; amount: number; items: readonly Text[]; step: number; reason: Text },
    f: Format,
  ) =>
    `    ${p.customer}: ${f.money(p.amount)} for ${f.list(p.items.map((item) => f.text(item)))}, ${stepWords(p.step)} (${f.text(p.reason)})`,
  'cli.run.no_contact': () => 'no phone or email on file',
  'cli.run.channel_missing': (p: { channels: readonly string[]; missing: 'email' | 'phone' }) =>
    `the step sends by ${p.channels.join(' or ')} only, and the customer has no ${p.missing}`,
  'cli.run.nothing': () => '  nothing',
  'cli.run.nothing_new': () => '  nothing new',
  'cli.run.look_back': (p: { date: string; latest: string }, f: Format) =>
    `${f.date(p.date)} is before the latest run (${f.date(p.latest)}): nothing is run again or changed. What the run recorded that day:`,
  'cli.run.look_past': (p: { date: string; today: string }, f: Format) =>
    `${f.date(p.date)} is a past day not run yet: only today is run for real (\`lunas collect\` catches up the missed days first), so nothing is written. What it would do if run now:`,
  'cli.run.dry_run_catch_up': (p: { days: number }) =>
    `Dry run: nothing is written. The ${p.days} day${p.days === 1 ? '' : 's'} before it would run first, as if nothing else happened.`,
  'cli.run.caught_up': (p: { days: number }) => `Caught up ${p.days} missed day${p.days === 1 ? '' : 's'} first.`,
  'cli.promise.made': (p: { customer: string; amount: number; date: string }, f: Format) =>
    `Promise recorded: ${p.customer} will pay ${f.money(p.amount)} by ${f.date(p.date)}. Reminders wait until then.`,
  'cli.dispute.opened': (p: { invoice: string; customer: string; reason: string }) =>
    `${p.invoice} of ${p.customer} is disputed: ${p.reason}. No reminders or fees on it until the dispute is settled (lunas dispute resolve ${p.invoice} or lunas dispute reject ${p.invoice}).`,
  'cli.dispute.closed': (p: { invoice: string; outcome: string; credit: number }, f: Format) =>
    p.outcome === 'resolved'
      ? `Dispute on ${p.invoice} resolved with a credit note of ${f.money(p.credit)}; collection resumes on what is left.`
      : `Dispute on ${p.invoice} rejected; collection resumes.`,
  'cli.pending.reported': (
    p: { customer: string; amount: number; method: string; reference: string | null; paidOn: string; handle: string },
    f: Format,
  ) =>
    `Reported payment recorded: ${p.customer} says they paid ${f.money(p.amount)} by ${METHODS[p.method] ?? p.method} on ${f.date(p.paidOn)}${
      p.reference ? `, reference ${p.reference}` : ''
    }. No fees or reminders on what it covers until it is checked: lunas pending verify ${p.handle} (or reject).`,
  'cli.pending.closed': (
    p: { outcome: string; customer: string; amount: number; reference: string | null; paidOn: string },
    f: Format,
  ) =>
    p.outcome === 'verified'
      ? `Payment of ${f.money(p.amount)} from ${p.customer}${p.reference ? ` (reference ${p.reference})` : ''} checked and booked on ${f.date(p.paidOn)}.`
      : `Reported payment of ${f.money(p.amount)} from ${p.customer}${p.reference ? ` (reference ${p.reference})` : ''} rejected; fees and reminders resume.`,
  'cli.pending.list_summary': (p: { count: number }) => `${p.count} reported payment${p.count === 1 ? '' : 's'}`,
  'cli.dispute.list_summary': (p: { count: number }) => `${p.count} dispute${p.count === 1 ? '' : 's'}`,
  'cli.promise.list_summary': (p: { count: number }) => `${p.count} promise${p.count === 1 ? '' : 's'}`,
  'cli.plan.agreed': (p: { customer: string; total: number; count: number; invoices: readonly string[] }, f: Format) =>
    `Payment plan agreed with ${p.customer}: ${f.money(p.total)} for ${f.list(p.invoices)} in ${p.count} instalment${p.count === 1 ? '' : 's'}:`,
  'cli.plan.instalment': (p: { seq: number; count: number; date: string; amount: number }, f: Format) =>
    `  ${p.seq}/${p.count}  ${f.date(p.date)}  ${f.money(p.amount)}`,
  'cli.fee.waived': (p: { invoice: string; period: number; amount: number; outstanding: number }, f: Format) =>
    `Late fee of ${f.money(p.amount)} on ${p.invoice} (period ${p.period}) waived; outstanding now ${f.money(p.outstanding)}.`,
  'cli.timeline.empty': () => 'no collection events yet',

  'cli.import.summary': (p: {
    imported: number;
    rows: number;
    kind: 'customers' | 'invoices';
    file: string | null;
    customers: number;
    invoices: number;
    payments: number;
    disputes: number;
  }) =>
    `Imported ${p.imported} of ${p.rows} rows of ${p.kind}${p.file ? ` from ${p.file}` : ''}: ` +
    `${p.customers} customers, ${p.invoices} invoices, ${p.payments} payments, ${p.disputes} disputes created.`,
  'cli.import.already_there': (p: { count: number }) => `${p.count} rows were already in the book and were left alone.`,
  'cli.import.skipped': (p: { count: number }) => `${p.count} invalid rows were skipped:`,
  'cli.import.more': (p: { count: number }) => `  … and ${p.count} more`,
  'cli.import.ignored_columns': (p: { columns: readonly string[] }) => `Columns not read: ${p.columns.join(', ')}.`,
  'cli.import.phase': (p: { phase: 'reading' | 'checking' | 'writing' }) => p.phase,

  'cli.written': (p: { file: string; bytes: number }, f: Format) => `Wrote ${p.file} (${f.count(p.bytes)} bytes).`,
  'cli.aging.title': (p: { date: string; currency: string }, f: Format) => `Aging as of ${f.date(p.date)} (${p.currency})`,
  'cli.statement.title': (p: { business: string; customer: string; from: string; to: string }, f: Format) =>
    `${p.business}: statement of ${p.customer} from ${f.date(p.from)} to ${f.date(p.to)}`,
  'cli.statement.open_item': (p: { number: string; due: string; days: number; outstanding: number }, f: Format) =>
    `  open: ${p.number} due ${f.date(p.due)} (${p.days} days past due) ${f.money(p.outstanding)}`,
  'cli.verify.summary': (p: { ok: boolean; entries: number; receivable: number }) =>
    `${p.ok ? 'OK' : 'MISMATCH'}: ${p.entries} journal entries, receivable control ${p.receivable} (minor units)`,
  'cli.verify.problem': (p: { check: string; object: string; expected: number | string; actual: number | string }) =>
    `  ${p.check} ${p.object}: journal says ${p.expected}, projection says ${p.actual}`,
  'cli.demo.skipped': () => 'Demo skipped: the store already holds a business.',
  'cli.demo.title': (p: { name: string; id: string; from: string; to: string }, f: Format) =>
    `Demo business ${p.name} (${p.id}) from ${f.date(p.from)} to ${f.date(p.to)}:`,
  'cli.demo.summary': (p: {
    customers: number;
    sales: number;
    refused: number;
    payments: number;
    creditNotes: number;
    writeOffs: number;
  }) =>
    `  ${p.customers} customers, ${p.sales} credit sales (${p.refused} refused by the credit check), ${p.payments} payments, ${p.creditNotes} credit notes, ${p.writeOffs} write-off${p.writeOffs === 1 ? '' : 's'}`,

  'cli.kpi.title': (p: { from: string; to: string; days: number; currency: string }, f: Format) =>
    `KPIs from ${f.date(p.from)} to ${f.date(p.to)} (${p.days} days, ${p.currency})`,
  'cli.kpi.dso': (p: { simple: number | null; countback: number | null; exhausted: boolean; cei: number | null }) =>
    `  DSO (simple) ${orDash(p.simple, ' days')}  DSO (countback) ${orDash(p.countback, ' days')}${
      p.exhausted ? ' (history exhausted: at least this)' : ''
    }  CEI ${orDash(p.cei, '%')}`,
  'cli.kpi.settled': (p: {
    count: number;
    daysToPay: number | null;
    daysLate: number | null;
    onTime: number | null;
    over90: number | null;
  }) =>
    `  ${p.count} invoices paid: on average ${orDash(p.daysToPay)} days to pay, ${orDash(p.daysLate)} days late, ${orDash(p.onTime, '%')} on time; ${orDash(p.over90, '%')} of the receivable is over 90 days`,
  'cli.forecast.title': (p: { date: string; open: number }, f: Format) =>
    `Expected collections from ${f.date(p.date)}, open receivable ${f.money(p.open)}`,
  'cli.forecast.later': (p: { later: number; atRisk: number; disputed: number }, f: Format) =>
    `Later: ${f.money(p.later)}; at risk (later than ever paid): ${f.money(p.atRisk)}; disputed: ${f.money(p.disputed)}`,
  'cli.risk.title': (p: { date: string; high: number; medium: number; low: number }, f: Format) =>
    `Risk as of ${f.date(p.date)}: ${p.high} high, ${p.medium} medium, ${p.low} low`,
  'cli.risk.warnings_title': (p: { since: string; asOf: string; count: number }, f: Format) =>
    `Scores that rose from ${f.date(p.since)} to ${f.date(p.asOf)}: ${p.count}`,
  'cli.risk.warning': (p: { name: string; previous: number; score: number; level: string; reasons: string }) =>
    `  ${p.name}: ${p.previous} -> ${p.score} (${p.level}): ${p.reasons}`,
  'cli.risk.evaluation': (p: { asOf: string; until: string; customers: number; late: number }, f: Format) =>
    `Scores as of ${f.date(p.asOf)}, checked against ${f.date(p.asOf)} to ${f.date(p.until)}: ${p.customers} customers had an invoice due, ${p.late} paid one late.`,
  'cli.risk.auc': (p: { auc: number | null }) =>
    `  AUC of the risk score:             ${p.auc ?? '- (needs late and on-time payers)'}`,
  'cli.risk.baseline_auc': (p: { auc: number | null }) => `  AUC of the baseline (late share):  ${p.auc ?? '-'}`,

  'cli.serve.listening': (p: { url: string }) => `Lunas serves on ${p.url} (API docs: ${p.url}/api/v1/docs)`,
  'cli.serve.owner_created': (p: { email: string }) => `Created the first owner ${p.email} from LUNAS_OWNER_EMAIL.`,
  'cli.serve.no_account': (p: { url: string }) =>
    'No account yet. Create the first owner by signing up:\n' +
    `  curl -X POST ${p.url}/api/v1/auth/signup -H 'Content-Type: application/json' \\\n` +
    `    -d '{"email":"you@example.com","password":"a long password","name":"Your Name","businessName":"Your Business"}'\n` +
    'or set LUNAS_OWNER_EMAIL and LUNAS_OWNER_PASSWORD and start again.',
  'cli.serve.stopping': (p: { signal: string }) => `${p.signal}: finishing requests in flight, then stopping.`,
  'cli.worker.running': (p: { hour: number; seconds: number }) =>
    `Lunas worker: collection runs from ${p.hour}:00 local time, checking every ${p.seconds} s.`,
  'cli.worker.stopping': (p: { signal: string }) => `${p.signal}: finishing the pass in progress, then stopping.`,
  'cli.token.created': (p: { id: string; name: string; role: string }) =>
    `API token ${p.id} (${p.name}, ${p.role}): shown once, keep it safe.`,
  // ---- the outbox and the dispatcher (issue 13)
  'invoice_send.void': (p: { number: string }) => `${p.number} is void: there is nothing to send`,
  'invoice_send.unreachable': (p: { customer: string; channel: string | null }) =>
    p.channel
      ? `${p.customer} cannot be reached by ${channelWord(p.channel)} (no address, opted out, or not set up for the business)`
      : `${p.customer} cannot be reached by any channel the business sends on: call or visit`,
  'cli.invoice_send.queued': (p: {
    invoice: string;
    customer: string;
    channel: string;
    recipient: string;
    id: string;
    pdf: boolean;
  }) =>
    `${p.invoice} for ${p.customer} queued by ${channelWord(p.channel)} to ${p.recipient}${p.pdf ? ', with the PDF attached' : ''} (message ${p.id}; lunas send --once sends it now)`,
  'message.already_sent': (p: { link: string }) =>
    `this message is already recorded as sent: check the chat before sending it again${p.link ? ` (${p.link})` : ''}`,
  'message.wrong_status': (p: { action: 'retry' | 'cancel' | 'open'; status: string }) =>
    ({
      retry: `only a failed or cancelled message can be sent again; this one is ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
      cancel: `only a message that has not gone can be cancelled; this one is ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
      open: `only a message waiting to be tapped can be opened; this one is ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
    })[p.action],
  'message.ambiguous_id': (p: { id: string; count: number }) => `${p.count} messages end in ${p.id}: type more of the id`,
  'outbox.status': (p: { status: string }) => OUTBOX_STATUS_WORDS[p.status] ?? p.status,
  'outbox.purpose': (p: { purpose: string }) => PURPOSE_WORDS[p.purpose] ?? p.purpose.replace(/_/g, ' '),
  'outbox.channel': (p: { channel: string }) => channelWord(p.channel),
  'outbox.column': (p: { name: 'id' | 'customer' | 'channel' | 'to' | 'status' | 'purpose' | 'text' | 'when' }) =>
    ({
      id: 'id',
      customer: 'customer',
      channel: 'channel',
      to: 'to',
      status: 'status',
      purpose: 'for',
      text: 'text',
      when: 'when',
    })[p.name],
  /** Why a message failed or was cancelled: the dispatcher's reasons in words, a provider's answer as it came. */
  'outbox.reason': (p: { reason: string }) =>
    OUTBOX_REASON_WORDS[p.reason] ??
    (p.reason.startsWith('uncertain')
      ? 'the dispatcher stopped during the send: check with the customer before sending again'
      : p.reason),
  'outbox.when': (p: { date: string; time: string }, f: Format) => `${f.date(p.date)} ${p.time}`,
  'outbox.event': (
    p: {
      status: string;
      reason: Text | null;
      channel: string | null;
      until: Text | null;
      attempt: number | null;
      opened: boolean;
    },
    f: Format,
  ) => {
    const why = p.reason ? `: ${f.text(p.reason)}` : '';
    const until = p.until ? ` until ${f.text(p.until)}` : '';
    switch (p.status) {
      case 'sending':
        return `handed to the provider${p.attempt && p.attempt > 1 ? ` (try ${p.attempt})` : ''}`;
      case 'held':
        return `held${until}${why}`;
      case 'retrying':
        return `will try again${until}${why}`;
      case 'fallback':
        return `will go by ${channelWord(p.channel ?? '')} instead`;
      case 'queued':
        return p.channel ? `queued after ${channelWord(p.channel)} failed` : 'queued again';
      case 'sent':
        return p.opened ? 'sent by tapping the link' : 'sent';
      case 'to_tap':
        return 'waiting to be sent by tapping the link';
      case 'unreachable':
        return 'no other channel left: please call the customer';
      default:
        return `${OUTBOX_STATUS_WORDS[p.status] ?? p.status}${why}`;
    }
  },
  'cli.outbox.empty': () => 'No messages.',
  'cli.outbox.more': (p: { cursor: string }) => `More: add --after ${p.cursor}`,
  'cli.outbox.heading': (p: { shortId: string; customer: string; channel: string; to: string; status: string }) =>
    `Message ${p.shortId} to ${p.customer} by ${channelWord(p.channel)} (${p.to}): ${OUTBOX_STATUS_WORDS[p.status] ?? p.status}`,
  'cli.outbox.about': (p: { purpose: string; invoices: readonly string[] }, f: Format) =>
    `For: ${PURPOSE_WORDS[p.purpose] ?? p.purpose}${p.invoices.length > 0 ? ` (${f.list([...p.invoices])})` : ''}`,
  'cli.outbox.waits': (p: { when: Text }, f: Format) => `Waits until ${f.text(p.when)}`,
  'cli.outbox.error': (p: { reason: Text }, f: Format) => `Reason: ${f.text(p.reason)}`,
  'cli.outbox.link': (p: { link: string }) => `Link to tap: ${p.link}`,
  'cli.outbox.subject': (p: { subject: string }) => `Subject: ${p.subject}`,
  'cli.outbox.text_title': () => 'Text:',
  'cli.outbox.history_title': () => 'History:',
  'cli.outbox.history_line': (p: { when: Text; event: Text; actor: string }, f: Format) =>
    `  ${f.text(p.when)}  ${f.text(p.event)} (${p.actor})`,
  'cli.outbox.retried': (p: { shortId: string }) => `Message ${p.shortId} is queued again.`,
  'cli.outbox.cancelled': (p: { shortId: string }) => `Message ${p.shortId} is cancelled.`,
  'cli.outbox.opened': (p: { shortId: string; link: string }) => `Message ${p.shortId} counts as sent. Open: ${p.link}`,
  'cli.send.counts': (p: {
    sent: number;
    toTap: number;
    retried: number;
    failed: number;
    cancelled: number;
    held: number;
    uncertain: number;
  }) =>
    `Sent ${p.sent}, to tap ${p.toTap}, retried ${p.retried}, failed ${p.failed}, cancelled ${p.cancelled}` +
    (p.held > 0 ? `, held ${p.held} (quiet hours or rate limit)` : '') +
    (p.uncertain > 0 ? `, ${p.uncertain} to check (the dispatcher stopped during their send)` : '') +
    '.',
  'cli.worker.dispatching': (p: { seconds: number }) => `Sending due messages every ${p.seconds} s.`,
  'channel.provider_needed': (p: { channel: string }) => `name the provider of ${channelWord(p.channel)} (--provider)`,
  'channel.provider_wrong': (p: { provider: string; channel: string }) =>
    `${p.provider} does not send by ${channelWord(p.channel)}`,
  'customer.opt_both': (p: { channels: readonly string[] }) =>
    `opting out of and back into ${p.channels.map(channelWord).join(', ')} at once: choose one`,
  'customer.phone_problem': (p: { text: string; problem: 'too_short' | 'too_long' | 'not_a_number' | 'invalid' }) =>
    `${p.text} is not a phone number: ${
      { too_short: 'too short', too_long: 'too long', not_a_number: 'not a number', invalid: 'no such number' }[p.problem]
    } (Indonesian numbers may start with 0)`,
  'webhook.refused': () => 'the webhook was refused',
  'cli.channel.line': (p: {
    channel: string;
    provider: string;
    enabled: boolean;
    rate: number | null;
    config: string;
    isDefault: boolean;
  }) =>
    `${channelWord(p.channel)}: ${p.provider}${p.isDefault ? ' (click-to-chat links, no account needed)' : ''}, ${p.enabled ? 'on' : 'off'}${
      p.rate === null ? '' : `, at most ${p.rate} a minute`
    }${p.config ? `\n  ${p.config}` : ''}`,
  'cli.channel.removed': (p: { channel: string }) => `Settings of ${channelWord(p.channel)} removed.`,
  'cli.channel.bad_pair': (p: { text: string }) => `--set ${p.text}: write key=value`,
  'cli.channel.bad_file': (p: { file: string }) => `${p.file} cannot be read as a JSON object`,
  'cli.customer.channels': (p: {
    preferred: string | null;
    order: readonly string[];
    optedOut: readonly string[];
    locale: string;
  }) =>
    `  Channel order: ${p.preferred ? `${channelWord(p.preferred)} first, then ` : ''}${p.order
      .filter((channel) => channel !== p.preferred)
      .map(channelWord)
      .join(', ')}${
      p.optedOut.length > 0 ? `; opted out of ${p.optedOut.map(channelWord).join(', ')}` : ''
    }; language ${p.locale === 'id' ? 'Indonesian' : 'English'}`,
  'cli.customer.reachable': (p: { channels: readonly string[] }) => `  Reached by ${p.channels.map(channelWord).join(', then ')}`,
  'cli.customer.unreachable': (p: { reason: Text }, f: Format) =>
    `  Cannot be reached by any message: ${f.text(p.reason)}. Please call or visit.`,
  'cli.customer.landline': (p: { phone: string }) => `  ${p.phone} is a landline: calls only, no WhatsApp or SMS`,
  'cli.note.added': (p: { kind: string; customer: string; date: string }, f: Format) =>
    `${NOTE_KINDS_EN[p.kind] ?? p.kind} noted for ${p.customer} on ${f.date(p.date)}.`,
  'cli.note.empty': () => 'No notes yet.',
  'cli.today.title': (p: { business: string; date: string }, f: Format) => `${p.business}: today, ${f.date(p.date)}`,
  'cli.today.section': (p: { section: TodaySection; count: number }) => `${TODAY_SECTIONS[p.section][0]} (${p.count})`,
  'cli.today.none': (p: { section: TodaySection }) => `${TODAY_SECTIONS[p.section][1]}.`,
  'cli.today.to_tap': (
    p: { id: string; purpose: Text; written: string; customer: string; amount: number; link: string },
    f: Format,
  ) =>
    `  [${p.id}] ${f.text(p.purpose)} for ${p.customer}, ${f.money(p.amount)}, written ${f.date(p.written)}:\n    ${p.link}\n    (when sent: lunas outbox open ${p.id})`,
  'cli.today.unreachable': (p: { customer: string; phone: string | null; balance: number; reason: Text }, f: Format) =>
    `  ${p.customer}${p.phone ? `, ${p.phone}` : ''}, owes ${f.money(p.balance)} (${f.text(p.reason)})`,
  'cli.today.promise_due': (p: { customer: string; amount: number; paid: number }, f: Format) =>
    `  ${p.customer} promised ${f.money(p.amount)} by today${p.paid > 0 ? ` (${f.money(p.paid)} paid so far)` : ''}`,
  'cli.today.promise_broken': (p: { customer: string; amount: number; paid: number; date: string }, f: Format) =>
    `  ${p.customer} promised ${f.money(p.amount)} by ${f.date(p.date)} and paid ${f.money(p.paid)}`,
  'cli.today.plan_defaulted': (p: { customer: string; total: number; date: string | null }, f: Format) =>
    `  ${p.customer}: plan of ${f.money(p.total)} defaulted${p.date ? ` on ${f.date(p.date)}` : ''}`,
  'cli.today.payment_to_verify': (
    p: { customer: string; amount: number; reference: string | null; date: string; invoice: string | null },
    f: Format,
  ) =>
    `  ${p.customer} says they paid ${f.money(p.amount)} on ${f.date(p.date)}${p.reference ? `, reference ${p.reference}` : ''}${
      p.invoice ? ` for ${p.invoice}` : ''
    }`,
  'cli.today.dispute': (p: { customer: string; invoice: string; reason: string; date: string }, f: Format) =>
    `  ${p.invoice} of ${p.customer} since ${f.date(p.date)}: ${p.reason}`,
  'cli.today.write_off': (p: { customer: string; invoice: string; amount: number; days: number }, f: Format) =>
    `  ${p.invoice} of ${p.customer}: ${f.money(p.amount)}, ${p.days} days overdue`,
  'cli.today.failed': (p: { customer: string; channel: string; recipient: string; error: Text | null }, f: Format) =>
    `  ${p.customer} by ${channelWord(p.channel)} to ${p.recipient}${p.error ? `: ${f.text(p.error)}` : ''}`,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof en;
/** The parameters of one entry (undefined when it takes none). */
export type MessageParams<K extends MessageKey> = Parameters<(typeof en)[K]>[0];
/** A table with every key of the English one, each taking the same parameters. */
export type Catalogue = { readonly [K in MessageKey]: (params: MessageParams<K>, format: Format) => string };
