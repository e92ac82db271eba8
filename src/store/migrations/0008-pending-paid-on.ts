/**
 * 0006: the day a customer says they paid, on a reported payment (`paid_on`),
 * beside the day they said it (`reported_on`). Verifying books the payment on
 * `paid_on`; reports written before this migration were paid the day reported.
 */
import { type Kysely, sql } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('pending_payments').addColumn('paid_on', 'text').execute();
  await db
    .updateTable('pending_payments')
    .set({ paid_on: sql.ref('reported_on') })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('pending_payments').dropColumn('paid_on').execute();
}
