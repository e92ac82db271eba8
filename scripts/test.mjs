#!/usr/bin/env node
/**
 * `npm test`: starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temp folder
 * (when the PostgreSQL binaries are installed), runs the whole vitest suite with
 * LUNAS_TEST_PG_URL pointing at it, stops the cluster, and prints one summary line.
 * Without PostgreSQL it says so loudly and only the PostgreSQL half of the store
 * suite is skipped. Extra arguments go to vitest (`npm test -- src/core`).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function findPostgresBin() {
  const base = '/usr/lib/postgresql';
  if (fs.existsSync(base)) {
    const versions = fs
      .readdirSync(base)
      .filter((name) => /^\d+$/.test(name) && fs.existsSync(path.join(base, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return path.join(base, versions[0], 'bin');
  }
  const probe = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (probe.status === 0 && fs.existsSync(path.join(probe.stdout.trim(), 'initdb'))) return probe.stdout.trim();
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** initdb and postgres refuse to run as root: run them as the `postgres` user then. */
function asClusterUser(command, args, options = {}) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

async function startCluster(bin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  asClusterUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200 -c fsync=on`;
  asClusterUser(path.join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    options,
    '-l',
    path.join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asClusterUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  console.error('!'.repeat(width));
  for (const line of lines) console.error(`! ${line.padEnd(width - 4)} !`);
  console.error('!'.repeat(width));
}

async function main() {
  const env = { ...process.env };
  let cluster;
  const bin = findPostgresBin();
  if (bin) {
    cluster = await startCluster(bin);
    env.LUNAS_TEST_PG_URL = cluster.url;
    console.log(`PostgreSQL test cluster from ${bin} at ${cluster.url}`);
  } else {
    delete env.LUNAS_TEST_PG_URL;
    banner([
      'PostgreSQL NOT FOUND (no initdb under /usr/lib/postgresql/*/bin or via pg_config).',
      'The PostgreSQL half of the store suite is SKIPPED; SQLite still runs.',
      'Install it with: apt-get install -y postgresql',
    ]);
  }
  const stop = () => cluster?.stop();
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });

  const reportFile = path.join(os.tmpdir(), `lunas-vitest-${process.pid}.json`);
  const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const args = [
    vitest,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    ...process.argv.slice(2),
  ];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  stop();

  if (!fs.existsSync(reportFile)) {
    console.log('0 passed, 1 failed');
    console.error('vitest wrote no report: it did not run');
    process.exit(code || 1);
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
  fs.rmSync(reportFile, { force: true });
  const skipped = report.numPendingTests + report.numTodoTests;
  if (!bin) banner(['Reminder: the PostgreSQL store suite was SKIPPED (PostgreSQL not installed).']);
  console.log(`\nTests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  process.exit(report.numTotalTests === 0 ? 1 : code);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
