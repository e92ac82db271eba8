/** Collection policy versions: rows are only ever added, so every version an invoice was issued under stays readable. */
import type { Kysely } from 'kysely';
import { type CollectionPolicy, policyFromStored } from '../core/policy.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface PolicyVersion {
  readonly id: string;
  readonly businessId: string;
  /** Null: the business's policy. */
  readonly customerId: string | null;
  readonly version: number;
  readonly policy: CollectionPolicy;
  readonly reason: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
}

function toVersion(row: Database['collection_policies']): PolicyVersion {
  return {
    id: row.id,
    businessId: row.business_id,
    customerId: row.customer_id,
    version: row.version,
    policy: policyFromStored(JSON.parse(row.policy) as CollectionPolicy),
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export async function insertPolicyVersion(db: Db, version: PolicyVersion): Promise<void> {
  await db
    .insertInto('collection_policies')
    .values({
      business_id: version.businessId,
      id: version.id,
      customer_id: version.customerId,
      version: version.version,
      policy: JSON.stringify(version.policy),
      reason: version.reason,
      created_by: version.createdBy,
      created_at: version.createdAt,
    })
    .execute();
}

/** The newest version for the business (customerId null) or for one customer; undefined if none was written. */
export async function latestPolicyVersion(
  db: Db,
  businessId: string,
  customerId: string | null,
): Promise<PolicyVersion | undefined> {
  let query = db.selectFrom('collection_policies').selectAll().where('business_id', '=', businessId);
  query = customerId === null ? query.where('customer_id', 'is', null) : query.where('customer_id', '=', customerId);
  const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row && toVersion(row);
}

/** Every version of the business and its customers (few: one per change). */
export async function policyVersionsOfBusiness(db: Db, businessId: string): Promise<PolicyVersion[]> {
  const rows = await db
    .selectFrom('collection_policies')
    .selectAll()
    .where('business_id', '=', businessId)
    .orderBy('customer_id')
    .orderBy('version')
    .execute();
  return rows.map(toVersion);
}

/** The history for the business or a customer, newest first. */
export async function policyHistory(db: Db, businessId: string, customerId: string | null): Promise<PolicyVersion[]> {
  let query = db.selectFrom('collection_policies').selectAll().where('business_id', '=', businessId);
  query = customerId === null ? query.where('customer_id', 'is', null) : query.where('customer_id', '=', customerId);
  return (await query.orderBy('version', 'desc').limit(100).execute()).map(toVersion);
}

export async function policyVersionById(db: Db, businessId: string, policyId: string): Promise<PolicyVersion | undefined> {
  const row = await db
    .selectFrom('collection_policies')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', policyId)
    .executeTakeFirst();
  return row && toVersion(row);
}
