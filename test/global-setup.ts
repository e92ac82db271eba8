/**
 * One temp folder per test run: every store and file a test makes goes under it
 * (`freshDataDir`), and it is removed when the run ends, whatever the tests
 * left behind. Workers are forked after this runs, so they inherit the variable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-test-run-'));
  process.env.LUNAS_TEST_TMP = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
