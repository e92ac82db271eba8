/** Commands of the collection engine: policy, collect, promises, disputes, reported payments, plans, timeline. */
import fs from 'node:fs';
import type { Command } from 'commander';
import type { CollectReport, ReminderItem, RunReport } from '../app/collection.js';
import { collect } from '../app/collection.js';
import {
  type DisputeRecord,
  type PendingRecord,
  type PlanRecord,
  type PromiseRecord,
  type TimelineView,
  createPlan,
  customerTimeline,
  listDisputes,
  listPromises,
  listReports,
  openDispute,
  recordPromise,
  reportPayment,
  settleDispute,
  verifyPendingPayment,
} from '../app/commitments.js';
import { waiveFee } from '../app/fee-waivers.js';
import { TIMELINE_GROUP_NAMES, type TimelineGroup, describeEvent } from '../app/timeline.js';
import { setPolicy, showPolicy } from '../app/policies.js';
import { invalid } from '../core/result.js';
import { decodeUtf8, parseStrictJson } from '../core/text.js';
import {
  type CommandEnv,
  type Names,
  type Run,
  NO_NAMES,
  defined,
  integerFlag,
  str,
  withBusiness,
  withNames,
} from './command-env.js';
import type { Business } from '../core/parties.js';
import type { Result } from '../core/result.js';
import { type Io, type Speech, table } from './output.js';
import { type Column, type Text, storedText, t } from '../core/i18n/catalogue.js';

/** A JSON file read strictly, as the API reads bodies: UTF-8 only, each key once (core/text.ts). */
export function readJsonFile(file: string): { ok: true; value: unknown } | ReturnType<typeof invalid> {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return invalid({ file: t('file.cannot_read', { file: `${file}: ${(error as Error).message}` }) });
  }
  const text = decodeUtf8(bytes);
  if (!text.ok) return invalid({ file: text.reason });
  const json = parseStrictJson(text.text);
  if (json.ok) return { ok: true, value: json.value };
  if (json.syntaxError !== undefined) return invalid({ file: t('file.not_json', { file, detail: json.syntaxError }) });
  // Too deep is about the whole file, not a key in it.
  return invalid({ [json.reason.key === 'text.too_deep' ? 'file' : json.field]: json.reason });
}

function hasEffects(report: RunReport): boolean {
  const lists = [
    report.reminders,
    report.fees,
    report.holds,
    report.limitChanges,
    report.writeOffSuggestions,
    report.plans,
    report.promises,
    report.unreachable,
  ];
  return lists.some((list) => list.length > 0);
}

function printDay(io: Io, report: RunReport, { say }: Speech): void {
  const who = (customerId: string) => report.customerNames[customerId] ?? customerId;
  const invoice = (invoiceId: string) => report.invoiceNumbers?.[invoiceId] ?? invoiceId;
  const mode = report.lookBack ? 'recorded' : report.dryRun ? 'would' : 'did';
  io.out(say(t('cli.run.day', { mode, date: report.asOf })));
  for (const r of report.reminders)
    io.out(
      say(
        t('cli.run.reminder', {
          tone: r.tone,
          channel: r.channel,
          customer: who(r.customerId),
          amount: r.amountDue,
          items: reminderItems(r, invoice),
          step: r.step,
        }),
      ),
    );
  for (const f of report.fees)
    io.out(say(t('cli.run.fee', { amount: f.amount, invoice: invoice(f.invoiceId), period: f.period, date: f.date })));
  for (const h of report.holds)
    io.out(say(t('cli.run.status', { action: h.action, customer: who(h.customerId), reason: storedText(h.reason) })));
  for (const l of report.limitChanges)
    io.out(say(t('cli.run.limit', { customer: who(l.customerId), from: l.from, to: l.to, reason: storedText(l.reason) })));
  for (const w of report.writeOffSuggestions)
    io.out(
      say(t('cli.run.write_off_suggested', { invoice: invoice(w.invoiceId), customer: who(w.customerId), days: w.daysOverdue })),
    );
  for (const p of report.plans)
    io.out(
      say(
        t('cli.run.plan', {
          customer: who(p.customerId),
          outcome: p.outcome,
          missedSeq: p.missedSeq ?? null,
          shortfall: p.shortfall ?? null,
        }),
      ),
    );
  for (const p of report.promises)
    io.out(say(t('cli.run.promise', { customer: who(p.customerId), outcome: p.outcome, paid: p.paid, amount: p.amount })));
  if (report.unreachable.length > 0) io.out(say(t('cli.run.unreachable_title')));
  for (const u of report.unreachable)
    io.out(
      say(
        t('cli.run.unreachable', {
          customer: who(u.customerId),
          amount: u.amountDue,
          items: reminderItems(u, invoice),
          step: u.step,
          reason: unreachableReason(u),
        }),
      ),
    );
  if (!hasEffects(report)) io.out(say(t(report.lookBack ? 'cli.run.nothing' : 'cli.run.nothing_new')));
}

/**
 * What a reminder lists, for people: invoices by number, instalments as `instalment 1/3 of the
 * payment plan`. A reminder recorded before its items were (a look back at an old day) names its
 * invoices, or, having none, an instalment.
 */
export function reminderItems(
  reminder: { invoiceIds: readonly string[]; items?: readonly ReminderItem[] | undefined },
  invoice: (invoiceId: string) => string,
): Text[] {
  if (reminder.items)
    return reminder.items.map((item) =>
      item.instalment
        ? t('cli.run.instalment', item.instalment)
        : t('reminder.invoice', { number: item.number ?? invoice(item.invoiceId ?? '') }),
    );
  return reminder.invoiceIds.length > 0
    ? reminder.invoiceIds.map((id) => t('reminder.invoice', { number: invoice(id) }))
    : [t('cli.run.instalment_unnamed')];
}

function unreachableReason(notice: RunReport['unreachable'][number]): Text {
  if (notice.reason === 'no_phone_or_email') return t('cli.run.no_contact');
  if (notice.reason === 'no_channel_for_step')
    return t('cli.run.channel_missing', {
      channels: notice.channels,
      missing: notice.channels.includes('email') ? 'email' : 'phone',
    });
  return t('reach.why', { reason: notice.reason, channels: notice.channels, phone: null });
}

type Named<T> = T & { names?: Names };

/** Runs `body` with the chosen business and, for people, looks up the names of what its result names by id. */
function named<T>(
  env: CommandEnv,
  ids: (value: T) => { customerIds?: readonly string[]; invoiceIds?: readonly string[] },
  body: (business: Business) => Promise<Result<T>>,
) {
  return withBusiness(env, async (business) => withNames(env, business, await body(business), ids));
}
const ofCustomer = (value: { customerId: string }) => ({ customerIds: [value.customerId] });
const ofInvoice = (value: { customerId: string; invoiceId: string | null }) => ({
  customerIds: [value.customerId],
  invoiceIds: value.invoiceId ? [value.invoiceId] : [],
});
const namesOf = (value: { names?: Names }): Names => value.names ?? NO_NAMES;

function printPromise(io: Io, promise: Named<PromiseRecord>, { say }: Speech): void {
  const names = namesOf(promise);
  io.out(
    say(
      t('cli.promise.made', { customer: names.customer(promise.customerId), amount: promise.amount, date: promise.promisedDate }),
    ),
  );
}

function printDispute(io: Io, dispute: Named<DisputeRecord & { creditAmount?: number }>, { say }: Speech): void {
  const names = namesOf(dispute);
  const invoice = names.invoice(dispute.invoiceId);
  if (dispute.status === 'open')
    io.out(say(t('cli.dispute.opened', { invoice, customer: names.customer(dispute.customerId), reason: dispute.reason })));
  else io.out(say(t('cli.dispute.closed', { invoice, outcome: dispute.status, credit: dispute.creditAmount ?? 0 })));
}

function printReport(io: Io, report: Named<PendingRecord>, { say }: Speech): void {
  const names = namesOf(report);
  const customer = names.customer(report.customerId);
  const common = { customer, amount: report.amount, reference: report.reference, paidOn: report.paidOn };
  if (report.status === 'pending')
    io.out(
      say(
        t('cli.pending.reported', {
          ...common,
          method: report.method,
          handle: report.reference ?? names.customerRef(report.customerId) ?? report.id,
        }),
      ),
    );
  else io.out(say(t('cli.pending.closed', { ...common, outcome: report.status })));
}

function printPlan(io: Io, plan: Named<PlanRecord>, { say }: Speech): void {
  const names = namesOf(plan);
  const count = plan.instalments.length;
  io.out(
    say(
      t('cli.plan.agreed', {
        customer: names.customer(plan.customerId),
        total: plan.total,
        count,
        invoices: plan.invoiceIds.map((id) => names.invoice(id)),
      }),
    ),
  );
  for (const instalment of plan.instalments)
    io.out(say(t('cli.plan.instalment', { seq: instalment.seq, count, date: instalment.dueDate, amount: instalment.amount })));
}

type ListInput = { status?: string; customer?: string; limit?: number };

/** `<group> list [--status S] [--customer C] [--limit N]`: a list of commitments for people, names looked up. */
function listCommand<T extends { customerId: string; invoiceId?: string | null }, K extends string>(
  group: Command,
  run: Run,
  description: string,
  statuses: string,
  key: K,
  list: (app: CommandEnv['app'], business: Business, input: ListInput) => Promise<Result<Record<K, T[]>>>,
  printer: (io: Io, rows: readonly T[], names: Names, speech: Speech) => void,
): void {
  group
    .command('list')
    .description(description)
    .option('--status <status>', statuses)
    .option('--customer <nameOrRef>')
    .option('--limit <n>', 'at most this many', '100')
    .action(
      run(
        (env, opts) =>
          named(
            env,
            (page: Record<K, T[]>) => ({
              customerIds: page[key].map((row) => row.customerId),
              invoiceIds: page[key].flatMap((row) => (row.invoiceId ? [row.invoiceId] : [])),
            }),
            (business) =>
              list(env.app, business, {
                limit: integerFlag(str(opts.limit)) ?? Number.NaN,
                ...defined({ status: str(opts.status), customer: str(opts.customer) }),
              }),
          ),
        (io, page: Named<Record<K, T[]>>, speech) => printer(io, page[key], namesOf(page), speech),
      ),
    );
}

function printReports(io: Io, rows: readonly PendingRecord[], names: Names, { say, money }: Speech): void {
  const columns: Column[] = ['date', 'customer', 'amount', 'method', 'reference', 'invoice', 'status'];
  io.out(
    table(
      columns.map((name) => say(t('label.column', { name }))),
      rows.map((r) => [
        r.paidOn,
        names.customer(r.customerId),
        money(r.amount),
        say(t('label.method', { method: r.method })),
        r.reference ?? '-',
        r.invoiceId ? names.invoice(r.invoiceId) : '-',
        say(t('label.status', { status: r.status })),
      ]),
      new Set([2]),
    ),
  );
  io.out(say(t('cli.pending.list_summary', { count: rows.length })));
}

function printDisputes(io: Io, rows: readonly DisputeRecord[], names: Names, { say }: Speech): void {
  const columns: Column[] = ['opened', 'invoice', 'customer', 'reason', 'status'];
  io.out(
    table(
      columns.map((name) => say(t('label.column', { name }))),
      rows.map((d) => [
        d.openedOn,
        names.invoice(d.invoiceId),
        names.customer(d.customerId),
        d.reason,
        say(d.status === 'open' ? t('label.open_commitment') : t('label.status', { status: d.status })),
      ]),
    ),
  );
  io.out(say(t('cli.dispute.list_summary', { count: rows.length })));
}

function printPromises(io: Io, rows: readonly PromiseRecord[], names: Names, { say, money }: Speech): void {
  const columns: Column[] = ['promised', 'customer', 'amount', 'paid', 'status'];
  io.out(
    table(
      columns.map((name) => say(t('label.column', { name }))),
      rows.map((p) => [
        p.promisedDate,
        names.customer(p.customerId),
        money(p.amount),
        money(p.paid),
        say(p.status === 'open' ? t('label.open_commitment') : t('label.status', { status: p.status })),
      ]),
      new Set([2, 3]),
    ),
  );
  io.out(say(t('cli.promise.list_summary', { count: rows.length })));
}

export function registerCollectionCommands(program: Command, run: Run): void {
  const policy = program.command('policy').description('the collection policy (terms, fees, discount, reminders, escalations)');
  policy
    .command('show')
    .description('the policy in force, as JSON, with its history')
    .option('--customer <nameOrRef>', "a customer's own policy (else the business's)")
    .action(run((env, opts) => withBusiness(env, (business) => showPolicy(env.app, business, str(opts.customer)))));
  policy
    .command('set')
    .description('write a new version from a JSON file; sections left out keep their current value')
    .requiredOption('--file <file>', 'POLICY.json (see the README)')
    .option('--customer <nameOrRef>', "set a customer's own policy")
    .option('--reason <text>')
    .action(
      run((env, opts) => {
        const file = readJsonFile(str(opts.file) ?? '');
        if (!file.ok) return Promise.resolve(file);
        return withBusiness(env, (business) =>
          setPolicy(env.app, business, {
            policy: file.value as never,
            ...defined({ customer: str(opts.customer), reason: str(opts.reason) }),
          }),
        );
      }),
    );

  program
    .command('collect')
    .description('the collection run for a day: fees, reminders, holds (missed days are caught up first)')
    .option('--as-of <date>', 'YYYY-MM-DD (default today)')
    .option('--dry-run', 'show what it would do; write nothing')
    .action(
      run(
        (env, opts) =>
          withBusiness(env, (business) =>
            collect(env.app, business, defined({ asOf: str(opts.asOf), dryRun: opts.dryRun === true })),
          ),
        (io, report: CollectReport, speech) => {
          const { say } = speech;
          if (report.lookBack) io.out(say(t('cli.run.look_back', { date: report.asOf, latest: report.lookBack.latestRun })));
          else {
            if (report.lookPast) io.out(say(t('cli.run.look_past', { date: report.asOf, today: report.lookPast.today })));
            if (report.caughtUp.length > 0)
              io.out(
                say(
                  report.dryRun
                    ? t('cli.run.dry_run_catch_up', { days: report.caughtUp.length })
                    : t('cli.run.caught_up', { days: report.caughtUp.length }),
                ),
              );
          }
          for (const day of report.caughtUp.filter(hasEffects)) printDay(io, day, speech);
          printDay(io, report, speech);
        },
      ),
    );

  program
    .command('fee')
    .description('late fees')
    .command('waive')
    .description("waive one period's late fee on an open invoice, with a reason (the fee's entry is reversed)")
    .requiredOption('--invoice <id>')
    .requiredOption('--period <n>', 'the fee period (1 is the first)')
    .requiredOption('--reason <text>')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          named(
            env,
            (waiver: { invoiceId: string }) => ({ invoiceIds: [waiver.invoiceId] }),
            (business) =>
              waiveFee(env.app, business, {
                invoice: str(opts.invoice) ?? '',
                period: integerFlag(str(opts.period)) ?? Number.NaN,
                reason: str(opts.reason) ?? '',
                ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
              }),
          ),
        (io, waiver: Named<{ invoiceId: string; period: number; amount: number; outstanding: number }>, { say }) =>
          io.out(
            say(
              t('cli.fee.waived', {
                invoice: namesOf(waiver).invoice(waiver.invoiceId),
                period: waiver.period,
                amount: waiver.amount,
                outstanding: waiver.outstanding,
              }),
            ),
          ),
      ),
    );

  const promise = program.command('promise').description('promises to pay');
  promise
    .command('add')
    .requiredOption('--customer <nameOrRef>')
    .requiredOption('--date <date>', 'the promised date')
    .requiredOption('--amount <amount>', 'minor units')
    .option('--channel <channel>', 'whatsapp, sms, email, phone, visit, other')
    .option('--note <text>')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          named(env, ofCustomer, (business) =>
            recordPromise(env.app, business, {
              customer: str(opts.customer) ?? '',
              date: str(opts.date) ?? '',
              amount: integerFlag(str(opts.amount)) ?? Number.NaN,
              ...defined({ channel: str(opts.channel) as never, note: str(opts.note), idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        printPromise,
      ),
    );
  listCommand(
    promise,
    run,
    'promises to pay, by promised date (open ones unless --status)',
    'open, kept, partly_kept, broken, cancelled or all',
    'promises',
    listPromises,
    printPromises,
  );

  const dispute = program.command('dispute').description('disputed invoices');
  dispute
    .command('open')
    .requiredOption('--invoice <id>')
    .requiredOption('--reason <text>')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          named(env, ofInvoice, (business) =>
            openDispute(env.app, business, {
              invoice: str(opts.invoice) ?? '',
              reason: str(opts.reason) ?? '',
              ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        printDispute,
      ),
    );
  listCommand(
    dispute,
    run,
    'disputes, newest first (open ones unless --status)',
    'open, resolved, rejected or all',
    'disputes',
    listDisputes,
    printDisputes,
  );
  for (const outcome of ['resolve', 'reject'] as const)
    dispute
      .command(`${outcome} <invoiceOrDispute>`)
      .description(outcome === 'resolve' ? 'resolve by a credit note of --credit amount' : 'reject: collection resumes')
      .requiredOption('--note <text>')
      .option('--credit <amount>', 'minor units to credit')
      .option('--idempotency-key <key>')
      .action(
        run(
          (env, opts, positional) =>
            named(env, ofInvoice, (business) =>
              settleDispute(env.app, business, {
                dispute: positional[0] ?? '',
                outcome: outcome === 'resolve' ? 'resolved' : 'rejected',
                note: str(opts.note) ?? '',
                ...defined({ creditAmount: integerFlag(str(opts.credit)), idempotencyKey: str(opts.idempotencyKey) }),
              }),
            ),
          printDispute,
        ),
      );

  const pending = program.command('pending').description('payments customers reported, waiting to be verified');
  pending
    .command('add')
    .requiredOption('--customer <nameOrRef>')
    .requiredOption('--amount <amount>')
    .requiredOption('--method <method>')
    .option('--provider <provider>')
    .option('--invoice <id>')
    .option('--reference <text>')
    .option('--note <text>')
    .option('--date <date>', 'the day the customer says they paid (default today)')
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          named(env, ofInvoice, (business) =>
            reportPayment(env.app, business, {
              customer: str(opts.customer) ?? '',
              amount: integerFlag(str(opts.amount)) ?? Number.NaN,
              method: str(opts.method) as never,
              ...defined({
                provider: str(opts.provider),
                invoice: str(opts.invoice),
                reference: str(opts.reference),
                note: str(opts.note),
                date: str(opts.date),
                allowOldDate: opts.allowOldDate === true ? true : undefined,
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        printReport,
      ),
    );
  listCommand(
    pending,
    run,
    'reported payments, newest first (those waiting to be checked unless --status)',
    'pending, verified, rejected or all',
    'pendingPayments',
    listReports,
    printReports,
  );
  for (const outcome of ['verify', 'reject'] as const)
    pending
      .command(`${outcome} <reference>`)
      .description(`${outcome} a reported payment, named by its reference, its customer (with one report waiting) or its id`)
      .option('--note <text>')
      .option('--date <date>', 'verify: the day the payment is booked on (default: the day the customer reported)')
      .option('--idempotency-key <key>')
      .action(
        run(
          (env, opts, positional) =>
            named(env, ofInvoice, (business) =>
              verifyPendingPayment(env.app, business, {
                pending: positional[0] ?? '',
                outcome: outcome === 'verify' ? 'verified' : 'rejected',
                ...defined({ note: str(opts.note), date: str(opts.date), idempotencyKey: str(opts.idempotencyKey) }),
              }),
            ),
          printReport,
        ),
      );

  program
    .command('plan')
    .description('agree a payment plan on open invoices')
    .requiredOption('--customer <nameOrRef>')
    .requiredOption('--frequency <f>', 'weekly, fortnightly or monthly')
    .requiredOption('--first <date>', 'date of the first instalment')
    .option('--instalments <n>', 'number of equal instalments')
    .option('--amounts <list>', 'agreed instalment amounts, comma separated')
    .option('--invoice <id...>', 'the invoices covered (default: all open)')
    .option('--note <text>')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          named(
            env,
            (plan: PlanRecord) => ({ customerIds: [plan.customerId], invoiceIds: plan.invoiceIds }),
            (business) =>
              createPlan(env.app, business, {
                customer: str(opts.customer) ?? '',
                frequency: str(opts.frequency) as never,
                firstDate: str(opts.first) ?? '',
                ...defined({
                  instalments: integerFlag(str(opts.instalments)),
                  amounts: str(opts.amounts)
                    ?.split(',')
                    .map((part) => integerFlag(part) ?? Number.NaN) as never,
                  invoices: Array.isArray(opts.invoice) ? opts.invoice : undefined,
                  note: str(opts.note),
                  idempotencyKey: str(opts.idempotencyKey),
                }),
              }),
          ),
        printPlan,
      ),
    );

  program
    .command('timeline <idOrRef>')
    .description("a customer's timeline: reminders, messages and their delivery, notes, fees, holds, promises, plans, disputes")
    .option('--kind <groups...>', `only these: ${TIMELINE_GROUP_NAMES.join(', ')}`)
    .action(
      run(
        (env, opts, positional) =>
          withBusiness(env, (business) =>
            customerTimeline(env.app, business, positional[0] ?? '', {
              kinds: Array.isArray(opts.kind)
                ? (opts.kind.flatMap((kind) => kind.split(',')).map((kind) => kind.trim()) as TimelineGroup[])
                : undefined,
            }),
          ),
        (io, timeline: TimelineView, speech) => {
          const { say } = speech;
          if (timeline.events.length === 0) {
            io.out(say(t('cli.timeline.empty')));
            return;
          }
          const columns: Column[] = ['date', 'event', 'details'];
          io.out(
            table(
              columns.map((name) => say(t('label.column', { name }))),
              timeline.events.map((event) => [
                event.date,
                say(t('label.event', { kind: event.kind })),
                say(
                  describeEvent(event, {
                    invoice: (id) => timeline.invoiceNumbers[id] ?? id,
                    reported: (id) => timeline.reportedPayments[id],
                  }),
                ),
              ]),
            ),
          );
        },
      ),
    );
}
