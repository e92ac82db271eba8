/**
 * Issue 12 defect 7, on a real socket: a stalled request body is cut off by the
 * server's timeouts (shortened here so the test is quick), and a client that
 * hangs up mid-body is logged as such, not as an unexpected error.
 */
import net from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/api/server.js';
import type { Clock } from '../src/app/context.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { OWNER, freshDataDir } from './helpers.js';

const systemClock: Clock = { now: () => new Date() };
const TIMEOUTS = { headersMs: 400, requestMs: 800, keepAliveMs: 300 };

describe('issue 12 server timeouts', () => {
  let open: OpenApp;
  let server: RunningServer;
  let logs: { level: number; msg: string }[];

  beforeEach(async () => {
    open = await openApp({ kind: 'sqlite', dataDir: freshDataDir() }, systemClock, OWNER);
    logs = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    server = await startServer({
      app: { store: open.store, clock: systemClock, ids: open.ids },
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'info' }, sink),
      secureCookies: false,
      timeouts: TIMEOUTS,
    });
  });
  afterEach(async () => {
    await server.stop();
    await open.close();
  });

  /** Sends the headers of a sign-in with a 200-byte body and the first 10 bytes of it. */
  async function halfSent(): Promise<{ socket: net.Socket; answer: () => string; closed: Promise<number> }> {
    const { hostname, port } = new URL(server.url);
    const socket = net.connect(Number(port), hostname);
    await new Promise((done) => socket.once('connect', done));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', () => undefined);
    const started = performance.now();
    const closed = new Promise<number>((done) => socket.once('close', () => done(performance.now() - started)));
    socket.write(
      'POST /api/v1/auth/signin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":"',
    );
    return { socket, answer: () => answer, closed };
  }

  it('issue 12 defect 7: a stalled request body cannot hold its connection', async () => {
    const { socket, answer, closed } = await halfSent();
    const outcome = await Promise.race([closed, new Promise<'open'>((done) => setTimeout(() => done('open'), 5_000))]);
    socket.destroy();
    expect(outcome, 'the server closed the stalled connection').not.toBe('open');
    expect(outcome as number).toBeLessThan(TIMEOUTS.requestMs + 1_500);
    expect(answer()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('issue 12 defect 7: a client that hangs up mid-body is not logged as an unexpected error', async () => {
    const { socket } = await halfSent();
    await new Promise((done) => setTimeout(done, 100));
    socket.destroy();
    const deadline = Date.now() + 3_000;
    while (Date.now() < deadline && !logs.some((line) => line.msg === 'client went away' || line.msg === 'unexpected error'))
      await new Promise((done) => setTimeout(done, 50));
    expect(logs.filter((line) => line.msg === 'unexpected error')).toEqual([]);
    expect(logs.filter((line) => line.level >= 50)).toEqual([]);
    expect(logs.some((line) => line.msg === 'client went away')).toBe(true);
  });

  it('issue 12 defect 7: answers of the API are never cached', async () => {
    for (const path of ['/api/v1/me', '/api/v1/openapi.json', '/api/v1/no-such-route']) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});
