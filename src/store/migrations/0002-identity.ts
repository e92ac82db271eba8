/**
 * People and access: users, their memberships in businesses, sessions, API
 * tokens and invitations; and the business's payment instructions. Users and
 * sessions are not owned by one business (a person may belong to several), so,
 * like `businesses`, they are not led by business_id; everything a business
 * owns is.
 */
import type { Kysely } from 'kysely';

// Untyped on purpose, as in 0001: today's types must not shape this migration.
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  // JSON text: { bankAccounts, ewallets, qris, note }; null until the owner sets it.
  await db.schema.alterTable('businesses').addColumn('payment_instructions', 'text').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['business_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_ix').on('memberships').columns(['user_id']).execute();

  // Only the SHA-256 of a session token is stored: a leaked table opens no session.
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_ix').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addPrimaryKeyConstraint('api_tokens_pk', ['business_id', 'id'])
    .execute();

  await db.schema
    .createTable('invitations')
    .addColumn('business_id', 'text', (c) => c.notNull().references('businesses.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text')
    .addPrimaryKeyConstraint('invitations_pk', ['business_id', 'id'])
    .execute();

  await db.schema.createIndex('audit_log_actor_ix').on('audit_log').columns(['business_id', 'actor', 'id']).execute();
  await db.schema.createIndex('customers_phone_ix').on('customers').columns(['business_id', 'phone']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('customers_phone_ix').execute();
  await db.schema.dropIndex('audit_log_actor_ix').execute();
  for (const table of ['invitations', 'api_tokens', 'sessions', 'memberships', 'users'])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('businesses').dropColumn('payment_instructions').execute();
}
