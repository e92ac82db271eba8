/**
 * `npm run bench:http`: the API under load on loopback (autocannon, 50
 * connections), beside a bare node:http server answering a fixed JSON body on
 * the same machine in the same run.
 *
 *   quick sale: POST /api/v1/invoices {customerId, amount}, spread over 1,000 customers
 *   read:       GET /api/v1/customers/{id}, spread over the same customers
 *
 * The API runs as `lunas serve` on the embedded SQLite store (WAL,
 * synchronous=FULL), with its normal info-level JSON request logs (to /dev/null).
 * Goals: quick sale >= 0.3 of bare, read >= 0.5 of bare, p99 < 25 ms.
 * Environment: BENCH_SECONDS (default 20), BENCH_CONNECTIONS (default 50).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CUSTOMERS = 1000;
const ROOT = path.resolve(import.meta.dirname, '..');

function start(
  command: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, command, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk;
      const match = ready.exec(seen);
      if (match) resolve({ child, match });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command.join(' ')} exited ${code}: ${seen}`)));
  });
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return { json: await response.json(), headers: response.headers };
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(options: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function pick<T>(items: readonly T[], i: number): T {
  return items[i % items.length] as T;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-bench-http-'));
  const bare = await start([path.join(ROOT, 'bench/bare-server.mjs')], {}, /listening (\d+)/);
  const api = await start(
    [path.join(ROOT, 'bin/lunas'), 'serve', '--port', '0'],
    { LUNAS_DATA_DIR: dataDir, LUNAS_LOG_LEVEL: 'info' },
    /serves on (http:\/\/[0-9.:]+)/,
  );
  api.child.stdout?.resume();
  const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
  const apiUrl = api.match[1] as string;
  try {
    const signUp = await post(
      `${apiUrl}/api/v1/auth/signup`,
      {
        email: 'bench@example.com',
        password: 'bench password',
        name: 'Bench',
        businessName: 'Bench',
      },
      {},
    );
    const cookie = /lunas_session=[^;]+/.exec(signUp.headers.get('set-cookie') ?? '')?.[0] as string;
    const token = (await post(`${apiUrl}/api/v1/tokens`, { role: 'staff' }, { cookie, 'x-csrf-token': signUp.json.csrfToken }))
      .json.token;
    const auth = { authorization: `Bearer ${token}` };
    const customerIds: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++)
      customerIds.push((await post(`${apiUrl}/api/v1/customers`, { name: `Customer ${i}` }, auth)).json.id);
    for (const id of customerIds.slice(0, 200)) await post(`${apiUrl}/api/v1/invoices`, { customerId: id, amount: 25_000 }, auth);

    console.log(`bench:http: ${CONNECTIONS} connections, ${SECONDS} s each, loopback, ${CUSTOMERS} customers, SQLite`);
    const baseline = await load({ url: `${bareUrl}/` });
    let readCounter = 0;
    const read = await load({
      url: apiUrl,
      headers: auth,
      requests: [
        {
          method: 'GET',
          setupRequest: (request) => ({ ...request, path: `/api/v1/customers/${pick(customerIds, readCounter++)}` }),
        },
      ],
    });
    let saleCounter = 0;
    const sale = await load({
      url: apiUrl,
      headers: { ...auth, 'content-type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            path: '/api/v1/invoices',
            body: JSON.stringify({ customerId: pick(customerIds, saleCounter++), amount: 1_000 }),
          }),
        },
      ],
    });
    const rows: [string, Figures, number, number][] = [
      ['bare node:http (fixed JSON)', baseline, 1, 0],
      ['GET /api/v1/customers/{id}', read, 0.5, 25],
      ['POST /api/v1/invoices (quick sale)', sale, 0.3, 25],
    ];
    console.log('');
    console.log('what                                 req/s     p50 ms  p99 ms  ratio  goal            non-2xx errors');
    for (const [what, figures, goal, p99Max] of rows) {
      const ratio = figures.rps / baseline.rps;
      const verdict =
        goal === 1 ? 'baseline' : `${ratio >= goal ? 'met' : 'MISSED'} >=${goal}, p99 ${figures.p99 < p99Max ? 'met' : 'MISSED'}`;
      console.log(
        `${what.padEnd(36)} ${figures.rps.toFixed(0).padStart(7)} ${String(figures.p50).padStart(8)} ${String(figures.p99).padStart(7)}  ${ratio
          .toFixed(3)
          .padStart(5)}  ${verdict.padEnd(15)} ${String(figures.non2xx).padStart(7)} ${String(figures.errors).padStart(6)}`,
      );
    }
  } finally {
    bare.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
