/**
 * Who is calling: an API token (`Authorization: Bearer …`), a signed-in person
 * (the session cookie, with a CSRF token on unsafe requests), or nobody; and
 * which business the request acts on.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Logger } from 'pino';
import { type UserView, authenticateApiToken, authenticateSession, businessOfUser } from '../app/accounts.js';
import type { Actor, AppContext, Role } from '../app/context.js';
import type { Business } from '../core/parties.js';
import { type Result, fail, notFound, ok } from '../core/result.js';
import type { RateLimiter } from './rate-limit.js';
import { t } from '../core/i18n/catalogue.js';

export const SESSION_COOKIE = 'lunas_session';
export const CSRF_HEADER = 'x-csrf-token';
export const BUSINESS_HEADER = 'lunas-business';

export interface ApiDeps {
  /** The app context without an actor: each request acts as its caller. */
  readonly app: Omit<AppContext, 'actor'>;
  readonly logger: Logger;
  readonly limiter: RateLimiter;
  /** Mark cookies Secure (serve behind HTTPS). */
  readonly secureCookies: boolean;
  /** False while shutting down: /readyz answers 503 so a balancer stops sending. */
  readonly isReady: () => boolean;
  /**
   * How many proxies in front of the server to trust (LUNAS_TRUST_PROXY): the client's address is
   * the one that many hops back in X-Forwarded-For. 0 or absent: the socket's address, the header ignored.
   */
  readonly trustProxyHops?: number;
}

export interface ApiEnv {
  /** `business`: set once the request's business is known, so errors speak its language. */
  Variables: { deps: ApiDeps; requestId: string; business?: Business };
}

export type Caller =
  | { kind: 'token'; tokenId: string; business: Business; role: Role; actorFor(role: Role): Actor }
  | { kind: 'session'; user: UserView; sessionToken: string; actorFor(role: Role): Actor }
  | { kind: 'anonymous'; actorFor(role: Role): Actor };

/** The CSRF token of a session: derived from the secret cookie, so only a page that was given it can send it. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update('lunas-csrf\n').update(sessionToken).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The caller of this request; `unauthenticated` when credentials are required and missing or bad. */
export async function resolveCaller(c: Context<ApiEnv>, isRequired: boolean): Promise<Result<Caller>> {
  const app = c.get('deps').app;
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) return fail('unauthenticated', t('auth.bearer_format'));
    const found = await authenticateApiToken({ ...app, actor: { name: 'auth', role: 'viewer' } }, match[1] as string);
    if (!found.ok) return found;
    const { business, role, tokenId } = found.value;
    return ok({ kind: 'token', tokenId, business, role, actorFor: () => ({ name: `token:${tokenId}`, role }) });
  }
  const sessionToken = getCookie(c, SESSION_COOKIE);
  if (sessionToken !== undefined && sessionToken !== '') {
    const user = await authenticateSession({ ...app, actor: { name: 'auth', role: 'viewer' } }, sessionToken);
    if (!user.ok) return isRequired ? user : ok(anonymous);
    if (UNSAFE.has(c.req.method)) {
      const sent = c.req.header(CSRF_HEADER);
      if (sent === undefined || !sameText(sent, csrfTokenFor(sessionToken)))
        return fail('forbidden', t('forbidden.csrf', { header: CSRF_HEADER }), {
          csrf: 'missing or wrong',
        });
    }
    const { id } = user.value;
    return ok({ kind: 'session', user: user.value, sessionToken, actorFor: (role) => ({ name: `user:${id}`, role }) });
  }
  return isRequired ? fail('unauthenticated', t('auth.required')) : ok(anonymous);
}

const anonymous: Caller = { kind: 'anonymous', actorFor: (role) => ({ name: 'anonymous', role }) };

/** The business the request acts on, and the caller's role in it. */
export async function resolveBusiness(c: Context<ApiEnv>, caller: Caller): Promise<Result<{ business: Business; role: Role }>> {
  const named = c.req.header(BUSINESS_HEADER)?.trim() || undefined;
  if (caller.kind === 'token') {
    if (named !== undefined && named !== caller.business.id) return notFound('business', named);
    return ok({ business: caller.business, role: caller.role });
  }
  if (caller.kind === 'session') {
    const app = c.get('deps').app;
    return businessOfUser({ ...app, actor: caller.actorFor('viewer') }, caller.user.id, named);
  }
  return fail('unauthenticated', t('auth.required'));
}

/** The longest text kept as an address (a misconfigured proxy could pass anything). */
const ADDRESS_LENGTH_MAX = 64;

/**
 * The client's address, as the limits count it. Behind `trustProxyHops` proxies,
 * each appending the address it was called from to X-Forwarded-For, the client
 * is that many entries back from the socket's peer (entries further left are
 * whatever the client wrote). An entry is read as an IP address with any port
 * and brackets dropped (`10.1.0.9:5123`, `[2001:db8::1]:443`); an entry that is
 * not an IP address counts as the socket's peer, so junk cannot make new clients
 * (decision 0013). IPv4-mapped IPv6 is read as IPv4, and IPv6 is cut to its /64,
 * the block one subscriber holds.
 */
export function clientAddress(c: Context<ApiEnv>): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const peer = incoming?.socket?.remoteAddress ?? 'local';
  const hops = c.get('deps').trustProxyHops ?? 0;
  if (hops <= 0) return addressKey(peer);
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const chain = [...forwarded, peer];
  const hop = ipAddress(chain[Math.max(0, chain.length - 1 - hops)] as string);
  return addressKey(hop ?? peer);
}

/** The IP address an X-Forwarded-For entry names, without port or brackets; undefined when it names none. */
export function ipAddress(entry: string): string | undefined {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  const address = bracketed?.[1] ?? withPort?.[1] ?? text;
  return isIP(address) === 0 ? undefined : address;
}

export function addressKey(text: string): string {
  const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(text);
  const address = hexMapped
    ? [hexMapped[1], hexMapped[2]].flatMap((group) => [parseInt(group ?? '', 16) >> 8, parseInt(group ?? '', 16) & 255]).join('.')
    : text.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIP(address) !== 6) return address.slice(0, ADDRESS_LENGTH_MAX);
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
