/** Businesses and customers. Every customer query is scoped by business. */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CalendarDate } from '../core/dates.js';
import { type Minor, minor } from '../core/money.js';
import type { Business, Customer, CustomerStatus, Locale, PaymentInstructions } from '../core/parties.js';
import type { Channel } from '../core/policy.js';
import type { DialectSeam } from './dialects/seam.js';
import type { BusinessesTable, CustomersTable, Database } from './schema.js';

type Db = Kysely<Database>;

/** A business's columns but its journal total, which posting keeps and only the bound reads (journal-repo.ts). */
const BUSINESS_COLUMNS = [
  'id',
  'name',
  'currency',
  'time_zone',
  'locale',
  'default_terms_days',
  'default_credit_limit_minor',
  'overdue_block_days',
  'payment_instructions',
  'backdate_days_max',
  'created_at',
  'address',
  'npwp',
  'phone',
  'email',
] as const;

function toBusiness(row: Pick<Selectable<BusinessesTable>, (typeof BUSINESS_COLUMNS)[number]>): Business {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency,
    timeZone: row.time_zone,
    locale: row.locale as Locale,
    defaultTermsDays: row.default_terms_days,
    defaultCreditLimit: row.default_credit_limit_minor === null ? null : minor(row.default_credit_limit_minor),
    overdueBlockDays: row.overdue_block_days,
    backdateDaysMax: row.backdate_days_max,
    paymentInstructions: row.payment_instructions === null ? null : (JSON.parse(row.payment_instructions) as PaymentInstructions),
    address: row.address,
    npwp: row.npwp,
    phone: row.phone,
    email: row.email,
  };
}

/** The columns a business's settings live in (all but id and created_at). */
function businessSettingsColumns(business: Business) {
  return {
    name: business.name,
    currency: business.currency,
    time_zone: business.timeZone,
    locale: business.locale,
    default_terms_days: business.defaultTermsDays,
    default_credit_limit_minor: business.defaultCreditLimit,
    overdue_block_days: business.overdueBlockDays,
    backdate_days_max: business.backdateDaysMax,
    payment_instructions: business.paymentInstructions === null ? null : JSON.stringify(business.paymentInstructions),
    address: business.address,
    npwp: business.npwp,
    phone: business.phone,
    email: business.email,
  };
}

export async function insertBusiness(db: Db, business: Business, createdAt: string): Promise<void> {
  await db
    .insertInto('businesses')
    .values({ id: business.id, ...businessSettingsColumns(business), created_at: createdAt })
    .execute();
}

/** Rewrites a business's settings (the id and creation time stay). */
export async function updateBusiness(db: Db, business: Business): Promise<void> {
  await db.updateTable('businesses').set(businessSettingsColumns(business)).where('id', '=', business.id).execute();
}

/** The businesses with these ids, in id order. */
export async function getBusinesses(db: Db, businessIds: readonly string[]): Promise<Business[]> {
  if (businessIds.length === 0) return [];
  const rows = await db.selectFrom('businesses').select(BUSINESS_COLUMNS).where('id', 'in', businessIds).orderBy('id').execute();
  return rows.map(toBusiness);
}

export async function getBusiness(db: Db, businessId: string): Promise<Business | undefined> {
  const row = await db.selectFrom('businesses').select(BUSINESS_COLUMNS).where('id', '=', businessId).executeTakeFirst();
  return row && toBusiness(row);
}

/** All businesses in the store, oldest first (a store usually holds one). */
export async function listBusinesses(db: Db, limit: number): Promise<Business[]> {
  const rows = await db.selectFrom('businesses').select(BUSINESS_COLUMNS).orderBy('id').limit(limit).execute();
  return rows.map(toBusiness);
}

export function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id,
    businessId: row.business_id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    ref: row.ref,
    creditLimit: row.credit_limit_minor === null ? null : minor(row.credit_limit_minor),
    termsDays: row.terms_days,
    status: row.status as CustomerStatus,
    holdReason: row.hold_reason,
    balance: minor(row.balance_minor),
    credit: minor(row.credit_minor),
    tags: parseTags(row.tags),
    preferredChannel: row.preferred_channel as Channel | null,
    channelOrder: row.channel_order === null ? null : (JSON.parse(row.channel_order) as Channel[]),
    optedOut: JSON.parse(row.opted_out || '[]') as Channel[],
    locale: row.locale as Locale | null,
  };
}

/** The customer's channel preferences as stored (issue 13). */
function channelColumns(customer: Pick<Customer, 'preferredChannel' | 'channelOrder' | 'optedOut' | 'locale'>) {
  return {
    preferred_channel: customer.preferredChannel,
    channel_order: customer.channelOrder === null ? null : JSON.stringify(customer.channelOrder),
    opted_out: JSON.stringify(customer.optedOut),
    locale: customer.locale,
  };
}

export function parseTags(text: string | undefined): string[] {
  return text ? (JSON.parse(text) as string[]) : [];
}

/** Each customer's tags, for the customers that have any. */
export async function customerTags(db: Db, businessId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'tags'])
    .where('business_id', '=', businessId)
    .where('tags', '<>', '[]')
    .execute();
  return new Map(rows.map((row) => [row.id, parseTags(row.tags)]));
}

export async function insertCustomer(db: Db, customer: Customer, createdAt: string): Promise<void> {
  await db
    .insertInto('customers')
    .values({
      business_id: customer.businessId,
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      ref: customer.ref,
      credit_limit_minor: customer.creditLimit,
      terms_days: customer.termsDays,
      status: customer.status,
      hold_reason: customer.holdReason,
      balance_minor: customer.balance,
      credit_minor: customer.credit,
      tags: JSON.stringify(customer.tags),
      ...channelColumns(customer),
      created_at: createdAt,
      updated_at: createdAt,
    })
    .execute();
}

export async function getCustomer(db: Db, businessId: string, customerId: string): Promise<Customer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', customerId)
    .executeTakeFirst();
  return row && toCustomer(row);
}

/**
 * Reads a customer and holds it for the rest of the transaction, so that no
 * concurrent sale or payment changes its balance before this one commits.
 */
export async function getCustomerLocked(
  db: Db,
  seam: DialectSeam,
  businessId: string,
  customerId: string,
): Promise<Customer | undefined> {
  let query = db.selectFrom('customers').selectAll().where('business_id', '=', businessId).where('id', '=', customerId);
  if (seam.rowLocks) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toCustomer(row);
}

export async function findCustomerByRef(db: Db, businessId: string, ref: string): Promise<Customer | undefined> {
  const row = await db
    .selectFrom('customers')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('ref', '=', ref)
    .executeTakeFirst();
  return row && toCustomer(row);
}

/** The customers with this name, letter case aside (at most `limit`): people type names, not ids. */
export async function findCustomersByName(db: Db, businessId: string, name: string, limit: number): Promise<Customer[]> {
  const rows = await db
    .selectFrom('customers')
    .selectAll()
    .where('business_id', '=', businessId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map(toCustomer);
}

/** Every customer's name by id (the reports name customers; the rest of the row is not needed). */
export async function customerNames(db: Db, businessId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('customers').select(['id', 'name']).where('business_id', '=', businessId).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** Every customer's status by id (the aging filter). */
export async function customerStatuses(db: Db, businessId: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('customers').select(['id', 'status']).where('business_id', '=', businessId).execute();
  return new Map(rows.map((row) => [row.id, row.status]));
}

export async function setCustomerStatus(
  db: Db,
  businessId: string,
  customerId: string,
  change: { status: CustomerStatus; holdReason: string | null; updatedAt: string },
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ status: change.status, hold_reason: change.holdReason, updated_at: change.updatedAt })
    .where('business_id', '=', businessId)
    .where('id', '=', customerId)
    .execute();
}

/** Overdue amount per customer on a date (open invoices due before it), for the customers named. */
export async function overdueByCustomer(
  db: Db,
  businessId: string,
  today: CalendarDate,
  customerIds: readonly string[],
): Promise<Map<string, Minor>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('invoices')
    .select(['customer_id'])
    .select((eb) => eb.fn.sum<number>('outstanding_minor').as('overdue'))
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .where('customer_id', 'in', customerIds)
    .groupBy('customer_id')
    .execute();
  return new Map(rows.map((row) => [row.customer_id, minor(Number(row.overdue))]));
}

/** Updates a customer's own fields (never the projections). */
export async function updateCustomerFields(
  db: Db,
  customer: Pick<
    Customer,
    | 'businessId'
    | 'id'
    | 'name'
    | 'phone'
    | 'email'
    | 'ref'
    | 'creditLimit'
    | 'termsDays'
    | 'tags'
    | 'preferredChannel'
    | 'channelOrder'
    | 'optedOut'
    | 'locale'
  >,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({
      ...channelColumns(customer),
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      ref: customer.ref,
      credit_limit_minor: customer.creditLimit,
      terms_days: customer.termsDays,
      tags: JSON.stringify(customer.tags),
      updated_at: updatedAt,
    })
    .where('business_id', '=', customer.businessId)
    .where('id', '=', customer.id)
    .execute();
}

/** When the business was created (an ISO instant). */
export async function businessCreatedAt(db: Db, businessId: string): Promise<string | undefined> {
  const row = await db.selectFrom('businesses').select('created_at').where('id', '=', businessId).executeTakeFirst();
  return row?.created_at;
}
