/** Runs test/fixtures/command-stream.ts in a child process (crash and concurrency suites). */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

export function childArgs(args: readonly string[]): string[] {
  return ['--import', 'tsx', path.join(ROOT, 'test/fixtures/command-stream.ts'), ...args];
}

/** Runs the child to the end and collects its output lines. */
export function runChild(args: readonly string[]): Promise<{ lines: string[]; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(args), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${err}`));
      else resolve({ lines: out.trim().split('\n').filter(Boolean), code });
    });
  });
}
