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
  readonly owner?: { email: string; password: string } | undefined;
  /** How long in-flight requests may take to finish on shutdown. */
  readonly shutdownGraceMs?: number;
}

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
    isReady: () => ready,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: api.fetch, hostname: options.host, port: options.port }, () => resolve(started as Server));
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
