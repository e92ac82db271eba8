/** Audit records (who, when, what) and idempotency records. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface AuditRecord {
  readonly businessId: string;
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly details: Record<string, unknown>;
}

export async function insertAudit(db: Db, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      business_id: record.businessId,
      id: record.id,
      at: record.at,
      actor: record.actor,
      action: record.action,
      object_type: record.objectType,
      object_id: record.objectId,
      details: JSON.stringify(record.details),
    })
    .execute();
}

export function toAuditRecord(row: Database['audit_log']): AuditRecord {
  return {
    businessId: row.business_id,
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    objectType: row.object_type,
    objectId: row.object_id,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export async function auditOfObject(db: Db, businessId: string, objectType: string, objectId: string): Promise<AuditRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('object_type', '=', objectType)
    .where('object_id', '=', objectId)
    .orderBy('id')
    .execute();
  return rows.map(toAuditRecord);
}

export interface IdempotencyRecord {
  readonly command: string;
  readonly requestHash: string;
  /** The JSON of the first answer; null only while the first request is in flight. */
  readonly response: string | null;
}

export async function getIdempotency(db: Db, scope: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['command', 'request_hash', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { command: row.command, requestHash: row.request_hash, response: row.response };
}

/**
 * Claims a key; false when it is already taken. A claim by a concurrent,
 * uncommitted transaction makes this wait for it, so a false is always
 * followed by a readable record. The primary key is the final guard.
 */
export async function claimIdempotency(
  db: Db,
  claim: { scope: string; key: string; command: string; requestHash: string; createdAt: string },
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      scope: claim.scope,
      key: claim.key,
      command: claim.command,
      request_hash: claim.requestHash,
      response: null,
      created_at: claim.createdAt,
    })
    .onConflict((conflict) => conflict.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  return inserted.numInsertedOrUpdatedRows === 1n;
}

export async function completeIdempotency(db: Db, scope: string, key: string, response: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ response }).where('scope', '=', scope).where('key', '=', key).execute();
}

/** Every completed answer stored under a scope, by key. */
export async function answersOfScope(db: Db, scope: string): Promise<Map<string, string>> {
  const rows = await db.selectFrom('idempotency_keys').select(['key', 'response']).where('scope', '=', scope).execute();
  return new Map(rows.filter((row) => row.response !== null).map((row) => [row.key, row.response as string]));
}
