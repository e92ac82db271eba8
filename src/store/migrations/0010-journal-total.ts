/**
 * 0010: the business's journal total (`businesses.journal_total_minor`): the sum
 * of every entry it ever recorded, each counted once by its size (the sum of
 * its positive lines). Posting keeps it (store/journal-repo.ts); no write may
 * take it past the money bound (decision 0014). Filled here from the journal.
 */
import { type Kysely, sql } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('businesses')
    .addColumn('journal_total_minor', 'bigint', (column) => column.notNull().defaultTo(0))
    .execute();
  await sql`update businesses set journal_total_minor = (
      select coalesce(sum(amount_minor), 0) from journal_lines
      where journal_lines.business_id = businesses.id and amount_minor > 0)`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('businesses').dropColumn('journal_total_minor').execute();
}
