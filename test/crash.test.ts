/**
 * A child process is killed with SIGKILL in the middle of a stream of commands.
 * After a restart the ledger verifies and every command that had answered is
 * there, exactly once; replaying the whole stream adds only what never answered.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer, showCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import { type OpenApp, openApp } from '../src/app/open.js';
import { answersByIdempotencyKey, verifyLedger } from '../src/app/reports.js';
import { fixedClock } from '../src/app/context.js';
import { DIALECTS, OWNER, START, must, openWithBusiness } from './helpers.js';
import { ROOT, childArgs, runChild } from './child.js';

const COMMANDS = 400;
const KILL_AFTER_ANSWERS = 60;

function runAndKill(args: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(args), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let killed = false;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!killed && out.split('\n').filter(Boolean).length >= KILL_AFTER_ANSWERS) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child was not killed (signal ${signal}); raise COMMANDS`));
      // Only complete lines were answered; a half-written last line was not.
      resolve(out.split('\n').slice(0, -1).filter(Boolean));
    });
  });
}

let app: OpenApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe.each(DIALECTS)('crash on $name', (dialect) => {
  it('keeps every answered command and nothing half-written', async () => {
    const location = await dialect.location();
    const opened = await openWithBusiness(location, { defaultCreditLimit: null });
    const customer = must(await addCustomer(opened.app, opened.business, { name: 'Crash' }));
    must(await recordSale(opened.app, opened.business, { customer: customer.id, amount: 1 }));
    await opened.app.close();

    const args = [JSON.stringify(location), opened.business.id, customer.id, 'k', String(COMMANDS), 'mixed', '1000'];
    const answered = await runAndKill(args);
    expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER_ANSWERS);

    app = await openApp(location, fixedClock(START), OWNER);
    expect(must(await verifyLedger(app, opened.business)).problems).toEqual([]);
    const stored = await answersByIdempotencyKey(app, opened.business.id);
    for (const line of answered) {
      const [, key, id] = line.split(' ');
      expect(stored.get(key as string), `answered ${key} is stored`).toBeDefined();
      expect(JSON.parse(stored.get(key as string) as string).id).toBe(id);
    }
    const balanceAfterCrash = must(await showCustomer(app, opened.business, customer.id)).balance;
    await app.close();
    app = undefined;

    // Replaying the whole stream: answered keys return their first answers; the rest run once.
    const replay = await runChild(args);
    for (const line of answered) expect(replay.lines).toContain(line);
    app = await openApp(location, fixedClock(START), OWNER);
    expect(must(await verifyLedger(app, opened.business)).ok).toBe(true);
    expect(replay.lines).toHaveLength(COMMANDS);
    // Every third command pays 1000 and the others sell 1000, starting from a balance of 1.
    const payments = Array.from({ length: COMMANDS }, (_, i) => i).filter((i) => i % 3 === 2).length;
    expect(must(await showCustomer(app, opened.business, customer.id)).balance).toBe(
      1 + (COMMANDS - payments) * 1000 - payments * 1000,
    );
    expect(balanceAfterCrash).toBeGreaterThan(0);
  });
});
