/**
 * A throwaway PostgreSQL cluster in a temp folder, listening on 127.0.0.1 only,
 * for the test suite and the benchmarks. Never the machine's own cluster.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function findPostgresBin() {
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

/** As asClusterUser, without blocking the event loop (a test keeps sending requests meanwhile). */
function asClusterUserAsync(command, args) {
  const isRoot = process.getuid?.() === 0;
  const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return new Promise((resolve, reject) =>
    execFile(file, argv, { encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

export async function startCluster(bin) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  asClusterUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200 -c fsync=on`;
  const startArgs = ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start'];
  asClusterUser(path.join(bin, 'pg_ctl'), startArgs);
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Stops the server but keeps the cluster (the outage tests): `immediate` is a crash, as a power cut. */
    async halt(mode = 'immediate') {
      await asClusterUserAsync(path.join(bin, 'pg_ctl'), ['-D', data, '-m', mode, '-w', 'stop']);
      running = false;
    },
    /** Starts the halted server again on the same port and data. */
    async resume() {
      await asClusterUserAsync(path.join(bin, 'pg_ctl'), startArgs);
      running = true;
    },
    stop() {
      try {
        if (running) asClusterUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
