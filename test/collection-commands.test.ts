/**
 * The collection surface of `lunas` and its bad inputs: `policy show/set`,
 * `collect --json` (the contract's shape; a second run prints empty lists),
 * and the refusals that write nothing (a policy that does not hold together,
 * a plan that does not add up, a promise in the past, a dispute on a paid
 * invoice, verifying a report twice).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { selectBusiness, updateBusinessSettings } from '../src/app/businesses.js';
import { fixedClock } from '../src/app/context.js';
import { openApp } from '../src/app/open.js';
import { OWNER, freshDataDir, must } from './helpers.js';

async function lunas(dataDir: string, args: string[], now = '2026-03-02T02:00:00Z') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['--data', dataDir, '--json', ...args],
    { LUNAS_NOW: now },
    {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
    },
  );
  const stdout = out.join('\n');
  const stderr = err.join('\n');
  return { code, stdout, stderr, json: () => JSON.parse(stdout), error: () => JSON.parse(stderr).error };
}

/** Everything the store holds that a refused command must not change: counts of the collection tables and the journal. */
async function digest(dataDir: string): Promise<string> {
  const verify = await lunas(dataDir, ['verify']);
  const timeline = await lunas(dataDir, ['timeline', 'S1']);
  const policy = await lunas(dataDir, ['policy', 'show']);
  return JSON.stringify([verify.json().entries, verify.json().receivable, timeline.json().events.length, policy.json().version]);
}

describe('lunas collection commands', () => {
  it('shows and sets the policy, runs a day as the contract prints it, and refuses bad input without writing', async () => {
    const dir = freshDataDir();
    expect((await lunas(dir, ['init', '--name', 'Konter', '--terms-days', '7'])).code).toBe(0);
    expect((await lunas(dir, ['customer', 'add', '--name', 'Siti', '--phone', '081211112222', '--ref', 'S1'])).code).toBe(0);

    const shown = await lunas(dir, ['policy', 'show']);
    expect(shown.json().policy.terms).toEqual({ basis: 'net', days: 7 });
    expect(shown.json().policy.reminders.steps.map((step: { offsetDays: number }) => step.offsetDays)).toEqual([-3, 0, 3, 7]);

    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify({ lateFee: { kind: 'flat', amount: 2000, period: 'week' }, graceDays: 1 }));
    const set = await lunas(dir, ['policy', 'set', '--file', file, '--reason', 'written policy']);
    expect(set.code).toBe(0);
    expect(set.json()).toMatchObject({
      version: 2,
      reason: 'written policy',
      policy: { graceDays: 1, lateFee: { kind: 'flat', amount: 2000 } },
    });

    // The terms in the settings and in the policy stay one: changing the settings writes a policy version.
    const app = await openApp({ kind: 'sqlite', dataDir: dir }, fixedClock(new Date('2026-03-02T02:00:00Z')), OWNER);
    try {
      const business = must(await selectBusiness(app, undefined));
      must(await updateBusinessSettings(app, business, { termsDays: 10 }));
      must(await updateBusinessSettings(app, business, { termsDays: 7 }));
    } finally {
      await app.close();
    }
    const versions = (await lunas(dir, ['policy', 'show'])).json();
    expect([versions.version, versions.policy.terms.days, versions.history[1].policy.terms.days]).toEqual([4, 7, 10]);

    const sale = await lunas(dir, ['sale', '--customer', 'S1', '--amount', '50000']);
    expect(sale.json().dueDate).toBe('2026-03-09');
    const invoiceId = sale.json().id as string;

    const before = await digest(dir);
    // A policy that does not hold together: every reason named, nothing written.
    fs.writeFileSync(
      file,
      JSON.stringify({
        graceDays: -2,
        lateFee: { kind: 'flat', period: 'week' },
        reminders: {
          steps: [
            { offsetDays: 3, tone: 'firm' },
            { offsetDays: 0, tone: 'friendly', channels: [] },
          ],
        },
      }),
    );
    const badPolicy = await lunas(dir, ['policy', 'set', '--file', file]);
    expect(badPolicy.code).toBe(2);
    expect(badPolicy.error().code).toBe('validation_failed');
    expect(badPolicy.error().details.fields).toMatchObject({
      'policy.graceDays': expect.any(String),
      'policy.lateFee.amount': 'denda tetap memerlukan jumlah positif',
      'policy.reminders.steps[1].offsetDays': 'langkah harus berurutan: 0 tidak datang setelah 3',
      'policy.reminders.steps[1].channels': 'memerlukan setidaknya satu saluran',
    });
    fs.writeFileSync(file, '{ not json');
    expect((await lunas(dir, ['policy', 'set', '--file', file])).error().details.fields.file).toMatch(/bukan JSON/);
    // A promise in the past, a plan that does not add up, a plan on nothing.
    expect(
      (await lunas(dir, ['promise', 'add', '--customer', 'S1', '--date', '2026-03-01', '--amount', '1000'])).error().details
        .fields.date,
    ).toMatch(/sudah lewat/);
    const notAddingUp = await lunas(dir, [
      'plan',
      '--customer',
      'S1',
      '--frequency',
      'weekly',
      '--first',
      '2026-03-10',
      '--amounts',
      '20000,20000',
    ]);
    expect(notAddingUp.error().details.fields.amounts).toBe('jumlah cicilan Rp 40.000, tetapi saldo yang ditanggung Rp 50.000');
    expect(await digest(dir)).toBe(before);

    // The run for the due day plus three: the contract's shape; a second run of the day prints empty lists.
    const day = await lunas(dir, ['collect'], '2026-03-11T02:00:00Z');
    expect(day.code).toBe(0);
    const report = day.json();
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['asOf', 'reminders', 'fees', 'discounts', 'holds', 'limitChanges', 'plans', 'promises']),
    );
    expect(report.asOf).toBe('2026-03-11');
    expect(report.reminders).toEqual([
      {
        customerId: expect.any(String),
        step: 0,
        tone: 'friendly',
        channel: 'whatsapp',
        invoiceIds: [invoiceId],
        amountDue: 52000,
        // Added for people reading the run: what the message lists, by number.
        items: [{ invoiceId, number: 'INV-2026-000001', planId: null, instalment: null, amount: 52000 }],
      },
    ]);
    expect(report.fees).toEqual([{ invoiceId, amount: 2000, period: 1, date: '2026-03-11' }]);
    // The days from the business's creation to the day before were caught up first, without reminders.
    expect(report.caughtUp.map((d: { asOf: string }) => d.asOf)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(report.caughtUp.flatMap((d: { reminders: unknown[] }) => d.reminders)).toEqual([]);
    const again = (await lunas(dir, ['collect'], '2026-03-11T14:00:00Z')).json();
    for (const list of ['reminders', 'fees', 'discounts', 'holds', 'limitChanges', 'plans', 'promises', 'caughtUp'])
      expect(again[list]).toEqual([]);
    // A dry run for a later day writes nothing.
    const beforeDry = await digest(dir);
    const dry = (await lunas(dir, ['collect', '--as-of', '2026-03-18', '--dry-run'], '2026-03-11T15:00:00Z')).json();
    expect(dry.dryRun).toBe(true);
    expect(dry.fees).toEqual([{ invoiceId, amount: 2000, period: 2, date: '2026-03-18' }]);
    expect(await digest(dir)).toBe(beforeDry);
    expect((await lunas(dir, ['collect', '--as-of', '2026-03-18'], '2026-03-11T15:00:00Z')).error().details.fields.asOf).toMatch(
      /setelah hari ini/,
    );

    // The owner waives the first week's fee, with a reason: its entry is reversed, once.
    const waived = await lunas(
      dir,
      ['fee', 'waive', '--invoice', invoiceId, '--period', '1', '--reason', 'first time late'],
      '2026-03-11T16:00:00Z',
    );
    expect(waived.json()).toMatchObject({ period: 1, amount: 2000, outstanding: 50000 });
    const twiceWaived = await lunas(
      dir,
      ['fee', 'waive', '--invoice', invoiceId, '--period', '1', '--reason', 'again'],
      '2026-03-11T16:00:00Z',
    );
    expect(twiceWaived.error().details.fields.period).toMatch(/sudah dibebaskan/);
    expect(
      (
        await lunas(dir, ['fee', 'waive', '--invoice', invoiceId, '--period', '2', '--reason', 'x'], '2026-03-11T16:00:00Z')
      ).error().details.fields.period,
    ).toMatch(/tidak ada denda keterlambatan/);
    expect((await lunas(dir, ['collect'], '2026-03-11T17:00:00Z')).json().fees).toEqual([]);
    expect((await lunas(dir, ['verify'], '2026-03-11T17:00:00Z')).code).toBe(0);

    // Paid in full: a dispute on it is refused; a reported payment verified twice is recorded once.
    expect(
      (
        await lunas(
          dir,
          ['pending', 'add', '--customer', 'S1', '--amount', '50000', '--method', 'bank_transfer'],
          '2026-03-12T02:00:00Z',
        )
      ).code,
    ).toBe(0);
    const pendingId = (await lunas(dir, ['timeline', 'S1'], '2026-03-12T02:00:00Z')).json().events[0].details.pendingId as string;
    expect((await lunas(dir, ['pending', 'verify', pendingId], '2026-03-12T03:00:00Z')).json().status).toBe('verified');
    const twice = await lunas(dir, ['pending', 'verify', pendingId], '2026-03-12T04:00:00Z');
    expect(twice.error().details.fields.pending).toMatch(/sudah diverifikasi/);
    const paid = await lunas(dir, ['dispute', 'open', '--invoice', invoiceId, '--reason', 'too late'], '2026-03-12T05:00:00Z');
    expect(paid.error().code).toBe('invoice_not_open');
    const customer = (await lunas(dir, ['customer', 'show', 'S1'], '2026-03-12T05:00:00Z')).json();
    expect([customer.balance, customer.credit ?? 0]).toEqual([0, 0]);
    expect((await lunas(dir, ['verify'], '2026-03-12T05:00:00Z')).code).toBe(0);

    // The fee counter is a projection of the journal: verify notices when it drifts.
    const tamper = await openApp({ kind: 'sqlite', dataDir: dir }, fixedClock(new Date('2026-03-12T05:00:00Z')), OWNER);
    try {
      await tamper.store.db.updateTable('invoices').set({ fees_charged_minor: 1 }).where('id', '=', invoiceId).execute();
    } finally {
      await tamper.close();
    }
    const drifted = await lunas(dir, ['verify'], '2026-03-12T05:00:00Z');
    expect(drifted.code).toBe(1);
    expect(drifted.json().problems).toEqual([{ check: 'invoice_fees_charged', objectId: invoiceId, expected: 0, actual: 1 }]);
  });
  it('issue 11 defect 8: a customer the reminder cannot reach is named in the run and on the timeline, once per step', async () => {
    const dir = freshDataDir();
    const human = async (args: string[], now: string) => {
      const out: string[] = [];
      const code = await main(['--data', dir, ...args], { LUNAS_NOW: now }, { out: (text) => out.push(text), err: () => {} });
      return { code, text: out.join('\n') };
    };
    expect((await lunas(dir, ['init', '--name', 'Warung Bu Tini', '--terms-days', '7'])).code).toBe(0);
    for (const [name, ref, contact] of [
      ['Pak Joko', 'J1', []],
      ['Bu Sri', 'S2', ['--phone', '081299998888']],
      ['Mas Andi', 'A3', ['--phone', '081277776666']],
    ] as const)
      expect((await lunas(dir, ['customer', 'add', '--name', name, '--ref', ref, ...contact])).code).toBe(0);
    // Bu Sri's own policy reminds by email only, and she has no email.
    const file = path.join(dir, 'email-only.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        reminders: {
          steps: [
            { offsetDays: -3, tone: 'friendly', channels: ['email'] },
            { offsetDays: 0, tone: 'friendly', channels: ['email'] },
          ],
        },
      }),
    );
    expect((await lunas(dir, ['policy', 'set', '--customer', 'S2', '--file', file])).code).toBe(0);
    for (const ref of ['J1', 'S2', 'A3'])
      expect((await lunas(dir, ['sale', '--customer', ref, '--amount', '25000'])).code).toBe(0);

    // Three days before the due date (2026-03-09): Mas Andi gets his WhatsApp; the other two are listed to call.
    const ids = Object.fromEntries(
      await Promise.all(
        ['J1', 'S2'].map(async (ref) => [ref, (await lunas(dir, ['customer', 'show', ref])).json().id as string]),
      ),
    );
    const day = (await lunas(dir, ['collect'], '2026-03-06T02:00:00Z')).json();
    expect(day.reminders.map((r: { channel: string }) => r.channel)).toEqual(['whatsapp']);
    expect(day.unreachable).toEqual(
      expect.arrayContaining([
        {
          customerId: ids.J1,
          reason: 'no_phone_or_email',
          step: -3,
          channels: ['whatsapp', 'sms', 'email'],
          invoiceIds: [expect.any(String)],
          amountDue: 25000,
          items: [expect.objectContaining({ number: expect.stringMatching(/^INV-2026-/), amount: 25000 })],
        },
        {
          customerId: ids.S2,
          reason: 'no_channel_for_step',
          step: -3,
          channels: ['email'],
          invoiceIds: [expect.any(String)],
          amountDue: 25000,
          items: [expect.objectContaining({ number: expect.stringMatching(/^INV-2026-/), amount: 25000 })],
        },
      ]),
    );
    expect(day.unreachable).toHaveLength(2);
    expect(day.customerNames[ids.J1]).toBe('Pak Joko');
    const timeline = (await lunas(dir, ['timeline', 'J1'], '2026-03-06T03:00:00Z')).json();
    expect(timeline.events.map((e: { kind: string; date: string }) => [e.kind, e.date])).toContainEqual([
      'unreachable',
      '2026-03-06',
    ]);
    // The same day again, and the next day: nothing new (the step counts as handed to the owner).
    expect((await lunas(dir, ['collect'], '2026-03-06T09:00:00Z')).json().unreachable).toEqual([]);
    expect((await lunas(dir, ['collect'], '2026-03-07T02:00:00Z')).json().unreachable).toEqual([]);
    // On the due date the owner is asked again, by name, with the reason, in the words `lunas collect` prints.
    const dueDay = await human(['collect'], '2026-03-09T02:00:00Z');
    expect(dueDay.code).toBe(0);
    // In the business's language (Indonesian).
    expect(dueDay.text).toContain('Tidak dapat dikirimi pengingat, mohon ditelepon:');
    expect(dueDay.text).toMatch(
      /Pak Joko: Rp\s?25\.000 untuk INV-2026-\d+, tepat pada hari jatuh tempo \(tidak ada nomor telepon atau email\)/,
    );
    expect(dueDay.text).toContain('Bu Sri');
    expect(dueDay.text).toContain('langkah ini hanya dikirim lewat email, dan pelanggan tidak punya email');
    expect(dueDay.text).not.toMatch(/Mas Andi.*ditelepon/);
  });
});
