/**
 * The English table. It fixes the keys and the parameters of each entry; the Indonesian table
 * (id.ts) must match it. Amounts are minor units, rendered by `f.money`; dates `YYYY-MM-DD`, by `f.date`.
 */
import type { Format, Text } from './format.js';

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
  'http.too_many_attempts': (p: { seconds: number }) => `too many attempts: try again in ${p.seconds} s`,
  'http.body_too_large': (p: { bytes: number }) => `the request body is over ${p.bytes} bytes`,
  'http.content_type': (p: { expected: readonly string[]; got: string }) =>
    `the body must be sent with Content-Type: ${p.expected.join(' or ')} (got ${p.got || 'none'})`,
  'http.malformed_json': (p: { detail: string }) => `malformed JSON: ${p.detail}`,
  'http.unexpected': (p: { requestId: string }) => `unexpected error; quote request id ${p.requestId}`,
  'http.unknown_query': () => 'unknown query parameter',

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
  'field.days': () => 'must be a whole number of days',
  'field.days_range': (p: { min: number; max: number }) => `must be a whole number of days from ${p.min} to ${p.max}`,
  'field.days_or_null': () => 'must be a whole number of days or null',
  'field.at_least_days': (p: { min: number }) => `must be at least ${p.min} day${p.min === 1 ? '' : 's'}`,
  'field.number_range': (p: { min: number; max: number }) => `must be a whole number from ${p.min} to ${p.max}`,
  'field.bps_range': (p: { min: number; max: number }) => `must be ${p.min} to ${p.max} basis points`,
  'field.bps_range_or_null': (p: { min: number; max: number }) => `must be ${p.min} to ${p.max} basis points or null`,
  'field.id_or_ref': () => 'must name a customer id or ref',
  'field.fee_period': () => 'must be a fee period number (1, 2, …)',
  'field.positive_quantity': () => 'must be a positive number with at most 3 decimals',
  'field.cursor': () => 'must be a cursor from a previous page',
  'field.key_length': (p: { max: number }) => `must be 1 to ${p.max} characters`,
  'field.amount_separators': (p: { text: string; digits: string; currency: string }) =>
    `${p.text}: write whole ${p.currency === 'IDR' ? 'rupiah' : p.currency} without separators: ${p.digits}`,

  // ---- businesses, settings, accounts
  'business.unknown_currency': (p: { currency: string }) => `unknown currency ${p.currency}`,
  'business.unknown_time_zone': (p: { zone: string }) => `unknown time zone ${p.zone}`,
  'business.currency_fixed': () => 'cannot change once invoices or payments are recorded',
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
  'credit.on_hold': (p: { status: string; reason: string | null }) =>
    `the customer is ${status(p.status)}${p.reason ? `: ${p.reason}` : ''}`,
  'credit.overdue_block': (p: { days: number; maxDays: number }) =>
    `the customer is on hold: ${p.days} days overdue (more than ${p.maxDays})`,

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
  'import.refused': (p: { line: number; reason: string }) => `line ${p.line}: ${p.reason}; nothing was imported`,
  'import.rows_invalid': (p: { invalid: number; rows: number }) =>
    `${p.invalid} of ${p.rows} rows are invalid; nothing was imported (fix them, or import the valid rows with skip-invalid)`,
  'import.fatal': (p: { reason: string | null }) => `${p.reason ?? 'the file cannot be read'}; nothing was imported`,
  'import.no_rows': () => 'the file has a header but no rows; nothing was imported',
  'file.cannot_read': (p: { file: string }) => `cannot read ${p.file}`,
  'file.cannot_write': (p: { file: string }) => `cannot write ${p.file}`,
  'file.not_json': (p: { file: string; detail: string }) => `${p.file} is not JSON: ${p.detail}`,
  'file.system_error': (p: { detail: string }) => p.detail,

  // ---- texts to customers: reminders
  'reminder.opening_friendly': (p: { name: string; business: string }) =>
    `Hello ${p.name}, a friendly reminder from ${p.business}.`,
  'reminder.opening_firm': (p: { name: string; business: string }) =>
    `Hello ${p.name}, ${p.business} would like to remind you of bills that are past their due date.`,
  'reminder.opening_final': (p: { name: string; business: string }) =>
    `Hello ${p.name}, this is a final notice from ${p.business} about unpaid bills.`,
  'reminder.invoice': (p: { number: string }) => p.number,
  'reminder.instalment': (p: { label: string }) => `instalment ${p.label}`,
  'reminder.line': (p: { item: Text; amount: number; due: string }, f: Format) =>
    `- ${f.text(p.item)}: ${f.money(p.amount)} (due ${f.date(p.due)})`,
  'reminder.total': (p: { amount: number }, f: Format) => `Total: ${f.money(p.amount)}`,
  'reminder.how_to_pay': () => 'How to pay:',
  'reminder.fee_rate': (p: { rateBps: number; period: 'week' | 'month' }, f: Format) =>
    `Under our policy, late payment incurs a fee of ${f.percent(p.rateBps)} per ${p.period}.`,
  'reminder.fee_flat': (p: { amount: number; period: 'week' | 'month' }, f: Format) =>
    `Under our policy, late payment incurs a fee of ${f.money(p.amount)} per ${p.period}.`,
  'reminder.if_paid': () => 'If you have already paid, please ignore this message or reply with the transfer receipt.',
  'reminder.thanks': () => 'Thank you.',
  'payment.account': (p: { provider: string; number: string; name: string | null }) =>
    `${p.provider} ${p.number}${p.name ? ` in the name of ${p.name}` : ''}`,

  // ---- CLI
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
  'cli.error': (p: { code: string; message: string }) => `error (${p.code}):${p.message === '' ? '' : ` ${p.message}`}`,
  'cli.problem_line': (p: { line: number; reason: string }) => `  line ${p.line}: ${p.reason}`,
  'cli.more_invalid_rows': (p: { count: number }) => `  … and ${p.count} more invalid rows`,
  'cli.internal_error': (p: { message: string }) => `internal error: ${p.message}`,
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof en;
/** The parameters of one entry (undefined when it takes none). */
export type MessageParams<K extends MessageKey> = Parameters<(typeof en)[K]>[0];
/** A table with every key of the English one, each taking the same parameters. */
export type Catalogue = { readonly [K in MessageKey]: (params: MessageParams<K>, format: Format) => string };
