/**
 * The server as a process: `lunas serve` on a real socket. A request in flight
 * when SIGTERM arrives still gets its answer; two server processes on one
 * PostgreSQL serving one business never exceed a limit or lose an update.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/app/reports.js';
import { openApp } from '../src/app/open.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { ROOT } from './child.js';
import { OWNER, PG_URL, freshDataDir, freshPostgresUrl } from './helpers.js';
import { fixedClock } from '../src/app/context.js';

interface Served {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts `lunas serve --port 0` and waits for the address it prints. */
function serve(env: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/lunas'), 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, LUNAS_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
    child.stderr?.on('data', (chunk) => {
      err += chunk;
      // The line is in the business's language (`serves on` / `melayani di`); the URL is the same.
      const match = /^Lunas (?:serves on|melayani di) (http:\/\/[0-9.:]+)/m.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, exited });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

async function json(url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.json() };
}

async function ownerToken(url: string): Promise<{ token: string; businessId: string }> {
  const signUp = await fetch(`${url}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@example.com', password: 'server password', name: 'Owner', businessName: 'Konter' }),
  });
  const me = (await signUp.json()) as { csrfToken: string; memberships: { business: { id: string } }[] };
  const cookie = /lunas_session=[^;]+/.exec(signUp.headers.get('set-cookie') ?? '')?.[0] as string;
  const made = await json(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
    body: JSON.stringify({ role: 'owner' }),
  });
  return { token: made.body.token, businessId: me.memberships[0]?.business.id as string };
}

describe('lunas serve', () => {
  it('answers a request in flight when SIGTERM arrives, then exits 0', async () => {
    const server = await serve({ LUNAS_DATA_DIR: freshDataDir() });
    try {
      const { token } = await ownerToken(server.url);
      const body = JSON.stringify({ name: 'Slow Sender', phone: '081299998888' });
      const { hostname, port } = new URL(server.url);
      const socket = net.connect(Number(port), hostname);
      await new Promise((done) => socket.once('connect', done));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk));
      const closed = new Promise((done) => socket.once('close', done));
      socket.write(
        `POST /api/v1/customers HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
      );
      await new Promise((done) => setTimeout(done, 200));
      server.child.kill('SIGTERM');
      await new Promise((done) => setTimeout(done, 300));
      socket.write(body.slice(10));
      await closed;
      expect(answer).toMatch(/^HTTP\/1\.1 201/);
      expect(answer).toContain('Slow Sender');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it.skipIf(!PG_URL)('two processes on one PostgreSQL: no limit exceeded, no update lost', async () => {
    const url = await freshPostgresUrl();
    const env = { LUNAS_DATABASE_URL: url };
    const first = await serve(env);
    const second = await serve(env);
    try {
      const { token, businessId } = await ownerToken(first.url);
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const customer = await json(`${second.url}/api/v1/customers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: 'Shared', creditLimit: 70_000 }),
      });
      const servers = [first.url, second.url];
      const sales = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          json(`${servers[i % 2]}/api/v1/invoices`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ customerId: customer.body.id, amount: 10_000 }),
          }),
        ),
      );
      expect(sales.filter((sale) => sale.status === 201)).toHaveLength(7);
      expect(sales.filter((sale) => sale.status === 422).every((sale) => sale.body.error.code === 'credit_limit_exceeded')).toBe(
        true,
      );
      const payments = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          json(`${servers[i % 2]}/api/v1/payments`, {
            method: 'POST',
            headers,
            body: JSON.stringify({ customerId: customer.body.id, amount: 1_000, method: 'cash' }),
          }),
        ),
      );
      expect(payments.every((payment) => payment.status === 201)).toBe(true);
      const after = await json(`${first.url}/api/v1/customers/${customer.body.id}`, { headers });
      expect(after.body.balance).toBe(70_000 - 20_000);
      const app = await openApp({ kind: 'postgres', url }, fixedClock(new Date()), OWNER);
      try {
        const business = await getBusiness(app.store.db, businessId);
        const report = await verifyLedger(app, business!);
        expect(report.ok && report.value.ok).toBe(true);
      } finally {
        await app.close();
      }
    } finally {
      first.child.kill('SIGTERM');
      second.child.kill('SIGTERM');
      await Promise.all([first.exited, second.exited]);
    }
  });
});
