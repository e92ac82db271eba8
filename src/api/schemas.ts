/**
 * The shapes of the HTTP API, as zod schemas with OpenAPI names. Requests are
 * validated with these before they reach a use case (which validates again, for
 * the CLI's sake); answers are documented with them, and the contract tests
 * check every answer against them.
 */
import { z } from '@hono/zod-openapi';
import { CUSTOMER_STATUSES, LOCALES } from '../core/parties.js';
import { CHANNELS } from '../core/policy.js';
import { INVOICE_STATUSES } from '../core/invoices.js';
import { EWALLET_PROVIDERS } from '../core/payments.js';
import { PAYMENT_METHODS } from '../core/ledger.js';
import { ROLES } from '../app/context.js';
import { PAGE_SIZE_MAX, textIssue } from '../app/validate.js';
import { t } from '../core/i18n/catalogue.js';
import { MONEY_MAX } from '../core/money.js';

const MONEY_HINT = 'integer in the currency minor unit (IDR: whole rupiah)';

export const money = z
  .number({ error: `must be an ${MONEY_HINT}` })
  .int(`must be an ${MONEY_HINT}, without fractions`)
  .min(0, 'must not be negative')
  .max(MONEY_MAX, 'is too large')
  .openapi({ description: MONEY_HINT, example: 50000 });
export const positiveMoney = money.min(1, 'must be positive');
export const calendarDate = z
  .string({ error: 'must be a calendar date YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a calendar date YYYY-MM-DD')
  .openapi({ example: '2026-11-22' });
const text = (max: number) =>
  z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const name = text(200);
const reason = text(500);
const id = (prefix: string) =>
  z
    .string({ error: `must be an id (${prefix}_…)` })
    .min(1)
    .max(200)
    .openapi({ example: `${prefix}_01kaxyz0000000000000000000` });
/** The person says an old date is meant (before the book's first day, or more than the business's backdate limit ago). */
const allowOldDate = z
  .boolean({ error: 'must be true or false' })
  .optional()
  .openapi({ description: "the date is right although it is before the business's first day or past its backdate limit" });
const days = z.number({ error: 'must be a whole number of days' }).int('must be a whole number of days').min(0).max(3650);

// Query strings are text: these read numbers and booleans from it strictly.
const queryLimit = z
  .string()
  .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${PAGE_SIZE_MAX}`)
  .transform(Number)
  .refine((n) => n >= 1 && n <= PAGE_SIZE_MAX, `must be a whole number from 1 to ${PAGE_SIZE_MAX}`)
  .optional()
  .openapi({ type: 'string', description: `page size, 1 to ${PAGE_SIZE_MAX} (default 100)` });
const queryBoolean = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((v) => v === 'true')
  .optional();
const cursor = z.string().max(100).optional().openapi({ description: 'nextCursor of the previous page' });
export const page = { limit: queryLimit, after: cursor };

export const IdParam = z
  .object({
    id: z
      .string()
      .min(1)
      .max(200)
      .openapi({ description: "the id, or what a person sees: a customer's ref, an invoice's number, a payment's reference" }),
  })
  .strict();

export const InvoicePdfQuery = z
  .object({
    lang: z.enum(LOCALES).optional().openapi({ description: "id or en (default: the business's language)" }),
  })
  .strict();

export const PdfFile = z.string().openapi({ format: 'binary', description: 'a PDF document' });

export const PaymentInstructions = z
  .object({
    bankAccounts: z.array(z.object({ bank: z.string(), accountNumber: z.string(), accountName: z.string() }).strict()).optional(),
    ewallets: z
      .array(
        z.object({ provider: z.enum(EWALLET_PROVIDERS), number: z.string(), name: z.string().nullable().optional() }).strict(),
      )
      .optional(),
    qris: z.string().nullable().optional(),
    note: z.string().nullable().optional(),
  })
  .strict()
  .openapi('PaymentInstructions');

export const Business = z
  .object({
    id: z.string(),
    name: z.string(),
    currency: z.string(),
    timezone: z.string(),
    locale: z.string(),
    defaultTermsDays: z.number().int(),
    defaultCreditLimit: z.number().int().nullable(),
    overdueBlockDays: z.number().int().nullable(),
    backdateDaysMax: z.number().int(),
    paymentInstructions: PaymentInstructions.nullable(),
    address: z.string().nullable().openapi({ description: 'printed on invoices and statements; may span lines' }),
    npwp: z.string().nullable().openapi({ description: 'the tax number, digits only (15 or 16)', example: '012345678901000' }),
    phone: z.string().nullable().openapi({ description: 'E.164', example: '+6281234567890' }),
    email: z.string().nullable(),
  })
  .openapi('Business');

export const BusinessCreate = z
  .object({
    name,
    currency: z.string().max(3).optional(),
    timezone: z.string().max(100).optional(),
    locale: z.string().max(5).optional(),
    termsDays: days.optional(),
    defaultCreditLimit: money.nullable().optional(),
    overdueBlockDays: days.nullable().optional(),
    backdateDaysMax: days.optional().openapi({
      description: 'how many days back an entry may be dated without allowOldDate (default 366)',
    }),
    paymentInstructions: PaymentInstructions.nullable().optional(),
    address: z.string().max(2000).nullable().optional().openapi({ description: 'printed on invoices; null or "" clears it' }),
    npwp: z.string().max(100).nullable().optional().openapi({
      description: 'the tax number: 15 or 16 digits, dots, dashes and spaces allowed (01.234.567.8-901.000); stored as digits',
      example: '01.234.567.8-901.000',
    }),
    phone: z.string().max(100).nullable().optional().openapi({ description: 'stored as E.164 (0812… becomes +62812…)' }),
    email: z.string().max(254).nullable().optional(),
  })
  .strict()
  .openapi('BusinessCreate');

export const BusinessUpdate = BusinessCreate.partial()
  .extend({
    termsDays: days.optional().openapi({ description: 'the default terms in days (also as defaultTermsDays)' }),
    defaultTermsDays: days.optional().openapi({
      description: 'the default terms in days, the name GET /business answers with (termsDays also works; not both)',
    }),
  })
  .strict()
  .superRefine((update, context) => {
    if (update.termsDays !== undefined && update.defaultTermsDays !== undefined)
      context.addIssue(textIssue(t('business.terms_days_once'), ['defaultTermsDays']));
  })
  .openapi('BusinessUpdate');

const tags = z
  .array(z.string().max(100))
  .max(50)
  .openapi({ description: 'short labels (letters, digits, - and _), stored lower case', example: ['grosir', 'vip'] });

export const Customer = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    ref: z.string().nullable(),
    creditLimit: z.number().int().nullable(),
    termsDays: z.number().int(),
    status: z.enum(CUSTOMER_STATUSES),
    holdReason: z.string().nullable(),
    balance: z.number().int(),
    overdue: z.number().int(),
    credit: z.number().int(),
    tags: z.array(z.string()),
    preferredChannel: z.enum(CHANNELS).nullable(),
    channelOrder: z.array(z.enum(CHANNELS)),
    optedOut: z.array(z.enum(CHANNELS)),
    locale: z.enum(LOCALES),
    phoneType: z
      .enum(['mobile', 'landline'])
      .nullable()
      .openapi({ description: 'a landline takes calls only: no WhatsApp, no SMS' }),
  })
  .openapi('Customer');

export const CustomerDetail = Customer.extend({
  reach: z
    .object({
      channels: z.array(z.enum(CHANNELS)),
      unreachable: z
        .enum(['no_phone_or_email', 'no_channel_for_step', 'landline_only', 'opted_out', 'channel_not_configured'])
        .nullable(),
      unreachableChannels: z
        .array(z.enum(CHANNELS))
        .openapi({ description: 'the channels the reason is about: opted out of, or still to be set up by the business' }),
    })
    .openapi({ description: 'the channels a message would try, in order; or why none can reach the customer' }),
  openInvoices: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      issueDate: z.string(),
      dueDate: z.string(),
      total: z.number().int(),
      outstanding: z.number().int(),
      daysOverdue: z.number().int(),
    }),
  ),
}).openapi('CustomerDetail');

export const CustomerCreate = z
  .object({
    name,
    phone: z.string().max(40).optional().openapi({ example: '0812-3456-7890' }),
    email: z.string().max(254).optional(),
    ref: name.optional(),
    creditLimit: money.optional(),
    termsDays: days.optional(),
    tags: tags.optional(),
    preferredChannel: z.enum(CHANNELS).nullable().optional().openapi({ description: "tried first; null: the customer's order" }),
    channelOrder: z
      .array(z.enum(CHANNELS))
      .max(3)
      .nullable()
      .optional()
      .openapi({ example: ['whatsapp', 'sms', 'email'] }),
    optOut: z.array(z.enum(CHANNELS)).max(3).optional().openapi({ description: 'never send on these channels' }),
    optIn: z.array(z.enum(CHANNELS)).max(3).optional().openapi({ description: 'send on these channels again' }),
    locale: z
      .enum(LOCALES)
      .nullable()
      .optional()
      .openapi({ description: "the language of messages to the customer; null: the business's" }),
  })
  .strict()
  .openapi('CustomerCreate');

export const CustomerUpdate = z
  .object({
    name: name.optional(),
    phone: z.string().max(40).nullable().optional(),
    email: z.string().max(254).nullable().optional(),
    ref: name.nullable().optional(),
    creditLimit: money.nullable().optional(),
    termsDays: days.nullable().optional(),
    tags: tags.optional(),
    preferredChannel: z.enum(CHANNELS).nullable().optional().openapi({ description: "tried first; null: the customer's order" }),
    channelOrder: z
      .array(z.enum(CHANNELS))
      .max(3)
      .nullable()
      .optional()
      .openapi({ example: ['whatsapp', 'sms', 'email'] }),
    optOut: z.array(z.enum(CHANNELS)).max(3).optional().openapi({ description: 'never send on these channels' }),
    optIn: z.array(z.enum(CHANNELS)).max(3).optional().openapi({ description: 'send on these channels again' }),
    locale: z
      .enum(LOCALES)
      .nullable()
      .optional()
      .openapi({ description: "the language of messages to the customer; null: the business's" }),
  })
  .strict()
  .openapi('CustomerUpdate');

export const CustomerQuery = z
  .object({
    ...page,
    status: z.enum(CUSTOMER_STATUSES, { error: `must be one of ${CUSTOMER_STATUSES.join(', ')}` }).optional(),
    overdue: queryBoolean,
    search: z.string().max(200).optional().openapi({ description: 'part of the name or phone number' }),
  })
  .strict();

export const ReasonBody = z.object({ reason }).strict().openapi('Reason');

const InvoiceLine = z
  .object({
    description: text(500),
    quantity: z.number({ error: 'must be a positive number' }).positive('must be positive').max(1e9, 'is too large'),
    unitPrice: money,
    discount: money.optional(),
    taxRateBps: z.number().int('must be whole basis points').min(0).max(10000).optional(),
  })
  .strict();

export const InvoiceCreate = z
  .object({
    customerId: id('cus').openapi({ description: "customer id, or the business's own customer ref" }),
    lines: z.array(InvoiceLine).min(1, 'must hold at least one line').max(200, 'at most 200 lines').optional(),
    amount: positiveMoney.optional().openapi({ description: 'quick sale: one line of this amount (instead of lines)' }),
    description: text(500).optional().openapi({ description: 'quick sale: what was sold (default "Kasbon")' }),
    issueDate: calendarDate.optional().openapi({ description: 'default today; never after today' }),
    dueDate: calendarDate.optional(),
    allowOldDate,
    reference: name.optional(),
    overrideReason: reason.optional().openapi({ description: 'owner only: issue despite the credit check, with this reason' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if ((body.lines === undefined) === (body.amount === undefined))
      ctx.addIssue(textIssue(t('invoice.lines_or_amount'), ['amount']));
    if (body.lines !== undefined && body.description !== undefined)
      ctx.addIssue(textIssue(t('invoice.description_quick_sale'), ['description']));
  })
  .openapi('InvoiceCreate');

export const Invoice = z
  .object({
    id: z.string(),
    number: z.string(),
    customerId: z.string(),
    issueDate: z.string(),
    dueDate: z.string(),
    reference: z.string().nullable(),
    currency: z.string(),
    subtotal: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    outstanding: z.number().int(),
    status: z.enum(INVOICE_STATUSES),
    overrideReason: z.string().nullable(),
    lines: z.array(
      z.object({
        description: z.string(),
        quantity: z.number(),
        unitPrice: z.number().int(),
        discount: z.number().int(),
        taxRateBps: z.number().int().nullable(),
        amount: z.number().int(),
        tax: z.number().int(),
      }),
    ),
  })
  .openapi('Invoice');

export const InvoiceQuery = z
  .object({
    ...page,
    status: z.enum(INVOICE_STATUSES, { error: `must be one of ${INVOICE_STATUSES.join(', ')}` }).optional(),
    customerId: z.string().max(200).optional().openapi({ description: 'the customer id or ref' }),
    overdue: queryBoolean,
    search: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: "part of the number or reference, or of the customer's name or ref (any case)" }),
    from: calendarDate.optional().openapi({ description: 'issued on or after this date' }),
    to: calendarDate.optional().openapi({ description: 'issued on or before this date' }),
    order: z
      .enum(['oldest', 'newest'])
      .optional()
      .openapi({ description: 'by issue date, then number: oldest first (default) or newest first' }),
  })
  .strict();

export const CreditNoteCreate = z
  .object({ amount: positiveMoney, reason, date: calendarDate.optional(), allowOldDate })
  .strict()
  .openapi('CreditNoteCreate');
export const CorrectionBody = z.object({ reason, date: calendarDate.optional(), allowOldDate }).strict().openapi('Correction');

export const CreditNote = z
  .object({ id: z.string(), number: z.string(), amount: z.number().int(), reason: z.string(), invoice: Invoice })
  .openapi('CreditNote');

export const PaymentCreate = z
  .object({
    customerId: id('cus'),
    amount: positiveMoney,
    method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
    provider: z
      .string()
      .max(40)
      .optional()
      .openapi({ description: `e-wallet: one of ${EWALLET_PROVIDERS.join(', ')}` }),
    invoiceId: id('inv').optional().openapi({ description: 'the invoice id or number' }),
    date: calendarDate.optional().openapi({ description: 'default today; never after today' }),
    allowOldDate,
    reference: name.optional(),
  })
  .strict()
  .openapi('PaymentCreate');

export const Payment = z
  .object({
    id: z.string(),
    customerId: z.string(),
    amount: z.number().int(),
    method: z.enum(PAYMENT_METHODS),
    provider: z.string().nullable(),
    date: z.string(),
    reference: z.string().nullable(),
    allocations: z
      .array(z.object({ invoiceId: z.string(), invoiceNumber: z.string(), amount: z.number().int() }))
      .openapi({ description: 'what the payment paid directly, per invoice' }),
    unapplied: z.number().int().openapi({ description: 'what of the payment is still held as customer credit' }),
    creditApplied: z
      .array(z.object({ invoiceId: z.string(), invoiceNumber: z.string(), amount: z.number().int(), date: z.string() }))
      .openapi({
        description:
          'what was left over, as customer credit, then paid (at once or when a later invoice met it; credit is spent first in, first out); allocations + creditApplied + unapplied = amount',
      }),
  })
  .openapi('Payment');

export const PaymentQuery = z
  .object({
    ...page,
    customerId: z.string().max(200).optional().openapi({ description: 'the customer id or ref' }),
    invoiceId: z.string().max(200).optional().openapi({ description: 'the invoice id or number' }),
  })
  .strict();

export const Ledger = z
  .object({
    customerId: z.string(),
    opening: z.number().int(),
    entries: z.array(
      z.object({
        entryId: z.string(),
        date: z.string(),
        code: z.string(),
        sourceType: z.string(),
        sourceId: z.string(),
        invoiceId: z.string().nullable(),
        amount: z.number().int(),
        balance: z.number().int(),
      }),
    ),
    balance: z.number().int(),
    nextCursor: z.string().nullable(),
  })
  .openapi('CustomerLedger');

export const LedgerQuery = z.object({ ...page }).strict();

export const AgingQuery = z
  .object({
    asOf: calendarDate.optional(),
    buckets: z.string().max(100).optional().openapi({ description: 'upper day bounds, e.g. 30,60,90' }),
    status: z.enum(CUSTOMER_STATUSES).optional().openapi({ description: 'only customers with this status' }),
    tag: z.string().max(100).optional().openapi({ description: 'only customers with this tag' }),
    minAmount: z
      .string()
      .regex(/^\d{1,16}$/, 'must be a non-negative whole number of minor units')
      .transform(Number)
      // Up to the money bound (2^53 − 1, sixteen digits), as the body's amounts and the CLI take.
      .pipe(z.number().max(MONEY_MAX))
      .optional()
      .openapi({ type: 'string', description: 'only customers owing at least this (minor units)' }),
    format: z.enum(['json', 'csv']).optional().openapi({ description: 'json (default) or csv' }),
  })
  .strict();

export const Aging = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    buckets: z.array(z.object({ key: z.string(), fromDays: z.number().int().nullable(), toDays: z.number().int().nullable() })),
    totals: z.object({ outstanding: z.number().int(), byBucket: z.record(z.string(), z.number().int()) }),
    customers: z.array(
      z.object({
        customerId: z.string(),
        name: z.string(),
        outstanding: z.number().int(),
        byBucket: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .openapi('Aging');

export const AuditQuery = z
  .object({
    ...page,
    objectType: z.string().max(50).optional(),
    objectId: z.string().max(100).optional(),
    actor: z.string().max(100).optional().openapi({ description: 'user:usr_…, token:tok_… or cli:owner' }),
    from: z.string().max(40).optional().openapi({ description: 'ISO 8601 UTC instant, inclusive' }),
    to: z.string().max(40).optional().openapi({ description: 'ISO 8601 UTC instant, exclusive' }),
  })
  .strict();

export const AuditRecord = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    objectType: z.string(),
    objectId: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditRecord');

export const Role = z.enum(ROLES);
export const User = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi('User');
export const Membership = z.object({ role: Role, business: Business }).openapi('Membership');
export const Me = z.object({ user: User, memberships: z.array(Membership), csrfToken: z.string() }).openapi('Me');

export const SignUp = z
  .object({
    email: z.string().max(254),
    password: z.string().max(256),
    name,
    businessName: name.optional(),
    currency: z.string().max(3).optional(),
    timezone: z.string().max(100).optional(),
    locale: z.string().max(5).optional(),
    invitationToken: z.string().max(200).optional(),
  })
  .strict()
  .openapi('SignUp');
export const SignIn = z
  .object({ email: z.string().max(254), password: z.string().max(256) })
  .strict()
  .openapi('SignIn');

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role,
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().openapi({ description: 'when the token stops working (UTC); null: never' }),
  })
  .openapi('ApiToken');
export const ApiTokenCreated = ApiToken.extend({ token: z.string() }).openapi('ApiTokenCreated');
export const ApiTokenCreate = z
  .object({
    role: Role,
    name: name.optional(),
    expiresAt: z
      .string()
      .max(40)
      .nullable()
      .optional()
      .openapi({ description: 'an instant (ISO 8601 with a zone) after which the token answers 401; absent or null: never' }),
  })
  .strict()
  .openapi('ApiTokenCreate');

export const Member = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: Role, joinedAt: z.string() })
  .openapi('Member');
export const MemberUpdate = z
  .object({ role: Role.nullable().openapi({ description: 'the new role; null removes the member' }) })
  .strict()
  .openapi('MemberUpdate');
export const InvitationCreate = z
  .object({ email: z.string().max(254), role: Role })
  .strict()
  .openapi('InvitationCreate');
export const Invitation = z
  .object({ id: z.string(), email: z.string(), role: Role, token: z.string(), expiresAt: z.string() })
  .openapi('Invitation');
export const InvitationAccept = z
  .object({ token: z.string().max(200) })
  .strict()
  .openapi('InvitationAccept');

/** A list answer: the items under `key` and the cursor of the next page (null on the last). */
export function pageOf<K extends string>(key: K, item: z.ZodType) {
  return z.object({ [key]: z.array(item), nextCursor: z.string().nullable() } as Record<K, z.ZodType> & {
    nextCursor: z.ZodType;
  });
}

export const InvoiceSend = z
  .object({ channel: z.enum(CHANNELS).optional().openapi({ description: 'send by this channel only' }) })
  .strict()
  .openapi('InvoiceSend');

export const SentInvoice = z
  .object({
    messageId: z.string(),
    invoice: z.string().openapi({ description: 'the invoice number' }),
    customer: z.string(),
    channel: z.enum(CHANNELS),
    recipient: z.string(),
    attachesPdf: z.boolean().openapi({ description: 'true by email: the dispatcher attaches the PDF' }),
  })
  .openapi('SentInvoice');
