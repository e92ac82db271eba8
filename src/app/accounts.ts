/**
 * People and access: signing up (a person and their first business), signing
 * in (sessions), invitations to a business, members and roles, API tokens, and
 * finding who a request's credentials belong to.
 */
import { z } from 'zod';
import type { Business } from '../core/parties.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import {
  countOwners,
  deleteMembership,
  deleteExpiredSessions,
  deleteSession,
  getApiToken,
  getApiTokenByHash,
  getInvitationByHash,
  getMembership,
  getSession,
  getUser,
  getUserByEmail,
  hasAnyUser,
  insertApiToken,
  insertInvitation,
  insertMembership,
  insertSession,
  insertUser,
  listApiTokens,
  markInvitationAccepted,
  membersOfBusiness,
  membershipsOfUser,
  revokeApiToken as revokeApiTokenRow,
  setMembershipRole,
  type ApiTokenRow,
  type UserRow,
} from '../store/identity-repo.js';
import { getBusiness, getBusinesses, listBusinesses } from '../store/parties-repo.js';
import { type InitInput, createBusinessIn, parseNewBusiness } from './businesses.js';
import { runCommand } from './command.js';
import { type AppContext, ROLES, type Role } from './context.js';
import { requirePermission } from './permissions.js';
import {
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  hashPassword,
  isDeviceTokenOf,
  isPasswordCorrect,
  newDeviceToken,
  newToken,
  spendPasswordCheck,
  tokenHash,
} from './secrets.js';
import { NAME_LENGTH_MAX, parseInput, textField } from './validate.js';
import { parseInstant } from '../core/dates.js';
import { type BusinessView, businessView } from './views.js';
import { t } from '../core/i18n/catalogue.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY_MS;
export const INVITATION_TTL_MS = 7 * DAY_MS;
/** Bounds how many API tokens one business may hold (revoked ones included). */
const API_TOKENS_PER_BUSINESS_MAX = 200;

export interface UserView {
  id: string;
  email: string;
  name: string;
}

export interface MembershipView {
  role: Role;
  business: BusinessView;
}

export interface SessionGrant {
  /** The secret for the cookie; shown once, stored only as a hash. */
  token: string;
  expiresAt: string;
}

function userView(user: UserRow): UserView {
  return { id: user.id, email: user.email, name: user.name };
}

function asRole(text: string): Role {
  if (!(ROLES as readonly string[]).includes(text)) throw new Error(`stored role ${text} is not a role`);
  return text as Role;
}

const email = z
  .string({ error: 'must be an email address' })
  .trim()
  .toLowerCase()
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address');
const password = z
  .string({ error: `must be a password of ${PASSWORD_LENGTH_MIN} to ${PASSWORD_LENGTH_MAX} characters` })
  .min(PASSWORD_LENGTH_MIN, `must be at least ${PASSWORD_LENGTH_MIN} characters`)
  .max(PASSWORD_LENGTH_MAX, `must be at most ${PASSWORD_LENGTH_MAX} characters`);
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });

const signUpSchema = z
  .object({
    email,
    password,
    name: textField(NAME_LENGTH_MAX),
    businessName: textField(NAME_LENGTH_MAX).optional(),
    currency: z.string().optional(),
    timezone: z.string().optional(),
    locale: z.string().optional(),
    invitationToken: z.string().max(200).optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type SignUpInput = z.input<typeof signUpSchema>;

/**
 * Creates a person with a business they own, or (with an invitation token) joins
 * the business that invited them; then opens a session. The password is never
 * part of what the idempotency key stores, and a replayed key opens a session
 * only for the right password.
 */
export async function signUp(
  ctx: AppContext,
  input: SignUpInput,
  /** Whose idempotency keys: someone signing up is nobody yet, so the API names their address. */
  keyScope = 'anonymous',
): Promise<Result<{ user: UserView; memberships: MembershipView[]; session: SessionGrant; deviceToken: string }>> {
  const parsed = parseInput(signUpSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, password: secret, invitationToken, ...profile } = parsed.value;
  if (invitationToken === undefined && profile.businessName === undefined)
    return invalid({ businessName: t('account.business_name_required') });
  const newBusiness =
    invitationToken === undefined
      ? parseNewBusiness({
          name: profile.businessName ?? '',
          ...(profile.currency === undefined ? {} : { currency: profile.currency }),
          ...(profile.timezone === undefined ? {} : { timezone: profile.timezone }),
          ...(profile.locale === undefined ? {} : { locale: profile.locale }),
        })
      : undefined;
  if (newBusiness && !newBusiness.ok) return newBusiness;
  const businessSettings = newBusiness?.value.request;
  const passwordHash = await hashPassword(secret);
  const request = { ...profile, invitation: invitationToken === undefined ? null : tokenHash(invitationToken) };
  const created = await runCommand(
    ctx,
    { scope: '-', keyScope: `anonymous:${keyScope}`, command: 'user.signup', idempotencyKey, request },
    async (trx, tools) => {
      if (await getUserByEmail(trx, profile.email)) return invalid({ email: t('account.email_taken', { email: profile.email }) });
      const user: UserRow = {
        id: tools.newId('usr'),
        email: profile.email,
        name: profile.name,
        passwordHash,
        createdAt: tools.now,
      };
      let businessId: string;
      let userRole: Role = 'owner';
      if (invitationToken !== undefined) {
        const invitation = await usableInvitation(trx, invitationToken, profile.email, tools.now, 'invitationToken');
        if (!invitation.ok) return invitation;
        await insertUser(trx, user);
        businessId = invitation.value.businessId;
        userRole = asRole(invitation.value.role);
        await markInvitationAccepted(trx, businessId, invitation.value.id, user.id, tools.now);
      } else {
        await insertUser(trx, user);
        businessId = (await createBusinessIn(trx, tools, businessSettings as NonNullable<typeof businessSettings>)).id;
      }
      await insertMembership(trx, { businessId, userId: user.id, role: userRole, createdAt: tools.now });
      await tools.audit('user.signup', 'user', user.id, { email: user.email, role: userRole }, businessId);
      return ok({ userId: user.id });
    },
  );
  if (!created.ok) return created;
  const session = await signIn(ctx, { email: profile.email, password: secret });
  if (!session.ok) return session;
  return ok(session.value);
}

async function usableInvitation(
  db: AppContext['store']['db'],
  token: string,
  forEmail: string,
  now: string,
  /** The request field the token came in, named in the errors. */
  field: string,
): Promise<Result<{ businessId: string; id: string; role: string }>> {
  const invitation = await getInvitationByHash(db, tokenHash(token));
  if (!invitation) return invalid({ [field]: t('account.invitation_unknown') });
  if (invitation.acceptedAt !== null) return invalid({ [field]: t('account.invitation_used') });
  if (invitation.expiresAt <= now) return invalid({ [field]: t('account.invitation_expired') });
  if (invitation.email !== forEmail) return invalid({ [field]: t('account.invitation_other', { email: invitation.email }) });
  return ok(invitation);
}

const signInSchema = z.object({ email, password }).strict();

/** Checks the password and opens a session. The same answer for an unknown email and a wrong password. */
export async function signIn(
  ctx: AppContext,
  input: z.input<typeof signInSchema>,
): Promise<Result<{ user: UserView; memberships: MembershipView[]; session: SessionGrant; deviceToken: string }>> {
  const parsed = parseInput(signInSchema, input);
  if (!parsed.ok) return parsed;
  const user = await getUserByEmail(ctx.store.db, parsed.value.email);
  if (!user) await spendPasswordCheck(parsed.value.password);
  if (!user || !(await isPasswordCorrect(user.passwordHash, parsed.value.password)))
    return fail('unauthenticated', t('auth.wrong_password'));
  const token = newToken('ses');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await ctx.store.seam.writeTransaction((trx) =>
    insertSession(trx, { tokenHash: tokenHash(token), userId: user.id, createdAt: now.toISOString(), expiresAt }),
  );
  return ok({
    user: userView(user),
    memberships: await membershipViews(ctx, user.id),
    session: { token, expiresAt },
    deviceToken: newDeviceToken(user.id, user.passwordHash),
  });
}

/** Whether a device token (from an earlier sign-in's cookie) was given to the person with this email. */
export async function isKnownDevice(ctx: Pick<AppContext, 'store'>, emailText: string, deviceToken: string): Promise<boolean> {
  const parsed = email.safeParse(emailText);
  if (!parsed.success) return false;
  const user = await getUserByEmail(ctx.store.db, parsed.data);
  return user !== undefined && isDeviceTokenOf(deviceToken, user.id, user.passwordHash);
}

/** The email as sign-in compares it (trimmed, lower case), or undefined when it cannot be anyone's address. */
export function signInEmailKey(emailText: string): string | undefined {
  const parsed = email.safeParse(emailText);
  return parsed.success ? parsed.data : undefined;
}

/** Sessions removed per purge: one pass stays short; the next tick takes the rest. */
export const EXPIRED_SESSIONS_PER_PURGE_MAX = 1_000;

/** Removes sessions that expired (the worker calls it on every tick); returns how many went. */
export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  return ctx.store.seam.writeTransaction((trx) => deleteExpiredSessions(trx, now, EXPIRED_SESSIONS_PER_PURGE_MAX));
}

export async function signOut(ctx: AppContext, sessionToken: string): Promise<void> {
  await ctx.store.seam.writeTransaction((trx) => deleteSession(trx, tokenHash(sessionToken)));
}

async function membershipViews(ctx: AppContext, userId: string): Promise<MembershipView[]> {
  const memberships = await membershipsOfUser(ctx.store.db, userId);
  const businesses = new Map(
    (
      await getBusinesses(
        ctx.store.db,
        memberships.map((m) => m.businessId),
      )
    ).map((b) => [b.id, b] as const),
  );
  return memberships.flatMap((m) => {
    const business = businesses.get(m.businessId);
    return business ? [{ role: asRole(m.role), business: businessView(business) }] : [];
  });
}

/** The signed-in person and the businesses they belong to. */
export async function whoAmI(
  ctx: AppContext,
  userId: string,
): Promise<Result<{ user: UserView; memberships: MembershipView[] }>> {
  const user = await getUser(ctx.store.db, userId);
  if (!user) return fail('unauthenticated', t('auth.account_gone'));
  return ok({ user: userView(user), memberships: await membershipViews(ctx, user.id) });
}

/** A signed-in person: who they are; `unauthenticated` for an unknown or expired session. */
export async function authenticateSession(ctx: AppContext, sessionToken: string): Promise<Result<UserView>> {
  const found = await getSession(ctx.store.db, tokenHash(sessionToken));
  if (!found) return fail('unauthenticated', t('auth.session_unknown'));
  if (found.expiresAt <= ctx.clock.now().toISOString()) return fail('unauthenticated', t('auth.session_expired'));
  return ok(userView(found.user));
}

/**
 * The business a signed-in person acts on, and their role there: the one named,
 * or their only one. A business they do not belong to answers not_found, as if
 * it did not exist.
 */
export async function businessOfUser(
  ctx: AppContext,
  userId: string,
  businessId: string | undefined,
): Promise<Result<{ business: Business; role: Role }>> {
  let chosen = businessId;
  if (chosen === undefined) {
    const memberships = await membershipsOfUser(ctx.store.db, userId);
    if (memberships.length === 0) return fail('not_found', t('not_found.no_membership'), { kind: 'business' });
    if (memberships.length > 1)
      return invalid({
        'Lunas-Business': t('business.several_memberships', { ids: memberships.map((m) => m.businessId) }),
      });
    chosen = (memberships[0] as { businessId: string }).businessId;
  }
  const membership = await getMembership(ctx.store.db, chosen, userId);
  const business = membership && (await getBusiness(ctx.store.db, chosen));
  if (!membership || !business) return notFound('business', chosen);
  return ok({ business, role: asRole(membership.role) });
}

/** An API token's business and role; `unauthenticated` for an unknown or revoked token. */
export async function authenticateApiToken(
  ctx: AppContext,
  token: string,
): Promise<Result<{ business: Business; role: Role; tokenId: string }>> {
  const row = await getApiTokenByHash(ctx.store.db, tokenHash(token));
  if (!row) return fail('unauthenticated', t('auth.token_unknown'));
  if (row.revokedAt !== null) return fail('unauthenticated', t('auth.token_revoked'));
  if (row.expiresAt !== null && row.expiresAt <= ctx.clock.now().toISOString())
    return fail('unauthenticated', t('auth.token_expired', { at: row.expiresAt }));
  const business = await getBusiness(ctx.store.db, row.businessId);
  if (!business) throw new Error(`API token ${row.id} names a missing business`);
  return ok({ business, role: asRole(row.role), tokenId: row.id });
}

export interface ApiTokenView {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  revokedAt: string | null;
  /** When it stops working; null: never. */
  expiresAt: string | null;
}

function apiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    role: asRole(row.role),
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
    expiresAt: row.expiresAt,
  };
}

const tokenSchema = z
  .object({
    role,
    name: textField(NAME_LENGTH_MAX).default('API token'),
    /** An instant (ISO 8601 with a zone); stored in UTC. Absent or null: the token never expires. */
    expiresAt: z
      .string({ error: 'must be an instant, e.g. 2026-12-31T17:00:00Z' })
      // A real instant: 2027-02-30 or 24:30 is refused, never rolled over (core/dates.ts).
      .refine((text) => parseInstant(text) !== undefined, 'must be an instant, e.g. 2026-12-31T17:00:00Z')
      .transform((text) => (parseInstant(text) as Date).toISOString())
      .nullable()
      .optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

/** A new API token for the business (owner only); the secret is in this answer only. */
export async function createApiToken(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof tokenSchema>,
): Promise<Result<ApiTokenView & { token: string }>> {
  const allowed = requirePermission(ctx.actor, 'access.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(tokenSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const expiresAt = request.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= ctx.clock.now().toISOString())
    return invalid({ expiresAt: t('account.token_expiry_past', { at: expiresAt }) });
  // The secret is made before the command so that a replayed key returns the first token, not a new one.
  const secret = newToken('tok');
  return runCommand(ctx, { scope: business.id, command: 'api_token.create', idempotencyKey, request }, async (trx, tools) => {
    if ((await listApiTokens(trx, business.id)).length >= API_TOKENS_PER_BUSINESS_MAX)
      return invalid({ role: t('account.tokens_max', { max: API_TOKENS_PER_BUSINESS_MAX }) });
    const row: ApiTokenRow = {
      businessId: business.id,
      id: tools.newId('tok'),
      name: request.name,
      role: request.role,
      createdBy: ctx.actor.name,
      createdAt: tools.now,
      revokedAt: null,
      expiresAt,
    };
    await insertApiToken(trx, { ...row, tokenHash: tokenHash(secret) });
    await tools.audit('api_token.create', 'api_token', row.id, { name: row.name, role: row.role, expiresAt });
    return ok({ ...apiTokenView(row), token: secret });
  });
}

export async function listTokens(ctx: AppContext, business: Business): Promise<Result<{ tokens: ApiTokenView[] }>> {
  const allowed = requirePermission(ctx.actor, 'access.manage');
  if (!allowed.ok) return allowed;
  return ok({ tokens: (await listApiTokens(ctx.store.db, business.id)).map(apiTokenView) });
}

/** Revokes a token; it stops working at once. Revoking twice is harmless. */
export async function revokeToken(
  ctx: AppContext,
  business: Business,
  input: { tokenId: string; idempotencyKey?: string | undefined },
): Promise<Result<ApiTokenView>> {
  const allowed = requirePermission(ctx.actor, 'access.manage');
  if (!allowed.ok) return allowed;
  const { idempotencyKey, tokenId } = input;
  return runCommand(
    ctx,
    { scope: business.id, command: 'api_token.revoke', idempotencyKey, request: { tokenId } },
    async (trx, tools) => {
      const row = await getApiToken(trx, business.id, tokenId);
      if (!row) return notFound('API token', tokenId);
      if (row.revokedAt !== null) return ok(apiTokenView(row));
      await revokeApiTokenRow(trx, business.id, tokenId, tools.now);
      await tools.audit('api_token.revoke', 'api_token', tokenId, { name: row.name });
      return ok(apiTokenView({ ...row, revokedAt: tools.now }));
    },
  );
}

const inviteSchema = z.object({ email, role, idempotencyKey: z.string().optional() }).strict();

/** Invites a person by email with a role (owner only); the invitation token is in this answer only. */
export async function invitePerson(
  ctx: AppContext,
  business: Business,
  input: z.input<typeof inviteSchema>,
): Promise<Result<{ id: string; email: string; role: Role; token: string; expiresAt: string }>> {
  const allowed = requirePermission(ctx.actor, 'access.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(inviteSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const secret = newToken('inv');
  return runCommand(ctx, { scope: business.id, command: 'invitation.create', idempotencyKey, request }, async (trx, tools) => {
    const existing = await getUserByEmail(trx, request.email);
    if (existing && (await getMembership(trx, business.id, existing.id)))
      return invalid({ email: t('account.already_member', { email: request.email }) });
    const id = tools.newId('ivt');
    const expiresAt = new Date(Date.parse(tools.now) + INVITATION_TTL_MS).toISOString();
    await insertInvitation(trx, {
      businessId: business.id,
      id,
      email: request.email,
      role: request.role,
      tokenHash: tokenHash(secret),
      invitedBy: ctx.actor.name,
      createdAt: tools.now,
      expiresAt,
      acceptedAt: null,
    });
    await tools.audit('invitation.create', 'invitation', id, { email: request.email, role: request.role });
    return ok({ id, email: request.email, role: request.role, token: secret, expiresAt });
  });
}

/** A signed-in person accepts an invitation made out to their email. */
export async function acceptInvitation(
  ctx: AppContext,
  user: UserView,
  input: { token?: unknown; idempotencyKey?: string | undefined },
): Promise<Result<MembershipView>> {
  const parsed = parseInput(z.object({ token: z.string({ error: 'required: the invitation token' }).max(200) }).strict(), {
    token: input.token,
  });
  if (!parsed.ok) return parsed;
  const request = { invitation: tokenHash(parsed.value.token), userId: user.id };
  const joined = await runCommand(
    ctx,
    { scope: '-', keyScope: `user:${user.id}`, command: 'invitation.accept', idempotencyKey: input.idempotencyKey, request },
    async (trx, tools) => {
      const invitation = await usableInvitation(trx, parsed.value.token, user.email, tools.now, 'token');
      if (!invitation.ok) return invitation;
      const { businessId } = invitation.value;
      if (await getMembership(trx, businessId, user.id)) return invalid({ token: t('account.already_yours') });
      await insertMembership(trx, { businessId, userId: user.id, role: invitation.value.role, createdAt: tools.now });
      await markInvitationAccepted(trx, businessId, invitation.value.id, user.id, tools.now);
      await tools.audit(
        'member.join',
        'user',
        user.id,
        { role: invitation.value.role, invitationId: invitation.value.id },
        businessId,
      );
      return ok({ businessId, role: invitation.value.role });
    },
  );
  if (!joined.ok) return joined;
  const business = await getBusiness(ctx.store.db, joined.value.businessId);
  if (!business) throw new Error(`business ${joined.value.businessId} vanished after joining it`);
  return ok({ role: asRole(joined.value.role), business: businessView(business) });
}

export interface MemberView extends UserView {
  role: Role;
  joinedAt: string;
}

export async function listMembers(ctx: AppContext, business: Business): Promise<Result<{ members: MemberView[] }>> {
  const rows = await membersOfBusiness(ctx.store.db, business.id);
  return ok({
    members: rows.map((row) => ({
      id: row.userId,
      email: row.email,
      name: row.name,
      role: asRole(row.role),
      joinedAt: row.createdAt,
    })),
  });
}

/** Changes a member's role or removes them (owner only); a business always keeps at least one owner. */
export async function changeMember(
  ctx: AppContext,
  business: Business,
  input: { userId: string; role: unknown; idempotencyKey?: string | undefined },
): Promise<Result<{ userId: string; role: Role | null }>> {
  const allowed = requirePermission(ctx.actor, 'access.manage');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(z.object({ role: role.nullable() }).strict(), { role: input.role });
  if (!parsed.ok) return parsed;
  const next = parsed.value.role;
  const request = { userId: input.userId, role: next };
  return runCommand(
    ctx,
    { scope: business.id, command: 'member.change', idempotencyKey: input.idempotencyKey, request },
    async (trx, tools) => {
      const membership = await getMembership(trx, business.id, input.userId);
      if (!membership) return notFound('member', input.userId);
      if (membership.role === 'owner' && next !== 'owner' && (await countOwners(trx, business.id)) <= 1)
        return invalid({ role: t('account.last_owner') });
      if (next === null) await deleteMembership(trx, business.id, input.userId);
      else await setMembershipRole(trx, business.id, input.userId, next);
      await tools.audit(next === null ? 'member.remove' : 'member.role', 'user', input.userId, {
        from: membership.role,
        to: next,
      });
      return ok({ userId: input.userId, role: next });
    },
  );
}

/** Creates another business owned by a signed-in person. */
export async function createOwnedBusiness(ctx: AppContext, user: UserView, input: InitInput): Promise<Result<MembershipView>> {
  const parsed = parseNewBusiness(input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, request } = parsed.value;
  return runCommand(
    ctx,
    {
      scope: '-',
      keyScope: `user:${user.id}`,
      command: 'business.create',
      idempotencyKey,
      request: { ...request, userId: user.id },
    },
    async (trx, tools) => {
      const business = await createBusinessIn(trx, tools, request);
      await insertMembership(trx, { businessId: business.id, userId: user.id, role: 'owner', createdAt: tools.now });
      return ok({ role: 'owner' as Role, business: businessView(business) });
    },
  );
}

/**
 * The first owner, from LUNAS_OWNER_EMAIL / LUNAS_OWNER_PASSWORD on a store with
 * no accounts yet: they own every business already in the store (made with
 * `lunas init` or the demo), or a new one if there is none.
 */
export async function bootstrapOwner(
  ctx: AppContext,
  input: { email: string; password: string; businessName: string },
): Promise<Result<{ created: boolean; user?: UserView }>> {
  if (await hasAnyUser(ctx.store.db)) return ok({ created: false });
  const existing = await listBusinesses(ctx.store.db, 100);
  if (existing.length === 0) {
    const signedUp = await signUp(ctx, {
      email: input.email,
      password: input.password,
      name: 'Owner',
      businessName: input.businessName,
    });
    return signedUp.ok ? ok({ created: true, user: signedUp.value.user }) : signedUp;
  }
  const parsed = parseInput(z.object({ email, password }).strict(), { email: input.email, password: input.password });
  if (!parsed.ok) return parsed;
  const passwordHash = await hashPassword(parsed.value.password);
  return runCommand(
    ctx,
    { scope: '-', command: 'user.bootstrap', request: { email: parsed.value.email } },
    async (trx, tools) => {
      const user: UserRow = {
        id: tools.newId('usr'),
        email: parsed.value.email,
        name: 'Owner',
        passwordHash,
        createdAt: tools.now,
      };
      await insertUser(trx, user);
      for (const business of existing) {
        await insertMembership(trx, { businessId: business.id, userId: user.id, role: 'owner', createdAt: tools.now });
        await tools.audit('user.bootstrap', 'user', user.id, { email: user.email, role: 'owner' }, business.id);
      }
      return ok({ created: true, user: userView(user) });
    },
  );
}

/** Whether the store has any account yet (the server tells how to make the first one). */
export async function hasAnyAccount(ctx: Pick<AppContext, 'store'>): Promise<boolean> {
  return hasAnyUser(ctx.store.db);
}
