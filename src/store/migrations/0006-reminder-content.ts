/**
 * 0006: what the last reminder to each customer said (its lead step, items and
 * amounts, as the core's fingerprint), beside the date already kept in
 * `reminded_on`: the run sends a new reminder only when it says something new.
 * Customers reminded before this column existed have none: their next reminder
 * counts as new, and the minimum gap still holds from `reminded_on`.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('customers').addColumn('reminder_fingerprint', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('customers').dropColumn('reminder_fingerprint').execute();
}
