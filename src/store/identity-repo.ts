/** Users, memberships, sessions, API tokens and invitations. Secrets are stored only as hashes. */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
  readonly createdAt: string;
}

export interface MembershipRow {
  readonly businessId: string;
  readonly userId: string;
  readonly role: string;
  readonly createdAt: string;
}

export interface ApiTokenRow {
  readonly businessId: string;
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly expiresAt: string | null;
}

export interface InvitationRow {
  readonly businessId: string;
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly invitedBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly acceptedAt: string | null;
}

export async function insertUser(db: Db, user: UserRow): Promise<void> {
  await db
    .insertInto('users')
    .values({ id: user.id, email: user.email, name: user.name, password_hash: user.passwordHash, created_at: user.createdAt })
    .execute();
}

function toUser(row: Database['users']): UserRow {
  return { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash, createdAt: row.created_at };
}

export async function getUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  return row && toUser(row);
}

export async function getUser(db: Db, userId: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  return row && toUser(row);
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function insertMembership(db: Db, membership: MembershipRow): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      business_id: membership.businessId,
      user_id: membership.userId,
      role: membership.role,
      created_at: membership.createdAt,
    })
    .execute();
}

function toMembership(row: Database['memberships']): MembershipRow {
  return { businessId: row.business_id, userId: row.user_id, role: row.role, createdAt: row.created_at };
}

/** The businesses a user belongs to, oldest business first. */
export async function membershipsOfUser(db: Db, userId: string): Promise<MembershipRow[]> {
  const rows = await db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('business_id').execute();
  return rows.map(toMembership);
}

export async function getMembership(db: Db, businessId: string, userId: string): Promise<MembershipRow | undefined> {
  const row = await db
    .selectFrom('memberships')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toMembership(row);
}

/** The people of a business with their roles, in the order they joined. */
export async function membersOfBusiness(
  db: Db,
  businessId: string,
): Promise<(MembershipRow & { email: string; name: string })[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.business_id',
      'memberships.user_id',
      'memberships.role',
      'memberships.created_at',
      'users.email',
      'users.name',
    ])
    .where('memberships.business_id', '=', businessId)
    .orderBy('memberships.created_at')
    .orderBy('memberships.user_id')
    .execute();
  return rows.map((row) => ({ ...toMembership(row), email: row.email, name: row.name }));
}

export async function setMembershipRole(db: Db, businessId: string, userId: string, role: string): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('business_id', '=', businessId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Db, businessId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('business_id', '=', businessId).where('user_id', '=', userId).execute();
}

export async function countOwners(db: Db, businessId: string): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('business_id', '=', businessId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Db,
  session: { tokenHash: string; userId: string; createdAt: string; expiresAt: string },
) {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** The session's user and expiry, by the hash of its token. */
export async function getSession(db: Db, tokenHash: string): Promise<{ user: UserRow; expiresAt: string } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.expires_at')
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { user: toUser(row), expiresAt: row.expires_at };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Removes at most `limit` sessions that expired before `now` (bounded, so one call never runs long); returns how many. */
export async function deleteExpiredSessions(db: Db, now: string, limit: number): Promise<number> {
  const result = await db
    .deleteFrom('sessions')
    .where('token_hash', 'in', (eb) =>
      eb.selectFrom('sessions').select('token_hash').where('expires_at', '<', now).orderBy('expires_at').limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function insertApiToken(db: Db, token: ApiTokenRow & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      business_id: token.businessId,
      id: token.id,
      name: token.name,
      role: token.role,
      token_hash: token.tokenHash,
      created_by: token.createdBy,
      created_at: token.createdAt,
      revoked_at: token.revokedAt,
      expires_at: token.expiresAt,
    })
    .execute();
}

function toApiToken(row: Omit<Database['api_tokens'], 'token_hash'>): ApiTokenRow {
  return {
    businessId: row.business_id,
    id: row.id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

export async function getApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return row && toApiToken(row);
}

export async function getApiToken(db: Db, businessId: string, tokenId: string): Promise<ApiTokenRow | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row && toApiToken(row);
}

export async function listApiTokens(db: Db, businessId: string): Promise<ApiTokenRow[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('business_id', '=', businessId).orderBy('id').execute();
  return rows.map(toApiToken);
}

export async function revokeApiToken(db: Db, businessId: string, tokenId: string, revokedAt: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: revokedAt })
    .where('business_id', '=', businessId)
    .where('id', '=', tokenId)
    .execute();
}

export async function insertInvitation(db: Db, invitation: InvitationRow & { tokenHash: string }): Promise<void> {
  await db
    .insertInto('invitations')
    .values({
      business_id: invitation.businessId,
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      token_hash: invitation.tokenHash,
      invited_by: invitation.invitedBy,
      created_at: invitation.createdAt,
      expires_at: invitation.expiresAt,
      accepted_at: null,
      accepted_by: null,
    })
    .execute();
}

export async function getInvitationByHash(db: Db, tokenHash: string): Promise<InvitationRow | undefined> {
  const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return (
    row && {
      businessId: row.business_id,
      id: row.id,
      email: row.email,
      role: row.role,
      invitedBy: row.invited_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      acceptedAt: row.accepted_at,
    }
  );
}

export async function markInvitationAccepted(db: Db, businessId: string, id: string, userId: string, at: string): Promise<void> {
  await db
    .updateTable('invitations')
    .set({ accepted_at: at, accepted_by: userId })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .execute();
}
