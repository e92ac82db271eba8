/** Sign-up, sign-in, the signed-in person, businesses and their settings, members, invitations and API tokens. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from '@hono/zod-openapi';
import {
  SESSION_TTL_MS,
  type SessionGrant,
  acceptInvitation,
  changeMember,
  createApiToken,
  createOwnedBusiness,
  invitePerson,
  isKnownDevice,
  listMembers,
  listTokens,
  revokeToken,
  signIn,
  signInEmailKey,
  signOut,
  signUp,
  whoAmI,
} from '../app/accounts.js';
import { updateBusinessSettings } from '../app/businesses.js';
import { businessView } from '../app/views.js';
import { type Result, fail, ok } from '../core/result.js';
import { type ApiEnv, SESSION_COOKIE, clientAddress, csrfTokenFor } from './auth.js';
import { defineRoute } from './define.js';
import { errorResponse } from './http-errors.js';
import type { Backoff, RateLimit } from './rate-limit.js';
import { present } from './routes-ledger.js';
import * as S from './schemas.js';
import { t } from '../core/i18n/catalogue.js';

type Registry = OpenAPIHono['openAPIRegistry'];

export interface AuthLimits {
  /** Every sign-in request from one address, malformed ones included. */
  readonly signInPerAddress: RateLimit;
  /** Wrong passwords for one email from one address: a few free, then doubling waits. */
  readonly signInPerEmailAndAddress: Backoff;
  /** Wrong passwords for one email from anywhere: slower to start; a known device passes it. */
  readonly signInPerEmail: Backoff;
  readonly signUpPerAddress: RateLimit;
}

const MINUTE_MS = 60_000;

/** Decision note 0013 says why these numbers. */
export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  signInPerAddress: { attemptsMax: 30, windowMs: MINUTE_MS },
  signInPerEmailAndAddress: {
    failuresBeforeWait: 5,
    firstDelayMs: 1_000,
    delayMaxMs: 15 * MINUTE_MS,
    forgetAfterMs: 15 * MINUTE_MS,
  },
  signInPerEmail: { failuresBeforeWait: 10, firstDelayMs: 2_000, delayMaxMs: 15 * MINUTE_MS, forgetAfterMs: 60 * MINUTE_MS },
  signUpPerAddress: { attemptsMax: 10, windowMs: 60 * MINUTE_MS },
};

/** Remembers a browser that signed in, so a guesser slowing down its email does not lock it out. */
export const DEVICE_COOKIE = 'lunas_device';
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** The 429 answer: how long to wait, in the header and the body. */
function tooMany(c: Context<ApiEnv>, seconds: number): Response {
  c.header('Retry-After', String(seconds));
  return errorResponse(c, fail('rate_limited', t('http.too_many_attempts', { seconds }), { retryAfterSeconds: seconds }));
}

/** Counts every request from the address, well-formed or not, before the body is read. */
function perAddress(kind: 'address' | 'signup', limit: RateLimit): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const limiter = c.get('deps').limiter;
    const key = clientAddress(c);
    if (!limiter.allow(kind, key, limit)) return tooMany(c, limiter.waitSeconds(kind, key));
    await next();
  };
}

function startSession(c: Context<ApiEnv>, session: SessionGrant, deviceToken: string): string {
  setCookie(c, DEVICE_COOKIE, deviceToken, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/api/v1/auth',
    secure: c.get('deps').secureCookies,
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: c.get('deps').secureCookies,
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  return csrfTokenFor(session.token);
}

const MeOrSession = S.Me;

export function registerAccessRoutes(app: Hono<ApiEnv>, registry: Registry, limits: AuthLimits): void {
  app.use('/api/v1/auth/signin', perAddress('address', limits.signInPerAddress));
  app.use('/api/v1/auth/signup', perAddress('signup', limits.signUpPerAddress));
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'API token (lunas token create)',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Session cookie from sign-in; unsafe requests also send X-CSRF-Token',
  });

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/auth/signup',
      operationId: 'signUp',
      summary: 'Create an account with a new business (or join one with an invitation token), and sign in',
      tag: 'access',
      access: { kind: 'public' },
      body: S.SignUp,
      success: { status: 201, schema: MeOrSession, description: 'The new person, their business and a session cookie' },
      errors: ['rate_limited'],
    },
    async ({ app: ctx, body, idempotencyKey, hono }) => {
      const result = await signUp(ctx, present({ ...body, idempotencyKey }), clientAddress(hono));
      if (!result.ok) return result;
      const { user, memberships, session, deviceToken } = result.value;
      return ok({ user, memberships, csrfToken: startSession(hono, session, deviceToken) });
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/auth/signin',
      operationId: 'signIn',
      summary: 'Sign in with email and password; sets the session cookie',
      tag: 'access',
      access: { kind: 'public' },
      body: S.SignIn,
      success: { status: 200, schema: MeOrSession, description: 'The person, their businesses and the CSRF token' },
      errors: ['unauthenticated', 'rate_limited'],
    },
    async ({ app: ctx, body, hono }) => {
      const limiter = hono.get('deps').limiter;
      // An email that cannot be anyone's is refused by signIn; only the address counted it.
      const email = signInEmailKey(body.email);
      const pair = email === undefined ? undefined : `${email} ${clientAddress(hono)}`;
      if (email !== undefined && pair !== undefined) {
        const pairWait = limiter.waitSeconds('pair', pair);
        if (pairWait > 0) return tooMany(hono, pairWait);
        const emailWait = limiter.waitSeconds('email', email);
        const device = getCookie(hono, DEVICE_COOKIE);
        if (emailWait > 0 && !(device && (await isKnownDevice(ctx, email, device)))) return tooMany(hono, emailWait);
      }
      const result = await signIn(ctx, body);
      if (!result.ok) {
        if (result.code === 'unauthenticated' && email !== undefined && pair !== undefined) {
          limiter.failed('pair', pair, limits.signInPerEmailAndAddress);
          limiter.failed('email', email, limits.signInPerEmail);
        }
        return result;
      }
      if (pair !== undefined) limiter.succeeded('pair', pair);
      const { user, memberships, session, deviceToken } = result.value;
      return ok({ user, memberships, csrfToken: startSession(hono, session, deviceToken) });
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/auth/signout',
      operationId: 'signOut',
      summary: 'End this session',
      tag: 'access',
      access: { kind: 'person' },
      success: { status: 200, schema: z.object({ signedOut: z.boolean() }), description: 'Signed out' },
    },
    async ({ app: ctx, caller, hono }) => {
      if (caller.kind === 'session') await signOut(ctx, caller.sessionToken);
      deleteCookie(hono, SESSION_COOKIE, { path: '/' });
      return ok({ signedOut: true });
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      summary: 'The signed-in person, their businesses and roles, and the CSRF token',
      tag: 'access',
      access: { kind: 'person' },
      success: { status: 200, schema: S.Me, description: 'Who is signed in' },
    },
    async ({ app: ctx, user, caller }) => {
      const found = await whoAmI(ctx, user.id);
      if (!found.ok || caller.kind !== 'session') return found;
      return ok({ ...found.value, csrfToken: csrfTokenFor(caller.sessionToken) });
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/businesses',
      operationId: 'listBusinesses',
      summary: 'The businesses the signed-in person belongs to, with their role',
      tag: 'businesses',
      access: { kind: 'person' },
      success: { status: 200, schema: z.object({ memberships: z.array(S.Membership) }), description: 'Memberships' },
    },
    async ({ app: ctx, user }) => {
      const found = await whoAmI(ctx, user.id);
      return found.ok ? ok({ memberships: found.value.memberships }) : found;
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/businesses',
      operationId: 'createBusiness',
      summary: 'Create another business owned by the signed-in person',
      tag: 'businesses',
      access: { kind: 'person' },
      body: S.BusinessCreate,
      success: { status: 201, schema: S.Membership, description: 'The new business and the owner role' },
    },
    ({ app: ctx, user, body, idempotencyKey }) => createOwnedBusiness(ctx, user, present({ ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/business',
      operationId: 'getBusiness',
      summary: "The business this request acts on (the token's, or the one named by the Lunas-Business header)",
      tag: 'businesses',
      access: { kind: 'business', permission: 'read' },
      success: { status: 200, schema: S.Business, description: 'The business and its settings' },
    },
    async ({ business }): Promise<Result<unknown>> => ok(businessView(business)),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'patch',
      path: '/business',
      operationId: 'updateBusiness',
      summary:
        'Change settings: name, currency, time zone, locale, default terms and limit, payment instructions, the details invoices show (address, NPWP, phone, email)',
      tag: 'businesses',
      access: { kind: 'business', permission: 'business.settings' },
      body: S.BusinessUpdate,
      success: { status: 200, schema: S.Business, description: 'The business as changed' },
    },
    ({ app: ctx, business, body: { defaultTermsDays, ...body }, idempotencyKey }) =>
      updateBusinessSettings(
        ctx,
        business,
        present({ ...body, termsDays: body.termsDays ?? defaultTermsDays, idempotencyKey }) as Parameters<
          typeof updateBusinessSettings
        >[2],
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/members',
      operationId: 'listMembers',
      summary: 'The people of the business and their roles',
      tag: 'access',
      access: { kind: 'business', permission: 'read' },
      success: { status: 200, schema: z.object({ members: z.array(S.Member) }), description: 'Members' },
    },
    ({ app: ctx, business }) => listMembers(ctx, business),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'patch',
      path: '/members/{id}',
      operationId: 'updateMember',
      summary: "Change a member's role, or remove them with role null (owner only; one owner always stays)",
      tag: 'access',
      access: { kind: 'business', permission: 'access.manage' },
      params: S.IdParam,
      body: S.MemberUpdate,
      success: { status: 200, schema: z.object({ userId: z.string(), role: S.Role.nullable() }), description: 'The change' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      changeMember(ctx, business, { userId: params.id, role: body.role, idempotencyKey }),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invitations',
      operationId: 'createInvitation',
      summary: 'Invite a person by email with a role (owner only); the token is shown once',
      tag: 'access',
      access: { kind: 'business', permission: 'access.manage' },
      body: S.InvitationCreate,
      success: { status: 201, schema: S.Invitation, description: 'The invitation with its token' },
    },
    ({ app: ctx, business, body, idempotencyKey }) => invitePerson(ctx, business, present({ ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invitations/accept',
      operationId: 'acceptInvitation',
      summary: 'Join the business of an invitation made out to the signed-in person',
      tag: 'access',
      access: { kind: 'person' },
      body: S.InvitationAccept,
      success: { status: 200, schema: S.Membership, description: 'The business joined and the role' },
    },
    ({ app: ctx, user, body, idempotencyKey }) => acceptInvitation(ctx, user, { token: body.token, idempotencyKey }),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/tokens',
      operationId: 'listTokens',
      summary: 'The API tokens of the business (owner only; secrets are never shown again)',
      tag: 'access',
      access: { kind: 'business', permission: 'access.manage' },
      success: { status: 200, schema: z.object({ tokens: z.array(S.ApiToken) }), description: 'Tokens' },
    },
    ({ app: ctx, business }) => listTokens(ctx, business),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/tokens',
      operationId: 'createToken',
      summary: 'Create an API token with a role (owner only); the secret is in this answer only',
      tag: 'access',
      access: { kind: 'business', permission: 'access.manage' },
      body: S.ApiTokenCreate,
      success: { status: 201, schema: S.ApiTokenCreated, description: 'The token and its secret' },
    },
    ({ app: ctx, business, body, idempotencyKey }) => createApiToken(ctx, business, present({ ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'delete',
      path: '/tokens/{id}',
      operationId: 'revokeToken',
      summary: 'Revoke an API token (owner only); it stops working at once',
      tag: 'access',
      access: { kind: 'business', permission: 'access.manage' },
      params: S.IdParam,
      success: { status: 200, schema: S.ApiToken, description: 'The revoked token' },
    },
    ({ app: ctx, business, params, idempotencyKey }) => revokeToken(ctx, business, { tokenId: params.id, idempotencyKey }),
  );
}
