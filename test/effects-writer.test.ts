/**
 * The one writer of effects (decision 0016), on both databases: writing the
 * effects of N commands one by one leaves the book as writing them batched
 * does, and a list of effects is all or nothing within its transaction.
 */
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../src/app/customers.js';
import { runCommand } from '../src/app/command.js';
import { addInvoice } from '../src/app/invoices.js';
import type { OpenApp } from '../src/app/open.js';
import { type CalendarDate, calendarDate } from '../src/core/dates.js';
import { type Effect, audit, entry, event, message } from '../src/core/effects.js';
import { lateFeeEntry } from '../src/core/fees.js';
import { INVOICE_STATUSES, invoiceStatusFor } from '../src/core/invoices.js';
import { minor } from '../src/core/money.js';
import type { Business } from '../src/core/parties.js';
import { type WriteScope, writeEffects } from '../src/store/effects-writer.js';
import { statusFollowingSql } from '../src/store/journal-repo.js';
import type { Database } from '../src/store/schema.js';
import { DIALECTS, must, openWithBusiness } from './helpers.js';

const DAY = calendarDate('2026-03-02');

class Snapshot extends Error {
  constructor(readonly rows: unknown) {
    super('rolled back on purpose');
  }
}

/** The book as the effects left it, without what differs by the order of writing (ids, posting sequence). */
async function snapshot(db: Kysely<Database>, businessId: string): Promise<unknown> {
  const events = await db
    .selectFrom('collection_events')
    .select(['key', 'kind', 'date', 'customer_id', 'invoice_id', 'details'])
    .where('business_id', '=', businessId)
    .orderBy('key')
    .execute();
  const outbox = await db
    .selectFrom('outbox')
    .select(['key', 'purpose', 'subject', 'customer_id', 'channel', 'recipient', 'body', 'status'])
    .where('business_id', '=', businessId)
    .orderBy('key')
    .execute();
  const invoices = await db
    .selectFrom('invoices')
    .select(['id', 'outstanding_minor', 'status', 'fee_periods_done', 'fees_charged_minor', 'reminder_steps_done'])
    .where('business_id', '=', businessId)
    .orderBy('id')
    .execute();
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'balance_minor', 'credit_minor', 'status', 'hold_reason', 'reminded_on', 'reminder_fingerprint'])
    .where('business_id', '=', businessId)
    .orderBy('id')
    .execute();
  const entries = await db
    .selectFrom('journal_entries as e')
    .innerJoin('journal_lines as l', (join) => join.onRef('l.business_id', '=', 'e.business_id').onRef('l.entry_id', '=', 'e.id'))
    .select(['e.source_type', 'e.source_id', 'e.code', 'l.line_no', 'l.account', 'l.amount_minor'])
    .where('e.business_id', '=', businessId)
    .orderBy('e.source_id')
    .orderBy('l.line_no')
    .execute();
  const audits = await db
    .selectFrom('audit_log')
    .select(['action', 'object_id', 'details'])
    .where('business_id', '=', businessId)
    .where('action', 'like', 'test.%')
    .orderBy('object_id')
    .orderBy('details')
    .execute();
  return JSON.parse(
    JSON.stringify({ events, outbox, invoices, customers, entries, audits }, (_k, v: unknown) =>
      typeof v === 'bigint' ? Number(v) : v,
    ),
  );
}

/** Writes inside a transaction that is then rolled back: what the book looked like, and nothing kept. */
async function writtenThenRolledBack(
  app: OpenApp,
  business: Business,
  write: (trx: Kysely<Database>, scope: WriteScope) => Promise<void>,
) {
  let counter = 0;
  try {
    await app.store.seam.writeTransaction(async (trx) => {
      const scope: WriteScope = {
        businessId: business.id,
        actor: 'test:owner',
        now: '2026-03-02T02:00:00.000Z',
        newId: (prefix) => `${prefix}_t${String(++counter).padStart(8, '0')}`,
        seam: app.store.seam,
      };
      await write(trx, scope);
      throw new Snapshot(await snapshot(trx, business.id));
    });
  } catch (error) {
    if (error instanceof Snapshot) return error.rows;
    throw error;
  }
  throw new Error('the transaction was meant to roll back');
}

/** A command's effects, from a small pool of keys, invoices and customers, so commands collide. */
function commandArbitrary(invoices: readonly { id: string; customerId: string }[]) {
  const invoice = fc.constantFrom(...invoices);
  const key = fc.integer({ min: 0, max: 5 });
  const counters = invoice.chain((target) =>
    fc
      .record({
        feePeriodsDone: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
        feeCharged: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
        reminderStepsDone: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      })
      .map((c): Effect => ({
        type: 'invoice_counters',
        invoiceId: target.id,
        ...(c.feePeriodsDone === undefined ? {} : { feePeriodsDone: c.feePeriodsDone }),
        ...(c.feeCharged === undefined ? {} : { feeCharged: c.feeCharged }),
        ...(c.reminderStepsDone === undefined ? {} : { reminderStepsDone: c.reminderStepsDone }),
      })),
  );
  const fee = fc
    .tuple(invoice, fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 1000 }))
    .map(([target, period, amount]) =>
      entry(
        lateFeeEntry({
          feeId: `late_fee:${target.id}:${period}:${amount}`,
          invoiceId: target.id,
          customerId: target.customerId,
          date: DAY,
          amount: minor(amount),
          memo: 'fee',
        }),
      ),
    );
  const reminded = fc.tuple(invoice, fc.constantFrom('a', 'b', 'c')).map(([target, fingerprint]): Effect => ({
    type: 'customer_reminded',
    customerId: target.customerId,
    fingerprint,
    on: DAY as CalendarDate,
  }));
  const held = fc.tuple(invoice, fc.constantFrom('active', 'on_hold')).map(([target, status]): Effect => ({
    type: 'customer_collection',
    customerId: target.customerId,
    change: { status, holdReason: status },
  }));
  const guarded = fc.oneof(counters, fee, reminded, held);
  const keyedEvent = fc
    .tuple(key, invoice, fc.array(guarded, { maxLength: 3 }))
    .map(([k, target, then]) =>
      event(
        { key: `test:${k}`, kind: 'test', date: DAY, customerId: target.customerId, invoiceId: target.id, details: { k } },
        then,
      ),
    );
  const keyedMessage = fc.tuple(key, invoice, fc.array(guarded, { maxLength: 3 })).map(([k, target, then]) =>
    message(
      {
        key: `msg:${k}`,
        purpose: 'receipt',
        customerId: target.customerId,
        channel: 'whatsapp',
        recipient: '+6281234567890',
        subject: null,
        body: `pesan ${k}`,
        details: {},
      },
      then,
    ),
  );
  const audited = fc.integer({ min: 0, max: 3 }).map((n) => audit('test.effect', 'invoice', `obj${n}`, { n }));
  return fc.array(fc.oneof(keyedEvent, keyedMessage, counters, fee, reminded, held, audited), { minLength: 1, maxLength: 6 });
}

describe.each(DIALECTS)('the one writer of effects on $name', (dialect) => {
  let app: OpenApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function book() {
    const opened = await openWithBusiness(await dialect.location());
    app = opened.app;
    const invoices: { id: string; customerId: string }[] = [];
    for (const name of ['Ani', 'Budi']) {
      const customer = must(await addCustomer(opened.app, opened.business, { name, phone: '0812-3456-7890' }));
      for (const price of [100_000, 250_000]) {
        const invoice = must(
          await addInvoice(opened.app, opened.business, {
            customer: customer.id,
            lines: [{ description: 'Jasa', quantity: 1, unitPrice: price }],
          }),
        );
        invoices.push({ id: invoice.id, customerId: customer.id });
      }
    }
    return { ...opened, invoices };
  }

  it('issue 13 part 1: writing the effects of N commands one by one equals writing them batched', async () => {
    const { app, business, invoices } = await book();
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary(invoices), { minLength: 1, maxLength: 5 }), async (commands) => {
        const oneByOne = await writtenThenRolledBack(app, business, async (trx, scope) => {
          for (const effects of commands) for (const effect of effects) await writeEffects(trx, scope, [effect]);
        });
        const batched = await writtenThenRolledBack(app, business, async (trx, scope) => {
          await writeEffects(trx, scope, commands.flat());
        });
        expect(batched).toEqual(oneByOne);
      }),
      { numRuns: dialect.name === 'postgres' ? 15 : 30 },
    );
  });

  it('issue 13 part 1: a list of effects is all or nothing within its transaction', async () => {
    const { app, business, invoices } = await book();
    const target = invoices[0] as { id: string; customerId: string };
    const before = await snapshot(app.store.db, business.id);
    const effects: Effect[] = [
      event({ key: 'test:first', kind: 'test', date: DAY, customerId: target.customerId, invoiceId: target.id, details: {} }),
      message({
        key: 'msg:first',
        purpose: 'receipt',
        customerId: target.customerId,
        channel: 'whatsapp',
        recipient: '+6281234567890',
        subject: null,
        body: 'Terima kasih',
        details: {},
      }),
      { type: 'invoice_counters', invoiceId: target.id, feeCharged: 500 },
      // The last effect cannot be written: an entry on an invoice the book does not have.
      entry(
        lateFeeEntry({
          feeId: 'late_fee:inv_missing:1',
          invoiceId: 'inv_missing',
          customerId: target.customerId,
          date: DAY,
          amount: minor(500),
          memo: 'fee',
        }),
      ),
    ];
    await expect(
      runCommand(
        app,
        { scope: business.id, command: 'test.effects', idempotencyKey: 'k-1', request: {} },
        async (_trx, tools) => {
          await tools.write(effects);
          return { ok: true, value: null };
        },
      ),
    ).rejects.toThrow();
    expect(await snapshot(app.store.db, business.id)).toEqual(before);
    const claimed = await app.store.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'k-1').execute();
    expect(claimed).toEqual([]);
    // Without the failing effect, the same list is written whole, and a second time adds nothing.
    const written = await runCommand(app, { scope: business.id, command: 'test.effects', request: {} }, async (_trx, tools) => ({
      ok: true,
      value: await tools.write(effects.slice(0, 3)).then((outcome) => [...outcome.recorded, ...outcome.queued]),
    }));
    expect(must(written)).toEqual(['test:first', 'msg:first']);
    const again = await runCommand(app, { scope: business.id, command: 'test.effects', request: {} }, async (_trx, tools) => ({
      ok: true,
      value: await tools.write(effects.slice(0, 2)).then((outcome) => [...outcome.recorded, ...outcome.queued]),
    }));
    expect(must(again)).toEqual([]);
    const outbox = await app.store.db
      .selectFrom('outbox')
      .select(['key', 'purpose', 'status'])
      .where('business_id', '=', business.id)
      .execute();
    expect(outbox).toEqual([{ key: 'msg:first', purpose: 'receipt', status: 'queued' }]);
  });

  it('issue 13 part 1: the database applies the one open/paid rule of core, for every status', async () => {
    const { app } = await book();
    for (const status of INVOICE_STATUSES)
      for (const outstanding of [0, 1, 250_000]) {
        const row = await sql<{ s: string }>`select ${statusFollowingSql(sql<number>`x.o`)} as s
          from (select cast(${status} as text) as status, cast(${outstanding} as bigint) as o) x`.execute(app.store.db);
        expect([status, outstanding, row.rows[0]?.s]).toEqual([status, outstanding, invoiceStatusFor(status, outstanding)]);
      }
  });
});
