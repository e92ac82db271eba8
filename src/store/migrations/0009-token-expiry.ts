/**
 * 0009: an optional expiry on API tokens (`expires_at`, ISO 8601 UTC; null:
 * never). Tokens made before this migration never expire.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
}
