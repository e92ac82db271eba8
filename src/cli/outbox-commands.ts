/**
 * The owner's outbox (issue 13): `outbox list|show|retry|cancel|open`, and
 * `send --once`, the dispatcher's single pass for scripts.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Command } from 'commander';
import { dispatchOnce, type DispatchCounts, providerRegistry } from '../app/dispatch.js';
import {
  type MessageDetail,
  type MessageView,
  cancelOutboxMessage,
  listMessages,
  openOutboxMessage,
  retryOutboxMessage,
  showMessage,
} from '../app/outbox.js';
import { reasonText } from '../app/reasons.js';
import { localDateTime } from '../core/delivery.js';
import { type Text, t } from '../core/i18n/catalogue.js';
import type { Business } from '../core/parties.js';
import { invalid } from '../core/result.js';
import { type Run, defined, integerFlag, str } from './command-env.js';
import { type Io, type Speech, table } from './output.js';

/** A lease owner no other dispatcher has: the host, the process and a random part. */
export function dispatcherId(kind: string): string {
  return `${kind}:${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** The first line of a text, cut to fit a table cell. */
function firstLine(text: string, width = 40): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function when(instant: string, business: Business): Text {
  return t('outbox.when', localDateTime(instant, business.timeZone));
}

function printList(
  io: Io,
  business: Business,
  page: { messages: MessageView[]; nextCursor: string | null },
  { say }: Speech,
): void {
  if (page.messages.length === 0) {
    io.out(say(t('cli.outbox.empty')));
    return;
  }
  const columns = ['id', 'customer', 'channel', 'to', 'status', 'purpose', 'text', 'when'] as const;
  io.out(
    table(
      columns.map((name) => say(t('outbox.column', { name }))),
      page.messages.map((m) => [
        m.shortId,
        m.customerRef ? `${m.customerName} (${m.customerRef})` : m.customerName,
        say(t('outbox.channel', { channel: m.channel })),
        m.to,
        say(t('outbox.status', { status: m.status })),
        `${say(t('outbox.purpose', { purpose: m.purpose }))}${m.invoiceNumbers.length > 0 ? ` ${m.invoiceNumbers.join(', ')}` : ''}`,
        firstLine(m.body),
        say(when(m.updatedAt, business)),
      ]),
    ),
  );
  if (page.nextCursor) io.out(say(t('cli.outbox.more', { cursor: page.nextCursor })));
}

function printDetail(io: Io, business: Business, m: MessageDetail, { say }: Speech): void {
  const customer = m.customerRef ? `${m.customerName} (${m.customerRef})` : m.customerName;
  io.out(say(t('cli.outbox.heading', { shortId: m.shortId, customer, channel: m.channel, to: m.to, status: m.status })));
  io.out(say(t('cli.outbox.about', { purpose: m.purpose, invoices: m.invoiceNumbers })));
  if (m.status === 'queued' && m.notBefore) io.out(say(t('cli.outbox.waits', { when: when(m.notBefore, business) })));
  const reason = ['failed', 'cancelled', 'queued'].includes(m.status) ? reasonText(m.lastError) : null;
  if (reason) io.out(say(t('cli.outbox.error', { reason })));
  if (m.link) io.out(say(t('cli.outbox.link', { link: m.link })));
  if (m.subject && m.channel === 'email') io.out(say(t('cli.outbox.subject', { subject: m.subject })));
  io.out(say(t('cli.outbox.text_title')));
  io.out(m.body);
  io.out(say(t('cli.outbox.history_title')));
  for (const entry of m.history) {
    const d = entry.detail;
    const event = t('outbox.event', {
      status: entry.status,
      reason: reasonText(d.reason),
      channel: typeof d.channel === 'string' ? d.channel : null,
      until: typeof d.until === 'string' ? when(d.until, business) : null,
      attempt: typeof d.attempt === 'number' ? d.attempt : null,
      opened: d.opened === true,
    });
    io.out(say(t('cli.outbox.history_line', { when: when(entry.at, business), event, actor: entry.actor })));
  }
}

export function registerOutboxCommands(program: Command, run: Run): void {
  const outbox = program.command('outbox').description('the messages to customers: what went, what waits, what failed');

  outbox
    .command('list')
    .description('messages, newest first, with their status')
    .option('--status <status>', 'queued, sending, sent, delivered, read, to_tap, failed or cancelled')
    .option('--customer <idOrRef>')
    .option('--purpose <purpose>', 'reminder, receipt, …')
    .option('--date <date>', "one day (YYYY-MM-DD, the business's calendar)")
    .option('--limit <n>', 'at most this many', '100')
    .option('--after <cursor>', 'the next page')
    .action(
      run(
        async (env, opts) => {
          const business = await env.business();
          if (!business.ok) return business;
          const page = await listMessages(env.app, business.value, {
            limit: integerFlag(str(opts.limit)) ?? Number.NaN,
            ...defined({
              status: str(opts.status) as never,
              customer: str(opts.customer),
              purpose: str(opts.purpose),
              date: str(opts.date),
              after: str(opts.after),
            }),
          });
          return page.ok ? { ok: true, value: { ...page.value, business: business.value } } : page;
        },
        (io, value: { messages: MessageView[]; nextCursor: string | null; business: Business }, speech) =>
          printList(io, value.business, value, speech),
      ),
    );

  const detailed = (
    name: string,
    description: string,
    action: (
      env: Parameters<Parameters<Run>[0]>[0],
      business: Business,
      id: string,
      opts: Record<string, unknown>,
    ) => Promise<unknown>,
    done?: (m: MessageDetail) => Text,
  ) => {
    const command = outbox.command(`${name} <id>`).description(description);
    if (name === 'cancel') command.option('--reason <text>', 'why (kept in the history)');
    if (name !== 'show') command.option('--idempotency-key <key>');
    command.action(
      run(
        async (env, opts, positional) => {
          const business = await env.business();
          if (!business.ok) return business;
          const result = (await action(env, business.value, positional[0] as string, opts)) as
            { ok: true; value: MessageDetail } | { ok: false };
          return result.ok ? { ok: true, value: { message: result.value, business: business.value } } : (result as never);
        },
        (io, value: { message: MessageDetail; business: Business }, speech) => {
          if (done) io.out(speech.say(done(value.message)));
          else printDetail(io, value.business, value.message, speech);
        },
      ),
    );
  };

  detailed('show', 'one message: its whole text, link and history', (env, business, id) => showMessage(env.app, business, id));
  detailed(
    'retry',
    'queue a failed or cancelled message again',
    (env, business, id, opts) =>
      retryOutboxMessage(env.app, business, { id, ...defined({ idempotencyKey: str(opts.idempotencyKey as never) }) }),
    (m) => t('cli.outbox.retried', { shortId: m.shortId }),
  );
  detailed(
    'cancel',
    'cancel a message that has not gone',
    (env, business, id, opts) =>
      cancelOutboxMessage(env.app, business, {
        id,
        ...defined({ reason: str(opts.reason as never), idempotencyKey: str(opts.idempotencyKey as never) }),
      }),
    (m) => t('cli.outbox.cancelled', { shortId: m.shortId }),
  );
  detailed(
    'open',
    'record a click-to-chat message as sent (you open its link) and print the link',
    (env, business, id, opts) =>
      openOutboxMessage(env.app, business, { id, ...defined({ idempotencyKey: str(opts.idempotencyKey as never) }) }),
    (m) => t('cli.outbox.opened', { shortId: m.shortId, link: m.link ?? '' }),
  );

  program
    .command('send')
    .description('the dispatcher, once: send what is due now, then exit (for scripts; `lunas worker` keeps sending)')
    .option('--once', 'one pass (the default)')
    .option('--limit <n>', 'at most this many messages', '1000')
    .action(
      run(
        async (env, opts) => {
          const limit = integerFlag(str(opts.limit)) ?? Number.NaN;
          if (!Number.isInteger(limit) || limit < 1 || limit > 100_000)
            return invalid({ limit: t('field.number_range', { min: 1, max: 100_000 }) });
          const owner = dispatcherId('send');
          const total: DispatchCounts = {
            claimed: 0,
            sent: 0,
            toTap: 0,
            retried: 0,
            failed: 0,
            cancelled: 0,
            held: 0,
            uncertain: 0,
          };
          // Passes until nothing is due (or the limit is reached): a fallback queued by one pass goes in the next.
          const providers = providerRegistry(env.app);
          try {
            while (total.claimed < limit) {
              const counts = await dispatchOnce(env.app, { owner, limit: Math.min(100, limit - total.claimed), providers });
              for (const key of Object.keys(total) as (keyof DispatchCounts)[]) total[key] += counts[key];
              if (counts.claimed === 0 || counts.claimed === counts.held) break;
            }
          } finally {
            await providers.close();
          }
          return { ok: true, value: total };
        },
        (io, counts: DispatchCounts, { say }) => io.out(say(t('cli.send.counts', counts))),
      ),
    );
}
