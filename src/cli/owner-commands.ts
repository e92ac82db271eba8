/**
 * The owner's commands of issue 13: `channel list|set|remove` (how the business
 * sends; secrets masked), `note add|list` (the communication log) and `today`
 * (the owner's list for the day).
 */
import type { Command } from 'commander';
import { type ChannelView, listChannels, removeChannel, setChannel } from '../app/channels.js';
import { NOTE_KINDS, type NoteKind, type NoteView, addNote, listNotes } from '../app/notes.js';
import { type TodayView, ownersDay } from '../app/today.js';
import { unreachableWhy } from '../app/timeline.js';
import { reasonText } from '../app/reasons.js';
import { shortMessageId } from '../core/delivery.js';
import { businessView } from '../app/views.js';
import type { TodaySection } from '../core/i18n/en.js';
import { t } from '../core/i18n/catalogue.js';
import { type Result, invalid, ok } from '../core/result.js';
import { readJsonFile } from './collection-commands.js';
import { type Run, defined, str, withBusiness } from './command-env.js';
import { type Io, type Speech, table } from './output.js';

/** `key=value` pairs of `--set`: text, except `true`/`false` and small whole numbers (a port); `key=` removes the key. */
export function configPairs(pairs: readonly string[]): Result<Record<string, unknown>> {
  const config: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return invalid({ set: t('cli.channel.bad_pair', { text: pair.includes('=') ? '=…' : pair.slice(0, 40) }) });
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1);
    config[key] =
      value === ''
        ? null
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : /^[1-9]\d{0,5}$/.test(value)
              ? Number(value)
              : value;
  }
  return ok(config);
}

function printChannels(io: Io, value: { channels: ChannelView[] }, { say }: Speech): void {
  for (const channel of value.channels) printChannel(io, channel, { say } as Speech);
}

function printChannel(io: Io, channel: ChannelView, { say }: Pick<Speech, 'say'>): void {
  const config = Object.entries(channel.config)
    .map(([field, value]) => `${field}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
  io.out(
    say(
      t('cli.channel.line', {
        channel: channel.channel,
        provider: channel.provider,
        enabled: channel.enabled,
        rate: channel.ratePerMinute,
        config,
        isDefault: channel.source === 'default',
      }),
    ),
  );
}

function printNotes(io: Io, value: { notes: NoteView[] }, { say }: Speech): void {
  if (value.notes.length === 0) {
    io.out(say(t('cli.note.empty')));
    return;
  }
  io.out(
    table(
      [say(t('label.column', { name: 'date' as never })), say(t('label.event', { kind: 'note' }))],
      value.notes.map((note) => [
        note.date,
        say(t('timeline.note', { kind: note.kind, outcome: note.outcome, text: note.text })),
      ]),
    ),
  );
}

/** Prints the owner's day: each section with its lines, or said plainly that it is empty. */
export function printToday(io: Io, day: TodayView & { businessName: string }, { say }: Speech): void {
  io.out(say(t('cli.today.title', { business: day.businessName, date: day.date })));
  const who = (item: { customer: string; ref: string | null }) => (item.ref ? `${item.customer} (${item.ref})` : item.customer);
  const section = <T>(name: TodaySection, items: readonly T[], line: (item: T) => string) => {
    io.out('');
    if (items.length === 0) {
      io.out(say(t('cli.today.none', { section: name })));
      return;
    }
    io.out(say(t('cli.today.section', { section: name, count: items.length })));
    for (const item of items) io.out(line(item));
  };
  section('toTap', day.toTap, (m) =>
    say(
      t('cli.today.to_tap', {
        id: shortMessageId(m.messageId),
        purpose: t('outbox.purpose', { purpose: m.purpose }),
        written: m.writtenOn,
        customer: who(m),
        amount: m.amount,
        link: m.link,
      }),
    ),
  );
  section('unreachable', day.unreachable, (c) =>
    say(
      t('cli.today.unreachable', {
        customer: who(c),
        phone: c.phone,
        balance: c.balance,
        reason: unreachableWhy(c.reason, c.channels, c.phone),
      }),
    ),
  );
  section('promisesDueToday', day.promisesDueToday, (p) =>
    say(t('cli.today.promise_due', { customer: who(p), amount: p.amount, paid: p.paid })),
  );
  section('promisesBroken', day.promisesBroken, (p) =>
    say(t('cli.today.promise_broken', { customer: who(p), amount: p.amount, paid: p.paid, date: p.date })),
  );
  section('plansDefaulted', day.plansDefaulted, (p) =>
    say(t('cli.today.plan_defaulted', { customer: who(p), total: p.total, date: p.closedOn })),
  );
  section('paymentsToVerify', day.paymentsToVerify, (r) =>
    say(
      t('cli.today.payment_to_verify', {
        customer: who(r),
        amount: r.amount,
        reference: r.reference,
        date: r.paidOn,
        invoice: r.invoice,
      }),
    ),
  );
  section('disputesOpen', day.disputesOpen, (d) =>
    say(t('cli.today.dispute', { customer: who(d), invoice: d.invoice, reason: d.reason, date: d.openedOn })),
  );
  section('writeOffSuggestions', day.writeOffSuggestions, (w) =>
    say(t('cli.today.write_off', { customer: who(w), invoice: w.invoice, amount: w.outstanding, days: w.daysOverdue })),
  );
  section('failedMessages', day.failedMessages, (m) =>
    say(t('cli.today.failed', { customer: who(m), channel: m.channel, recipient: m.recipient, error: reasonText(m.error) })),
  );
}

export function registerOwnerCommands(program: Command, run: Run): void {
  const channel = program.command('channel').description('how the business sends messages (owner): list, set, remove');
  channel
    .command('list')
    .description('each channel: provider, on or off, rate limit, configuration (secrets masked)')
    .action(run((env) => withBusiness(env, (business) => listChannels(env.app, business)), printChannels));
  channel
    .command('set <channel>')
    .description('set a channel (whatsapp, sms, email): its provider, configuration, rate limit, on or off')
    .option('--provider <provider>', 'wa_link, whatsapp_cloud, fonnte, sms_http, twilio or smtp')
    .option('--config <file>', 'a JSON file with the configuration fields')
    .option('--set <pairs...>', 'configuration fields as key=value (key= removes one)')
    .option('--rate <n>', 'at most N messages a minute')
    .option('--enable', 'turn the channel on')
    .option('--disable', 'turn the channel off')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, [name]) => {
          let config: Record<string, unknown> | undefined;
          if (opts.config !== undefined) {
            const file = readJsonFile(str(opts.config) ?? '');
            if (!file.ok) return Promise.resolve(file);
            if (typeof file.value !== 'object' || file.value === null || Array.isArray(file.value))
              return Promise.resolve(invalid({ config: t('cli.channel.bad_file', { file: str(opts.config) ?? '' }) }));
            config = file.value as Record<string, unknown>;
          }
          if (Array.isArray(opts.set)) {
            const pairs = configPairs(opts.set);
            if (!pairs.ok) return Promise.resolve(pairs);
            config = { ...config, ...pairs.value };
          }
          const rate = str(opts.rate);
          return withBusiness(env, (business) =>
            setChannel(env.app, business, {
              channel: (name ?? '') as never,
              ...defined({
                provider: str(opts.provider) as never,
                config,
                ratePerMinute: rate === undefined ? undefined : rate === 'none' ? null : Number(rate),
                enabled: opts.enable === true ? true : opts.disable === true ? false : undefined,
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          );
        },
        (io: Io, value: ChannelView, speech: Speech) => printChannel(io, value, speech),
      ),
    );
  channel
    .command('remove <channel>')
    .description("remove a channel's settings (WhatsApp goes back to click-to-chat links)")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, [name]) =>
          withBusiness(env, (business) =>
            removeChannel(env.app, business, {
              channel: (name ?? '') as never,
              ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        (io: Io, value: { channel: string }, { say }: Speech) =>
          io.out(say(t('cli.channel.removed', { channel: value.channel }))),
      ),
    );

  const note = program.command('note').description('the communication log: calls, visits, notes, replies');
  note
    .command('add <customer> <text...>')
    .description("record a call, visit, note or reply on the customer's timeline")
    .requiredOption('--kind <kind>', NOTE_KINDS.join(', '))
    .option('--outcome <outcome>', 'answered, no_answer, promised, refused, wrong_number, busy, left_message, paid')
    .option('--date <date>', 'YYYY-MM-DD; today when not given')
    .option('--idempotency-key <key>')
    .action(
      run(
        async (env, opts, positional) => {
          const [customer, ...words] = positional;
          const result = await withBusiness(env, (business) =>
            addNote(env.app, business, {
              customer: customer ?? '',
              kind: (str(opts.kind) ?? '') as NoteKind,
              text: words.join(' '),
              ...defined({
                outcome: str(opts.outcome) as never,
                date: str(opts.date),
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          );
          return result.ok ? ok({ ...result.value, customerText: customer ?? '' }) : result;
        },
        (io: Io, value: NoteView & { customerText: string }, { say }: Speech) =>
          io.out(say(t('cli.note.added', { kind: value.kind, customer: value.customerText, date: value.date }))),
      ),
    );
  note
    .command('list <customer>')
    .description("the customer's notes, newest first")
    .option('--kind <kinds...>', NOTE_KINDS.join(', '))
    .action(
      run(
        (env, opts, [customer]) =>
          withBusiness(env, (business) =>
            listNotes(env.app, business, customer ?? '', Array.isArray(opts.kind) ? (opts.kind as NoteKind[]) : undefined),
          ),
        printNotes,
      ),
    );

  program
    .command('today')
    .description("the owner's list for today: messages to send by tap, customers to call, promises, plans, reports, disputes")
    .action(
      run(
        (env) =>
          withBusiness(env, async (business) => {
            const day = await ownersDay(env.app, business);
            return day.ok && !env.config.json ? ok({ ...day.value, businessName: businessView(business).name }) : day;
          }),
        printToday,
      ),
    );
}
