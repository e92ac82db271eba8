/**
 * Serving the API on a socket, and stopping well: on shutdown the server stops
 * accepting connections, /readyz turns 503, requests in flight finish (up to a
 * grace period), then the database closes.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { bootstrapOwner, hasAnyAccount } from '../app/accounts.js';
import type { AppContext } from '../app/context.js';
import { createApi } from './app.js';
import { createRateLimiter } from './rate-limit.js';

export interface ServeOptions {
  readonly app: Omit<AppContext, 'actor'>;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly logger: Logger;
  readonly secureCookies: boolean;
  /** How many proxies' X-Forwarded-For hops to trust for the client's address (0: none). */
  readonly trustProxyHops?: number;
  readonly owner?: { email: string; password: string } | undefined;
  /** How long in-flight requests may take to finish on shutdown. */
  readonly shutdownGraceMs?: number;
  /** How long a client may take to send a request; defaults below (tests shorten them). */
  readonly timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** The request line and headers must arrive within this. */
  readonly headersMs: number;
  /** The whole request, body included, must arrive within this (then 408 and the connection closes). */
  readonly requestMs: number;
  /** A kept-alive connection with no request is closed after this. */
  readonly keepAliveMs: number;
}

/**
 * A stalled or trickling request cannot hold a connection past ~25 s. Node
 * checks these every `connectionsCheckingInterval`, so that is kept short too.
 * Uploads bigger than a connection sends in this time go through the command line.
 */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 25_000, keepAliveMs: 5_000 };

export interface RunningServer {
  readonly url: string;
  /** Whether the store had no account when the server started (and none was bootstrapped). */
  readonly needsFirstOwner: boolean;
  readonly ownerCreated: string | undefined;
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS_DEFAULT = 10_000;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  let ready = true;
  let ownerCreated: string | undefined;
  if (options.owner) {
    const made = await bootstrapOwner(
      { ...options.app, actor: { name: 'bootstrap', role: 'owner' } },
      { ...options.owner, businessName: 'Lunas' },
    );
    if (!made.ok) throw new Error(`LUNAS_OWNER_EMAIL / LUNAS_OWNER_PASSWORD: ${made.message}`);
    if (made.value.created) ownerCreated = made.value.user?.email;
  }
  const needsFirstOwner = !(await hasAnyAccount(options.app));
  const api = createApi({
    app: options.app,
    logger: options.logger,
    limiter: createRateLimiter(options.app.clock),
    secureCookies: options.secureCookies,
    trustProxyHops: options.trustProxyHops ?? 0,
    isReady: () => ready,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
    const serverOptions = {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(timeouts.headersMs / 4))),
    };
    const started = serve({ fetch: api.fetch, hostname: options.host, port: options.port, serverOptions }, () =>
      resolve(started as Server),
    );
    (started as Server).once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    needsFirstOwner,
    ownerCreated,
    stop: () =>
      (stopping ??= (async () => {
        ready = false;
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections with no request in flight would hold close() open.
        server.closeIdleConnections();
        const grace = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS_DEFAULT);
        await closed;
        clearTimeout(grace);
      })()),
  };
}
