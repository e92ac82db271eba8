/** The owner's own wording of message templates (table `message_templates`, migration 0012): one row per purpose and language. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface StoredTemplate {
  readonly businessId: string;
  readonly purpose: string;
  readonly locale: string;
  /** Null: the default subject. */
  readonly subject: string | null;
  readonly body: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

function toTemplate(row: Database['message_templates']): StoredTemplate {
  return {
    businessId: row.business_id,
    purpose: row.purpose,
    locale: row.locale,
    subject: row.subject,
    body: row.body,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The business's own templates (all purposes and languages, or those of the purposes named). */
export async function storedTemplates(db: Db, businessId: string, purposes?: readonly string[]): Promise<StoredTemplate[]> {
  let query = db.selectFrom('message_templates').selectAll().where('business_id', '=', businessId);
  if (purposes) {
    if (purposes.length === 0) return [];
    query = query.where('purpose', 'in', purposes);
  }
  const rows = await query.orderBy('purpose').orderBy('locale').execute();
  return rows.map(toTemplate);
}

export async function storedTemplate(
  db: Db,
  businessId: string,
  purpose: string,
  locale: string,
): Promise<StoredTemplate | undefined> {
  const row = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('purpose', '=', purpose)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row && toTemplate(row);
}

/** Writes the business's wording of a purpose in a language, replacing what was there. */
export async function saveTemplate(db: Db, template: StoredTemplate): Promise<void> {
  const values = {
    business_id: template.businessId,
    purpose: template.purpose,
    locale: template.locale,
    subject: template.subject,
    body: template.body,
    updated_by: template.updatedBy,
    updated_at: template.updatedAt,
  };
  await db
    .insertInto('message_templates')
    .values(values)
    .onConflict((conflict) =>
      conflict.columns(['business_id', 'purpose', 'locale']).doUpdateSet({
        subject: values.subject,
        body: values.body,
        updated_by: values.updated_by,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** Removes the business's wording (the default applies again); true when there was one. */
export async function deleteTemplate(db: Db, businessId: string, purpose: string, locale: string): Promise<boolean> {
  const result = await db
    .deleteFrom('message_templates')
    .where('business_id', '=', businessId)
    .where('purpose', '=', purpose)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The customer a template's preview is written for when none is named: the one with the largest
 * overdue amount on the day, else the largest balance; undefined when no customer owes anything.
 */
export async function previewCustomerId(db: Db, businessId: string, today: string): Promise<string | undefined> {
  const overdue = await db
    .selectFrom('invoices')
    .select('customer_id')
    .select((eb) => eb.fn.sum<number>('outstanding_minor').as('overdue'))
    .where('business_id', '=', businessId)
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .groupBy('customer_id')
    .orderBy('overdue', 'desc')
    .orderBy('customer_id')
    .limit(1)
    .executeTakeFirst();
  if (overdue) return overdue.customer_id;
  const owing = await db
    .selectFrom('customers')
    .select('id')
    .where('business_id', '=', businessId)
    .where('balance_minor', '>', 0)
    .orderBy('balance_minor', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return owing?.id;
}
