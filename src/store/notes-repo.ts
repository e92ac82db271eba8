/**
 * The communication log (issue 13, `customer_notes`): calls with their
 * outcome, visits, notes and the customer's replies, on the customer's
 * timeline; and the customer's outbox messages with their delivery status,
 * read for the timeline too (the dispatcher owns writing the outbox).
 */
import type { Kysely } from 'kysely';
import type { Channel } from '../core/policy.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface NoteRecord {
  readonly businessId: string;
  readonly id: string;
  readonly customerId: string;
  readonly kind: string;
  readonly outcome: string | null;
  readonly body: string;
  readonly date: string;
  readonly actor: string;
  readonly createdAt: string;
}

export async function insertNote(db: Db, note: NoteRecord): Promise<void> {
  await db
    .insertInto('customer_notes')
    .values({
      business_id: note.businessId,
      id: note.id,
      customer_id: note.customerId,
      kind: note.kind,
      outcome: note.outcome,
      body: note.body,
      date: note.date,
      actor: note.actor,
      created_at: note.createdAt,
    })
    .execute();
}

/** The customer's notes, newest first. */
export async function notesOfCustomer(
  db: Db,
  businessId: string,
  customerId: string,
  filter: { kinds?: readonly string[] } = {},
  limit = 500,
): Promise<NoteRecord[]> {
  let query = db
    .selectFrom('customer_notes')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId);
  if (filter.kinds) query = query.where('kind', 'in', filter.kinds.length > 0 ? [...filter.kinds] : ['']);
  const rows = await query.orderBy('date', 'desc').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({
    businessId: row.business_id,
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    outcome: row.outcome,
    body: row.body,
    date: row.date,
    actor: row.actor,
    createdAt: row.created_at,
  }));
}

export interface MessageRecord {
  readonly id: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly recipient: string;
  readonly purpose: string | null;
  readonly status: string;
  readonly body: string;
  readonly link: string | null;
  readonly lastError: string | null;
  readonly details: Record<string, unknown>;
  readonly createdAt: string;
  readonly updatedAt: string | null;
}

function toMessage(row: {
  id: string;
  customer_id: string;
  channel: string;
  recipient: string;
  purpose: string | null;
  status: string;
  body: string;
  link: string | null;
  last_error: string | null;
  details: string;
  created_at: string;
  updated_at: string | null;
}): MessageRecord {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel as Channel,
    recipient: row.recipient,
    purpose: row.purpose,
    status: row.status,
    body: row.body,
    link: row.link,
    lastError: row.last_error,
    details: JSON.parse(row.details) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const MESSAGE_COLUMNS = [
  'id',
  'customer_id',
  'channel',
  'recipient',
  'purpose',
  'status',
  'body',
  'link',
  'last_error',
  'details',
  'created_at',
  'updated_at',
] as const;

/** The customer's outbox messages with their delivery status, newest first. */
export async function messagesOfCustomer(db: Db, businessId: string, customerId: string, limit = 500): Promise<MessageRecord[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(MESSAGE_COLUMNS)
    .where('business_id', '=', businessId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** The business's messages in some statuses (the owner's day: to send by tap, failed), oldest first. */
export async function messagesInStatus(
  db: Db,
  businessId: string,
  statuses: readonly string[],
  limit = 500,
): Promise<MessageRecord[]> {
  const rows = await db
    .selectFrom('outbox')
    .select(MESSAGE_COLUMNS)
    .where('business_id', '=', businessId)
    .where('status', 'in', [...statuses])
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toMessage);
}

/** The business's customers with this phone (E.164), for a reply that came by WhatsApp or SMS. */
export async function customersWithPhone(
  db: Db,
  businessId: string,
  phone: string,
): Promise<{ id: string; optedOut: Channel[] }[]> {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'opted_out'])
    .where('business_id', '=', businessId)
    .where('phone', '=', phone)
    .execute();
  return rows.map((row) => ({ id: row.id, optedOut: JSON.parse(row.opted_out || '[]') as Channel[] }));
}

/** Sets the channels a customer opted out of. */
export async function setOptedOut(
  db: Db,
  businessId: string,
  customerId: string,
  optedOut: readonly Channel[],
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('customers')
    .set({ opted_out: JSON.stringify(optedOut), updated_at: updatedAt })
    .where('business_id', '=', businessId)
    .where('id', '=', customerId)
    .execute();
}

/** Customers who owe something, with what reaching them takes (the owner's day: who cannot be reached). */
export async function owingCustomersContact(db: Db, businessId: string, limit = 5000) {
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'name', 'ref', 'phone', 'email', 'preferred_channel', 'channel_order', 'opted_out', 'balance_minor'])
    .where('business_id', '=', businessId)
    .where('balance_minor', '>', 0)
    .where('status', '<>', 'written_off')
    .orderBy('balance_minor', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    ref: row.ref,
    phone: row.phone,
    email: row.email,
    preferredChannel: row.preferred_channel as Channel | null,
    channelOrder: row.channel_order === null ? null : (JSON.parse(row.channel_order) as Channel[]),
    optedOut: JSON.parse(row.opted_out || '[]') as Channel[],
    balance: row.balance_minor,
  }));
}

/** Open invoices the collection run suggested writing off. */
export async function writeOffSuggestions(db: Db, businessId: string, limit = 500) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'customer_id', 'due_date', 'outstanding_minor', 'write_off_suggested_on'])
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('write_off_suggested_on', 'is not', null)
    .orderBy('due_date')
    .limit(limit)
    .execute();
}

/** The business's customers by id: name, ref, phone and balance (the owner's day names them). */
export async function customerBriefs(db: Db, businessId: string, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, { name: string; ref: string | null; phone: string | null; balance: number }>();
  const rows = await db
    .selectFrom('customers')
    .select(['id', 'name', 'ref', 'phone', 'balance_minor'])
    .where('business_id', '=', businessId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, { name: row.name, ref: row.ref, phone: row.phone, balance: row.balance_minor }]));
}
