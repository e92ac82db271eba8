/**
 * Concurrent sales to one customer close to the limit never take it over:
 * 8 parallel connections on PostgreSQL, parallel processes on SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer, showCustomer } from '../src/app/customers.js';
import { recordSale } from '../src/app/invoices.js';
import type { OpenApp, StoreLocation } from '../src/app/open.js';
import { verifyLedger } from '../src/app/reports.js';
import { runChild } from './child.js';
import { DIALECTS, freshDataDir, freshPostgresUrl, must, openWithBusiness } from './helpers.js';

const LIMIT = 100_000;
const SALE = 7_000;
const OPENING = 51_000; // room for exactly 7 more sales of 7,000 (49,000)

let app: OpenApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function prepare(location: StoreLocation) {
  const opened = await openWithBusiness(location, { defaultCreditLimit: LIMIT, overdueBlockDays: null });
  app = opened.app;
  const customer = must(await addCustomer(opened.app, opened.business, { name: 'Dekat Limit' }));
  must(await recordSale(opened.app, opened.business, { customer: customer.id, amount: OPENING }));
  return { ...opened, customer };
}

describe.skipIf(!DIALECTS.some((d) => d.name === 'postgres'))('PostgreSQL, 8 parallel connections', () => {
  it('never sells past the limit', async () => {
    const { app: opened, business, customer } = await prepare({ kind: 'postgres', url: await freshPostgresUrl(), poolSize: 8 });
    const attempts = Array.from({ length: 24 }, (_, i) =>
      recordSale(opened, business, { customer: customer.id, amount: SALE, idempotencyKey: `p-${i}` }),
    );
    const results = await Promise.all(attempts);
    const accepted = results.filter((result) => result.ok).length;
    const refused = results.filter((result) => !result.ok);
    expect(accepted).toBe(7);
    expect(refused.every((result) => !result.ok && result.code === 'credit_limit_exceeded')).toBe(true);
    const after = must(await showCustomer(opened, business, customer.id));
    expect(after.balance).toBe(OPENING + 7 * SALE);
    expect(after.balance).toBeLessThanOrEqual(LIMIT);
    expect(must(await verifyLedger(opened, business)).ok).toBe(true);
  });

  it('runs one command once when the same key races on two connections', async () => {
    const { app: opened, business, customer } = await prepare({ kind: 'postgres', url: await freshPostgresUrl(), poolSize: 8 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        recordSale(opened, business, { customer: customer.id, amount: 1_000, idempotencyKey: 'same' }),
      ),
    );
    const ids = new Set(results.map((result) => must(result).id));
    expect(ids.size).toBe(1);
    expect(must(await showCustomer(opened, business, customer.id)).balance).toBe(OPENING + 1_000);
  });
});

describe('SQLite, parallel processes', () => {
  it('never sells past the limit', async () => {
    const dataDir = freshDataDir();
    const { app: opened, business, customer } = await prepare({ kind: 'sqlite', dataDir });
    const location = JSON.stringify({ kind: 'sqlite', dataDir });
    const children = await Promise.all(
      Array.from({ length: 4 }, (_, n) => runChild([location, business.id, customer.id, `c${n}`, '6', 'sales', String(SALE)])),
    );
    const lines = children.flatMap((child) => child.lines);
    expect(lines).toHaveLength(24);
    expect(lines.filter((line) => line.startsWith('answered'))).toHaveLength(7);
    expect(lines.filter((line) => line.startsWith('refused')).every((line) => line.endsWith('credit_limit_exceeded'))).toBe(true);
    const after = must(await showCustomer(opened, business, customer.id));
    expect(after.balance).toBe(OPENING + 7 * SALE);
    expect(must(await verifyLedger(opened, business)).ok).toBe(true);
  });
});
