/**
 * An API under test, in-process: Hono's `app.request` runs the whole stack
 * (middleware, auth, validation, use cases, database) without a socket.
 */
import pino from 'pino';
import { createApi } from '../src/api/app.js';
import type { ApiDeps } from '../src/api/auth.js';
import { type KeyBudgets, createRateLimiter } from '../src/api/rate-limit.js';
import { DEFAULT_AUTH_LIMITS, type AuthLimits } from '../src/api/routes-access.js';
import { fixedClock } from '../src/app/context.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { START, type DialectUnderTest, OWNER } from './helpers.js';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface Credentials {
  token?: string;
  /** Session cookie value and its CSRF token. */
  session?: { cookie: string; csrf: string };
  business?: string;
}

export interface ApiUnderTest {
  readonly open: OpenApp;
  readonly clock: ReturnType<typeof fixedClock>;
  call(
    method: string,
    path: string,
    options?: {
      body?: unknown;
      raw?: string;
      bytes?: Uint8Array;
      as?: Credentials;
      headers?: Record<string, string>;
      /** The socket's peer address (default: none, read as `local`). */
      address?: string;
    },
  ): Promise<Answer>;
  close(): Promise<void>;
}

export async function openApi(
  dialect: DialectUnderTest,
  limits: AuthLimits = DEFAULT_AUTH_LIMITS,
  options: { budgets?: KeyBudgets; trustProxyHops?: number } = {},
): Promise<ApiUnderTest> {
  const clock = fixedClock(START);
  const open = await openApp(await dialect.location(), clock, OWNER);
  const deps: ApiDeps = {
    app: { store: open.store, clock, ids: open.ids },
    logger: pino({ level: 'silent' }),
    limiter: createRateLimiter(clock, options.budgets),
    ...(options.trustProxyHops === undefined ? {} : { trustProxyHops: options.trustProxyHops }),
    secureCookies: false,
    isReady: () => true,
  };
  const app = createApi(deps, limits);
  return {
    open,
    clock,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      const as = options.as;
      if (as?.token) headers.authorization = `Bearer ${as.token}`;
      if (as?.session) {
        headers.cookie = `lunas_session=${as.session.cookie}`;
        if (method !== 'GET') headers['x-csrf-token'] ??= as.session.csrf;
      }
      if (as?.business) headers['lunas-business'] = as.business;
      let body: string | Uint8Array | undefined = options.bytes ?? options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const env = options.address === undefined ? undefined : { incoming: { socket: { remoteAddress: options.address } } };
      const response = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }, env);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON (HTML pages): keep the text.
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
    close: () => open.close(),
  };
}

/** Signs up a person with a new business; returns their session and the business id. */
export async function signUpOwner(
  api: ApiUnderTest,
  email: string,
  businessName = 'Toko Test',
): Promise<{ session: { cookie: string; csrf: string }; businessId: string; userId: string }> {
  const answer = await api.call('POST', '/api/v1/auth/signup', {
    body: { email, password: 'correct horse battery', name: 'Owner', businessName },
  });
  if (answer.status !== 201) throw new Error(`sign-up failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  const cookie = /lunas_session=([^;]+)/.exec(answer.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error('sign-up set no session cookie');
  return {
    session: { cookie, csrf: answer.body.csrfToken },
    businessId: answer.body.memberships[0].business.id,
    userId: answer.body.user.id,
  };
}

/** An API token of a role for the business the session owns. */
export async function tokenFor(
  api: ApiUnderTest,
  owner: { session: { cookie: string; csrf: string } },
  role: string,
): Promise<string> {
  const answer = await api.call('POST', '/api/v1/tokens', {
    body: { role, name: `${role} token` },
    as: { session: owner.session },
  });
  if (answer.status !== 201) throw new Error(`token failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}
