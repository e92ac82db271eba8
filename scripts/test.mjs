#!/usr/bin/env node
/**
 * `npm test`: starts a throwaway PostgreSQL cluster on 127.0.0.1 in a temp folder
 * (when the PostgreSQL binaries are installed), runs the whole vitest suite with
 * LUNAS_TEST_PG_URL pointing at it, stops the cluster, and prints one summary line.
 * Without PostgreSQL it says so loudly and only the PostgreSQL half of the store
 * suite is skipped. Extra arguments go to vitest (`npm test -- src/core`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findPostgresBin, startCluster } from './pg-cluster.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

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
