/** Customers: adding, finding by id or ref, listing, holding and releasing. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { overdueFigures } from '../core/credit-check.js';
import { addDays, daysBetween } from '../core/dates.js';
import {
  CUSTOMER_STATUSES,
  type Business,
  type Customer,
  LOCALES,
  type Locale,
  TAGS_MAX,
  normalizeTag,
} from '../core/parties.js';
import { CHANNELS, type Channel } from '../core/policy.js';
import { channelsToTry } from '../core/channel-choice.js';
import { type UnreachableReason, reminderChannel } from '../core/ladder.js';
import { loadConfiguredChannels } from './channels.js';
import { isValidEmail, normalizePhone, phoneProblem } from '../core/parties.js';
import { minor } from '../core/money.js';
import { type Result, invalid, notFound, ok } from '../core/result.js';
import { openInvoicesOfCustomer } from '../store/invoices-repo.js';
import {
  findCustomerByRef,
  findCustomersByName,
  getCustomer,
  getCustomerLocked,
  insertCustomer,
  overdueByCustomer,
  setCustomerStatus,
  updateCustomerFields,
} from '../store/parties-repo.js';
import { findCustomers } from '../store/browse-repo.js';
import type { Database } from '../store/schema.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { NAME_LENGTH_MAX, idOrRef, nonNegativeMoney, pageLimit, parseInput, textField, wholeDays } from './validate.js';
import { isAllowed, requireFieldPermissions, requirePermission } from './permissions.js';
import { timelineEvent } from './timeline.js';
import { audit } from '../core/effects.js';
import { type CustomerView, customerView } from './views.js';
import { type Text, storeText, t } from '../core/i18n/catalogue.js';
import { textIssue } from './validate.js';

/** Tags: short labels, stored lower case, each once. */
const tagsField = z
  .array(z.string({ error: 'must be text' }), { error: 'must be a list of tags' })
  .max(TAGS_MAX, `at most ${TAGS_MAX} tags`)
  .transform((tags, context) => {
    const normalized: string[] = [];
    for (const text of tags) {
      const tag = normalizeTag(text);
      if ('reason' in tag) context.addIssue(textIssue(tag.reason));
      else if (!normalized.includes(tag.tag)) normalized.push(tag.tag);
    }
    return normalized;
  });

const channelField = z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` });
/** The customer's own fallback order: each channel once. */
const channelOrderField = z
  .array(channelField, { error: 'must be a list of channels' })
  .min(1)
  .max(CHANNELS.length)
  .refine((order) => new Set(order).size === order.length, { error: 'each channel once' });
const channelListField = z.array(channelField, { error: 'must be a list of channels' }).max(CHANNELS.length);
const localeField = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });

/** Channel preferences a person may give with a customer (issue 13). */
const channelPrefs = {
  preferredChannel: channelField.nullable().optional(),
  channelOrder: channelOrderField.nullable().optional(),
  optOut: channelListField.optional(),
  optIn: channelListField.optional(),
  locale: localeField.nullable().optional(),
};

type ChannelPrefsInput = {
  preferredChannel?: Channel | null | undefined;
  channelOrder?: Channel[] | null | undefined;
  optOut?: Channel[] | undefined;
  optIn?: Channel[] | undefined;
  locale?: Locale | null | undefined;
};

/** The customer's preferences after a change: opting out and back in on the same channel at once is refused. */
function withChannelPrefs(
  before: Pick<Customer, 'preferredChannel' | 'channelOrder' | 'optedOut' | 'locale'>,
  change: ChannelPrefsInput,
): Result<Pick<Customer, 'preferredChannel' | 'channelOrder' | 'optedOut' | 'locale'>> {
  const both = (change.optOut ?? []).filter((channel) => (change.optIn ?? []).includes(channel));
  if (both.length > 0) return invalid({ optOut: t('customer.opt_both', { channels: both }) });
  const optedOut = CHANNELS.filter(
    (channel) => (before.optedOut.includes(channel) || change.optOut?.includes(channel)) && !change.optIn?.includes(channel),
  );
  return ok({
    preferredChannel: change.preferredChannel === undefined ? before.preferredChannel : change.preferredChannel,
    channelOrder: change.channelOrder === undefined ? before.channelOrder : change.channelOrder,
    optedOut,
    locale: change.locale === undefined ? before.locale : change.locale,
  });
}

const NO_CHANNEL_PREFS = { preferredChannel: null, channelOrder: null, optedOut: [], locale: null } as const;

const addSchema = z
  .object({
    name: textField(NAME_LENGTH_MAX),
    phone: z.string().trim().optional(),
    email: z.string().trim().toLowerCase().optional(),
    ref: textField(NAME_LENGTH_MAX).optional(),
    creditLimit: nonNegativeMoney.optional(),
    termsDays: wholeDays.optional(),
    tags: tagsField.optional(),
    ...channelPrefs,
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type AddCustomerInput = z.input<typeof addSchema>;

/** Adds a customer; the phone is stored in E.164 form. */
export async function addCustomer(ctx: AppContext, business: Business, input: AddCustomerInput): Promise<Result<CustomerView>> {
  const allowed = requirePermission(ctx.actor, 'customer.write');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(addSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  // A limit or terms other than the business's defaults is the owner's to give, like changing them later.
  const defaults = { creditLimit: business.defaultCreditLimit, termsDays: business.defaultTermsDays };
  const favours = (['creditLimit', 'termsDays'] as const).filter(
    (field) => request[field] !== undefined && request[field] !== defaults[field],
  );
  const fieldsAllowed = requireFieldPermissions(ctx.actor, 'customer.create', favours);
  if (!fieldsAllowed.ok) return fieldsAllowed;
  // The defaults sent by someone who may not set a limit mean "the default": the customer follows it when it changes.
  const mayPin = isAllowed(ctx.actor.role, 'customer.credit');
  const phone = request.phone ? normalizePhone(request.phone) : undefined;
  const errors: Record<string, Text> = {};
  if (request.phone && !phone)
    errors.phone = t('customer.phone_problem', { text: request.phone, problem: phoneProblem(request.phone) });
  if (request.email && !isValidEmail(request.email)) errors.email = t('customer.email', { text: request.email });
  if (Object.keys(errors).length > 0) return invalid(errors);
  const { preferredChannel, channelOrder, optOut, optIn, locale, ...fields } = request;
  const prefs = withChannelPrefs(NO_CHANNEL_PREFS, { preferredChannel, channelOrder, optOut, optIn, locale });
  if (!prefs.ok) return prefs;
  return runCommand(ctx, { scope: business.id, command: 'customer.create', idempotencyKey, request }, async (trx, tools) => {
    if (request.ref && (await findCustomerByRef(trx, business.id, request.ref)))
      return invalid({ ref: t('customer.ref_taken', { ref: request.ref }) });
    const customer: Customer = {
      id: tools.newId('cus'),
      businessId: business.id,
      name: request.name,
      phone: phone ?? null,
      email: request.email || null,
      ref: request.ref ?? null,
      creditLimit: mayPin ? (request.creditLimit ?? null) : null,
      termsDays: mayPin ? (request.termsDays ?? null) : null,
      status: 'active',
      holdReason: null,
      balance: minor(0),
      credit: minor(0),
      tags: fields.tags ?? [],
      ...prefs.value,
    };
    await insertCustomer(trx, customer, tools.now);
    await tools.audit('customer.create', 'customer', customer.id, {
      name: customer.name,
      phone: customer.phone,
      ref: customer.ref,
    });
    return ok(customerView(customer, business, 0));
  });
}

/** Finds a customer by id (`cus_…`) or by the business's own ref. */
export async function resolveCustomer(db: Kysely<Database>, businessId: string, idOrRefText: string): Promise<Result<Customer>> {
  const byId = await getCustomer(db, businessId, idOrRefText);
  if (byId) return ok(byId);
  const byRef = await findCustomerByRef(db, businessId, idOrRefText);
  return byRef ? ok(byRef) : customerByName(db, businessId, idOrRefText);
}

/** The one customer with this name (letter case aside); several are refused with how to tell them apart. */
async function customerByName(db: Kysely<Database>, businessId: string, name: string): Promise<Result<Customer>> {
  const found = await findCustomersByName(db, businessId, name, NAME_MATCHES_SHOWN);
  const [only] = found;
  if (only && found.length === 1) return ok(only);
  if (!only) return notFound('customer', name);
  const which = found.map((customer) => t('customer.which', { name: customer.name, ref: customer.ref, phone: customer.phone }));
  return invalid({ customer: t('customer.name_ambiguous', { name, which }) });
}

/** How many customers of one name a refusal lists. */
const NAME_MATCHES_SHOWN = 5;

export interface CustomerDetail extends CustomerView {
  /** How messages reach the customer: the channels in the order tried, or why none can (issue 13). */
  /** `unreachableChannels`: the channels the reason is about (opted out of, or still to be set up). */
  reach: { channels: Channel[]; unreachable: UnreachableReason | null; unreachableChannels: Channel[] };
  openInvoices: {
    id: string;
    number: string;
    issueDate: string;
    dueDate: string;
    total: number;
    outstanding: number;
    daysOverdue: number;
  }[];
}

/** Finds the customer by id or ref and locks it for the rest of the transaction, reading it fresh. */
export async function lockedCustomer(
  ctx: AppContext,
  trx: Kysely<Database>,
  businessId: string,
  idOrRefText: string,
): Promise<Result<Customer>> {
  const seam = ctx.store.seam;
  const byId = await getCustomerLocked(trx, seam, businessId, idOrRefText);
  if (byId) return ok(byId);
  const byRef = await findCustomerByRef(trx, businessId, idOrRefText);
  const found = byRef ? ok(byRef) : await customerByName(trx, businessId, idOrRefText);
  if (!found.ok) return found;
  const fresh = seam.rowLocks ? await getCustomerLocked(trx, seam, businessId, found.value.id) : found.value;
  return fresh ? ok(fresh) : notFound('customer', idOrRefText);
}

/** A customer with balance, overdue amount and open invoices. */
export async function showCustomer(ctx: AppContext, business: Business, idOrRefText: string): Promise<Result<CustomerDetail>> {
  const parsed = parseInput(idOrRef, idOrRefText);
  if (!parsed.ok) return invalid({ customer: t('field.id_or_ref') });
  const found = await resolveCustomer(ctx.store.db, business.id, parsed.value);
  if (!found.ok) return found;
  const today = todayOf(ctx, business);
  const open = await openInvoicesOfCustomer(ctx.store.db, business.id, found.value.id);
  const overdue = overdueFigures(open, today);
  const configured = await loadConfiguredChannels(ctx.store.db, business.id);
  const chosen = reminderChannel(found.value, CHANNELS, configured);
  return ok({
    ...customerView(found.value, business, overdue.overdueAmount),
    reach: {
      channels: channelsToTry(found.value, CHANNELS, configured).map((option) => option.channel),
      unreachable: 'unreachable' in chosen ? chosen.unreachable : null,
      unreachableChannels: 'unreachable' in chosen ? [...chosen.channels] : [],
    },
    openInvoices: open.map((invoice) => ({
      id: invoice.id,
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      total: invoice.total,
      outstanding: invoice.outstanding,
      daysOverdue: Math.max(0, daysBetween(invoice.dueDate, today)),
    })),
  });
}

const listSchema = z
  .object({
    limit: pageLimit,
    after: z.string().max(100).optional(),
    status: z.enum(CUSTOMER_STATUSES, { error: `must be one of ${CUSTOMER_STATUSES.join(', ')}` }).optional(),
    overdue: z.boolean({ error: 'must be true or false' }).optional(),
    search: textField(NAME_LENGTH_MAX).optional(),
  })
  .strict();

export type CustomerListInput = z.input<typeof listSchema>;

/** A page of customers in the order they were added, with what each owes and how much is overdue. */
export async function listCustomers(
  ctx: AppContext,
  business: Business,
  input: CustomerListInput = {},
): Promise<Result<{ customers: CustomerView[]; nextCursor: string | null }>> {
  const parsed = parseInput(listSchema, input);
  if (!parsed.ok) return parsed;
  const { limit, after, status, overdue, search } = parsed.value;
  const today = todayOf(ctx, business);
  const rows = await findCustomers(
    ctx.store.db,
    business.id,
    { status, search, overdueOn: overdue ? today : undefined },
    { limit: limit + 1, afterId: after },
  );
  const pageRows = rows.slice(0, limit);
  const overdueAmounts = await overdueByCustomer(
    ctx.store.db,
    business.id,
    today,
    pageRows.map((c) => c.id),
  );
  const customers = pageRows.map((customer) => customerView(customer, business, overdueAmounts.get(customer.id) ?? 0));
  // `overdue: false` means "not overdue", the complement of `overdue: true`.
  return ok({
    customers: overdue === false ? customers.filter((c) => c.overdue === 0) : customers,
    nextCursor: rows.length > limit ? (pageRows[pageRows.length - 1]?.id ?? null) : null,
  });
}

const updateSchema = z
  .object({
    customer: idOrRef,
    name: textField(NAME_LENGTH_MAX).optional(),
    phone: z.string().trim().nullable().optional(),
    email: z.string().trim().toLowerCase().nullable().optional(),
    ref: textField(NAME_LENGTH_MAX).nullable().optional(),
    creditLimit: nonNegativeMoney.nullable().optional(),
    termsDays: wholeDays.nullable().optional(),
    tags: tagsField.optional(),
    ...channelPrefs,
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type UpdateCustomerInput = z.input<typeof updateSchema>;

/**
 * Changes a customer's details. Contact details are staff work; the credit
 * limit and terms are the owner's (null returns to the business default).
 */
export async function updateCustomer(
  ctx: AppContext,
  business: Business,
  input: UpdateCustomerInput,
): Promise<Result<CustomerView>> {
  const parsed = parseInput(updateSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, customer: customerRef, ...changes } = parsed.value;
  const allowed = requirePermission(ctx.actor, 'customer.write');
  if (!allowed.ok) return allowed;
  const phone = changes.phone ? normalizePhone(changes.phone) : changes.phone === undefined ? undefined : null;
  const errors: Record<string, Text> = {};
  if (changes.phone && !phone)
    errors.phone = t('customer.phone_problem', { text: changes.phone, problem: phoneProblem(changes.phone) });
  if (changes.email && !isValidEmail(changes.email)) errors.email = t('customer.email', { text: changes.email });
  if (Object.keys(errors).length > 0) return invalid(errors);
  const request = { customer: customerRef, ...changes };
  return runCommand(ctx, { scope: business.id, command: 'customer.update', idempotencyKey, request }, async (trx, tools) => {
    const found = await lockedCustomer(ctx, trx, business.id, customerRef);
    if (!found.ok) return found;
    const before = found.value;
    // Changing the credit limit or terms is the owner's right; sending them unchanged is no change.
    const favours = (['creditLimit', 'termsDays'] as const).filter(
      (field) => changes[field] !== undefined && changes[field] !== before[field],
    );
    const fieldsAllowed = requireFieldPermissions(ctx.actor, 'customer.update', favours);
    if (!fieldsAllowed.ok) return fieldsAllowed;
    if (changes.ref && changes.ref !== before.ref && (await findCustomerByRef(trx, business.id, changes.ref)))
      return invalid({ ref: t('customer.ref_taken', { ref: changes.ref }) });
    const prefs = withChannelPrefs(before, changes);
    if (!prefs.ok) return prefs;
    const after: Customer = {
      ...before,
      name: changes.name ?? before.name,
      phone: phone === undefined ? before.phone : phone,
      email: changes.email === undefined ? before.email : changes.email || null,
      ref: changes.ref === undefined ? before.ref : changes.ref,
      creditLimit: changes.creditLimit === undefined ? before.creditLimit : changes.creditLimit,
      termsDays: changes.termsDays === undefined ? before.termsDays : changes.termsDays,
      tags: changes.tags ?? before.tags,
      ...prefs.value,
    };
    await updateCustomerFields(trx, after, tools.now);
    const changed: Record<string, unknown> = Object.fromEntries(
      (['name', 'phone', 'email', 'ref', 'creditLimit', 'termsDays', 'preferredChannel', 'locale'] as const)
        .filter((field) => after[field] !== before[field])
        .map((field) => [field, { from: before[field], to: after[field] }]),
    );
    for (const field of ['channelOrder', 'optedOut'] as const)
      if (JSON.stringify(after[field]) !== JSON.stringify(before[field]))
        changed[field] = { from: before[field], to: after[field] };
    if (after.tags.join(' ') !== before.tags.join(' ')) changed.tags = { from: before.tags, to: after.tags };
    await tools.audit('customer.update', 'customer', before.id, changed);
    const overdue = await overdueByCustomer(trx, business.id, todayOf(ctx, business), [before.id]);
    return ok(customerView(after, business, overdue.get(before.id) ?? 0));
  });
}

/** After the owner releases a customer, the policy does not escalate them again for this many days. */
export const ESCALATION_PAUSE_AFTER_RELEASE_DAYS = 14;

const holdSchema = z.object({ customer: idOrRef, reason: textField(), idempotencyKey: z.string().optional() }).strict();

/** Puts a customer on hold (no new credit) or releases the hold; the reason is recorded. */
export async function setHold(
  ctx: AppContext,
  business: Business,
  action: 'hold' | 'release',
  input: z.input<typeof holdSchema>,
): Promise<Result<CustomerView>> {
  const allowed = requirePermission(ctx.actor, action === 'hold' ? 'customer.write' : 'customer.credit');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(holdSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  return runCommand(ctx, { scope: business.id, command: `customer.${action}`, idempotencyKey, request }, async (trx, tools) => {
    const found = await lockedCustomer(ctx, trx, business.id, request.customer);
    if (!found.ok) return found;
    const status = action === 'hold' ? 'on_hold' : 'active';
    const today = todayOf(ctx, business);
    // Kept with the day it was decided, like the policy's holds.
    const holdReason =
      action === 'hold'
        ? storeText(t('hold.since', { date: today, reason: t('stored.as_written', { text: request.reason }) }))
        : null;
    await setCustomerStatus(trx, business.id, found.value.id, { status, holdReason, updatedAt: tools.now });
    // The owner's hold is the owner's to lift; the owner's release holds the policy off for a while,
    // or the next run would put straight back what the owner just reversed.
    const pausedUntil = action === 'release' ? addDays(today, ESCALATION_PAUSE_AFTER_RELEASE_DAYS) : null;
    await tools.write([
      {
        type: 'customer_collection',
        customerId: found.value.id,
        change: { holdSource: action === 'hold' ? 'owner' : null, escalationPausedUntil: pausedUntil },
      },
      timelineEvent(today, {
        key: `owner_${action}:${found.value.id}:${tools.now}`,
        kind: `owner_${action}`,
        customerId: found.value.id,
        details: { from: found.value.status, to: status, reason: request.reason, escalationPausedUntil: pausedUntil },
      }),
      audit(`customer.${action}`, 'customer', found.value.id, { from: found.value.status, to: status, reason: request.reason }),
    ]);
    const overdue = await overdueByCustomer(trx, business.id, todayOf(ctx, business), [found.value.id]);
    return ok(customerView({ ...found.value, status, holdReason }, business, overdue.get(found.value.id) ?? 0));
  });
}
