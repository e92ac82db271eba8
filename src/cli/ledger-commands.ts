/** Commands that record: customers, sales, invoices, payments and corrections. */
import type { Command } from 'commander';
import { type Result, invalid, ok } from '../core/result.js';
import {
  type DisputeRecord,
  type PendingRecord,
  type PromiseRecord,
  listDisputes,
  listPromises,
  listReports,
} from '../app/commitments.js';
import { unreachableWhy } from '../app/timeline.js';
import { addCustomer, listCustomers, setHold, showCustomer, updateCustomer, type CustomerDetail } from '../app/customers.js';
import { issueCreditNote, voidInvoice, writeOffInvoice } from '../app/corrections.js';
import { addInvoice, recordSale, showInvoice } from '../app/invoices.js';
import { invoicePdf } from '../app/invoice-pdf.js';
import { printWritten, writeRendered } from './report-output.js';
import { type SentDocument, sendInvoice } from '../app/documents.js';
import { shortMessageId } from '../core/delivery.js';
import { customerNamesFor, listInvoices, showPayment } from '../app/browse.js';
import { recordPayment } from '../app/payments.js';
import type { CustomerView, InvoiceView, PaymentView } from '../app/views.js';
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
  type Options,
} from './command-env.js';
import { type Business, type Locale, LOCALES } from '../core/parties.js';
import { type Io, type Speech, table } from './output.js';
import { type Column, type Text, storedText, t } from '../core/i18n/catalogue.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `DESCRIPTION|QTY|UNIT_PRICE[|DISCOUNT[|TAX_BPS]]` into a line, or a reason per bad line. */
export function parseLineFlags(
  texts: readonly string[],
): Result<{ description: string; quantity: number; unitPrice: number; discount?: number; taxRateBps?: number }[]> {
  const errors: Record<string, Text> = {};
  const lines = texts.map((text, index) => {
    const parts = text.split('|').map((part) => part.trim());
    if (parts.length < 3 || parts.length > 5) {
      errors[`lines[${index}]`] = t('cli.line_format', { text });
      return { description: '', quantity: 0, unitPrice: 0 };
    }
    const [description = '', quantity = '', unitPrice = '', discount, tax] = parts;
    return {
      description,
      quantity: /^\d+(\.\d+)?$/.test(quantity) ? Number(quantity) : Number.NaN,
      unitPrice: integerFlag(unitPrice) as number,
      ...defined({ discount: integerFlag(discount || undefined), taxRateBps: integerFlag(tax || undefined) }),
    };
  });
  if (texts.length === 0) errors.lines = t('cli.line_required');
  return Object.keys(errors).length > 0 ? invalid(errors) : { ok: true, value: lines };
}

/** What holds collection back for a customer: open promises and disputes, reported payments waiting. */
interface Waiting {
  readonly promises: PromiseRecord[];
  readonly disputes: DisputeRecord[];
  readonly pendingPayments: PendingRecord[];
}

function printCustomer(
  io: Io,
  customer: CustomerView | CustomerDetail | (CustomerDetail & { waiting: Waiting }),
  { say, money }: Speech,
): void {
  const column = (name: Column) => say(t('label.column', { name }));
  io.out(say(t('cli.customer.title', { name: customer.name, ref: customer.ref })));
  io.out(
    say(
      t('cli.customer.contact', {
        phone: customer.phone,
        email: customer.email,
        status: customer.status,
        reason: customer.holdReason === null ? null : storedText(customer.holdReason),
      }),
    ),
  );
  io.out(say(t('cli.customer.figures', { balance: customer.balance, overdue: customer.overdue, credit: customer.credit })));
  io.out(say(t('cli.customer.terms', { limit: customer.creditLimit, termsDays: customer.termsDays })));
  io.out(
    say(
      t('cli.customer.channels', {
        preferred: customer.preferredChannel,
        order: customer.channelOrder,
        optedOut: customer.optedOut,
        locale: customer.locale,
      }),
    ),
  );
  if (customer.phoneType === 'landline' && customer.phone) io.out(say(t('cli.customer.landline', { phone: customer.phone })));
  if ('reach' in customer)
    io.out(
      say(
        customer.reach.unreachable === null
          ? t('cli.customer.reachable', { channels: customer.reach.channels })
          : t('cli.customer.unreachable', {
              reason: unreachableWhy(customer.reach.unreachable, customer.reach.unreachableChannels, customer.phone),
            }),
      ),
    );
  if ('openInvoices' in customer && customer.openInvoices.length > 0)
    io.out(
      table(
        [column('invoice'), column('issued'), column('due'), column('total'), column('outstanding'), column('days_late')],
        customer.openInvoices.map((invoice) => [
          invoice.number,
          invoice.issueDate,
          invoice.dueDate,
          money(invoice.total),
          money(invoice.outstanding),
          String(invoice.daysOverdue),
        ]),
        new Set([3, 4, 5]),
      ),
    );
  if (!('waiting' in customer)) return;
  // What holds collection back for this customer: the owner sees why no reminder goes out.
  const numbers = new Map(customer.openInvoices.map((invoice) => [invoice.id, invoice.number]));
  for (const promise of customer.waiting.promises)
    io.out(say(t('cli.customer.promise_open', { amount: promise.amount, paid: promise.paid, date: promise.promisedDate })));
  for (const dispute of customer.waiting.disputes)
    io.out(
      say(
        t('cli.customer.dispute_open', {
          invoice: numbers.get(dispute.invoiceId) ?? dispute.invoiceId,
          reason: dispute.reason,
          date: dispute.openedOn,
        }),
      ),
    );
  for (const report of customer.waiting.pendingPayments)
    io.out(say(t('cli.customer.report_waiting', { amount: report.amount, reference: report.reference, date: report.paidOn })));
}

/** A customer with the open promises, disputes and reported payments that hold collection back. */
async function customerWithWaiting(
  env: CommandEnv,
  business: Business,
  idOrRef: string,
): Promise<
  Result<CustomerDetail & { waiting: { promises: PromiseRecord[]; disputes: DisputeRecord[]; pendingPayments: PendingRecord[] } }>
> {
  const shown = await showCustomer(env.app, business, idOrRef);
  if (!shown.ok) return shown;
  const customer = shown.value.id;
  const promises = await listPromises(env.app, business, { customer });
  const disputes = await listDisputes(env.app, business, { customer });
  const reports = await listReports(env.app, business, { customer });
  if (!promises.ok) return promises;
  if (!disputes.ok) return disputes;
  if (!reports.ok) return reports;
  return ok({
    ...shown.value,
    waiting: {
      promises: promises.value.promises,
      disputes: disputes.value.disputes,
      pendingPayments: reports.value.pendingPayments,
    },
  });
}

function printInvoice(io: Io, invoice: InvoiceView & { names?: Names }, { say }: Speech): void {
  const names = invoice.names ?? NO_NAMES;
  io.out(
    say(
      t('cli.invoice.title', {
        number: invoice.number,
        customer: names.customer(invoice.customerId),
        total: invoice.total,
        outstanding: invoice.outstanding,
        status: invoice.status,
      }),
    ),
  );
  io.out(
    say(
      t('cli.invoice.dates', {
        issued: invoice.issueDate,
        due: invoice.dueDate,
        reference: invoice.reference,
        override: invoice.overrideReason,
      }),
    ),
  );
  for (const line of invoice.lines)
    io.out(
      say(
        t('cli.invoice.line', {
          description: line.description,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
          amount: line.amount,
        }),
      ),
    );
}

function printInvoiceList(
  io: Io,
  page: { invoices: InvoiceView[]; nextCursor: string | null; names: Map<string, string> },
  { say, money }: Speech,
): void {
  const column = (name: Column) => say(t('label.column', { name }));
  io.out(
    table(
      [
        column('number'),
        column('customer'),
        column('issued'),
        column('due'),
        column('total'),
        column('outstanding'),
        column('status'),
      ],
      page.invoices.map((invoice) => [
        invoice.number,
        page.names.get(invoice.customerId) ?? invoice.customerId,
        invoice.issueDate,
        invoice.dueDate,
        money(invoice.total, invoice.currency),
        money(invoice.outstanding, invoice.currency),
        say(t('label.status', { status: invoice.status })),
      ]),
      new Set([4, 5]),
    ),
  );
  const outstanding = page.invoices.reduce((sum, invoice) => sum + invoice.outstanding, 0);
  io.out(say(t('cli.invoice.list_summary', { count: page.invoices.length, outstanding, next: page.nextCursor })));
}

function printPayment(io: Io, payment: PaymentView & { names?: Names }, { say }: Speech): void {
  const names = payment.names ?? NO_NAMES;
  io.out(
    say(
      t('cli.payment.title', {
        // A payment is found again by its reference; one without is found by its id.
        reference: payment.reference,
        id: payment.reference ? null : payment.id,
        customer: names.customer(payment.customerId),
        amount: payment.amount,
        method: payment.method,
        provider: payment.provider,
        date: payment.date,
      }),
    ),
  );
  for (const allocation of payment.allocations)
    io.out(say(t('cli.payment.allocation', { invoice: allocation.invoiceNumber, amount: allocation.amount })));
  for (const applied of payment.creditApplied)
    io.out(say(t('cli.payment.credit_applied', { invoice: applied.invoiceNumber, amount: applied.amount, date: applied.date })));
  if (payment.unapplied > 0) io.out(say(t('cli.payment.unapplied', { amount: payment.unapplied })));
}

const inBusiness = withBusiness;

/** An invoice a command gives, with its customer's name for people. */
function invoiceFor(env: CommandEnv, body: (business: Business) => Promise<Result<InvoiceView>>) {
  return inBusiness(env, async (business) =>
    withNames(env, business, await body(business), (invoice) => ({ customerIds: [invoice.customerId] })),
  );
}

/** A payment a command gives, with its customer's name and the numbers of the invoices it paid. */
function paymentFor(env: CommandEnv, body: (business: Business) => Promise<Result<PaymentView>>) {
  return inBusiness(env, async (business) =>
    withNames(env, business, await body(business), (payment) => ({
      customerIds: [payment.customerId],
      invoiceIds: [...payment.allocations, ...(payment.creditApplied ?? [])].map((allocation) => allocation.invoiceId),
    })),
  );
}

/** The channel preference flags of `customer add|update` as the use case takes them ("" clears a value). */
function channelFlags(opts: Options) {
  const cleared = (value: string | undefined) => (value === '' ? null : value);
  const list = (value: string | string[] | boolean | undefined) =>
    value === undefined
      ? undefined
      : (Array.isArray(value) ? value : [String(value)]).flatMap((item) => item.split(',')).map((item) => item.trim());
  const order = str(opts.channelOrder);
  return defined({
    preferredChannel: cleared(str(opts.preferredChannel)) as never,
    channelOrder: (order === undefined ? undefined : order === '' ? null : list(order)) as never,
    optOut: list(opts.optOut) as never,
    optIn: list(opts.optIn) as never,
    locale: cleared(str(opts.lang)) as never,
  });
}

export function registerLedgerCommands(program: Command, run: Run): void {
  const customer = program.command('customer').description('customers: add, show, list, hold, release');
  customer
    .command('add')
    .description('add a customer; the phone is stored as E.164 (0812… becomes +62812…)')
    .requiredOption('--name <name>')
    .option('--phone <phone>')
    .option('--email <email>')
    .option('--ref <ref>', "the business's own reference for the customer")
    .option('--credit-limit <amount>', 'credit limit in minor units (Rp 500.000 is 500000)')
    .option('--terms-days <n>', 'payment terms in days')
    .option('--tag <tags...>', 'tags (letters, digits, - and _): --tag grosir vip')
    .option('--preferred-channel <channel>', 'whatsapp, sms or email: tried first ("" clears it)')
    .option('--channel-order <channels>', 'the order to try channels in: whatsapp,sms,email ("" clears it)')
    .option('--opt-out <channels...>', 'never send on these channels')
    .option('--opt-in <channels...>', 'send on these channels again')
    .option('--lang <locale>', 'id or en: the language of messages to the customer ("" follows the business)')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          inBusiness(env, (business) =>
            addCustomer(env.app, business, {
              name: str(opts.name) ?? '',
              ...defined({
                phone: str(opts.phone),
                email: str(opts.email),
                ref: str(opts.ref),
                creditLimit: integerFlag(str(opts.creditLimit)),
                termsDays: integerFlag(str(opts.termsDays)),
                tags: Array.isArray(opts.tag) ? opts.tag : undefined,
                ...channelFlags(opts),
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        printCustomer,
      ),
    );
  customer
    .command('update <idOrRef>')
    .description("change a customer's name, phone, email or ref (an empty value clears it), or (owner) limit and terms")
    .option('--name <name>')
    .option('--phone <phone>', 'stored as E.164; "" clears it')
    .option('--email <email>', '"" clears it')
    .option('--ref <ref>', '"" clears it')
    .option('--credit-limit <amount>', 'in minor units; "default" follows the business default')
    .option('--terms-days <n>', 'in days; "default" follows the business default')
    .option('--preferred-channel <channel>', 'whatsapp, sms or email: tried first ("" clears it)')
    .option('--channel-order <channels>', 'the order to try channels in: whatsapp,sms,email ("" clears it)')
    .option('--opt-out <channels...>', 'never send on these channels')
    .option('--opt-in <channels...>', 'send on these channels again')
    .option('--lang <locale>', 'id or en: the language of messages to the customer ("" follows the business)')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, positional) =>
          inBusiness(env, (business) => {
            const cleared = (value: string | undefined) => (value === '' ? null : value);
            const byDefault = (value: string | undefined) => (value === 'default' ? null : integerFlag(value));
            return updateCustomer(env.app, business, {
              customer: positional[0] as string,
              ...defined({
                name: str(opts.name),
                phone: cleared(str(opts.phone)),
                email: cleared(str(opts.email)),
                ref: cleared(str(opts.ref)),
                creditLimit: byDefault(str(opts.creditLimit)),
                termsDays: byDefault(str(opts.termsDays)),
                ...channelFlags(opts),
                idempotencyKey: str(opts.idempotencyKey),
              }),
            });
          }),
        printCustomer,
      ),
    );
  customer
    .command('tag <idOrRef> [tags...]')
    .description("set a customer's tags (none: clear them)")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, positional) =>
          inBusiness(env, (business) =>
            updateCustomer(env.app, business, {
              customer: positional[0] as string,
              tags: positional.slice(1),
              ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        printCustomer,
      ),
    );
  customer
    .command('show <idOrRef>')
    .description('balance, overdue amount, open invoices and status')
    .action(
      run(
        (env, _opts, [idOrRef]) => inBusiness(env, (business) => customerWithWaiting(env, business, idOrRef ?? '')),
        printCustomer,
      ),
    );
  customer
    .command('list')
    .description('every customer with balance, overdue amount and status')
    .option('--limit <n>', 'page size', '500')
    .option('--after <id>', 'cursor: list customers added after this one')
    .action(
      run(
        (env, opts) =>
          inBusiness(env, (business) =>
            listCustomers(env.app, business, {
              limit: integerFlag(str(opts.limit)) as number,
              ...defined({ after: str(opts.after) }),
            }),
          ),
        (io, page: { customers: CustomerView[]; nextCursor: string | null }, { say, money }) => {
          const columns: Column[] = ['ref', 'name', 'phone', 'status', 'balance', 'overdue', 'limit'];
          io.out(
            table(
              columns.map((name) => say(t('label.column', { name }))),
              page.customers.map((c) => [
                c.ref ?? '-',
                c.name,
                c.phone ?? '-',
                say(t('label.status', { status: c.status })),
                money(c.balance),
                money(c.overdue),
                c.creditLimit === null ? '-' : money(c.creditLimit),
              ]),
              new Set([4, 5, 6]),
            ),
          );
          const owed = page.customers.reduce((sum, c) => sum + c.balance, 0);
          io.out(say(t('cli.customer.list_summary', { count: page.customers.length, owed, next: page.nextCursor })));
        },
      ),
    );
  for (const action of ['hold', 'release'] as const)
    customer
      .command(`${action} <idOrRef>`)
      .description(action === 'hold' ? 'stop new credit for a customer' : 'allow new credit again')
      .requiredOption('--reason <text>')
      .option('--idempotency-key <key>')
      .action(
        run(
          (env, opts, [idOrRef]) =>
            inBusiness(env, (business) =>
              setHold(env.app, business, action, {
                customer: idOrRef ?? '',
                reason: str(opts.reason) ?? '',
                ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
              }),
            ),
          printCustomer,
        ),
      );

  program
    .command('sale')
    .description('quick credit sale: an invoice with one line, checked against the credit limit')
    .requiredOption('--customer <nameOrRef>')
    .requiredOption('--amount <amount>', 'in minor units (Rp 50.000 is 50000)')
    .option('--item <text>', 'what was sold')
    .option('--reference <text>', "the customer's PO or note number")
    .option('--date <date>', 'sale date YYYY-MM-DD (default today)')
    .option('--due <date>', 'due date (default from the terms)')
    .option('--override-reason <text>', "owner's reason to sell past the credit check")
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          invoiceFor(env, (business) =>
            recordSale(env.app, business, {
              customer: str(opts.customer) ?? '',
              amount: integerFlag(str(opts.amount)) as number,
              ...defined({
                item: str(opts.item),
                reference: str(opts.reference),
                date: str(opts.date),
                due: str(opts.due),
                overrideReason: str(opts.overrideReason),
                allowOldDate: opts.allowOldDate === true ? true : undefined,
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        printInvoice,
      ),
    );

  const invoice = program.command('invoice').description('invoices with lines');
  invoice
    .command('add')
    .description('invoice with lines')
    .requiredOption('--customer <nameOrRef>')
    .option('--line <line>', '"DESCRIPTION|QTY|UNIT_PRICE[|DISCOUNT[|TAX_BPS]]", repeatable', collect)
    .option('--reference <ref>', 'contract or PO number')
    .option('--date <date>')
    .option('--due <date>')
    .option('--override-reason <text>')
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run((env, opts) => {
        const lines = parseLineFlags((opts.line as string[] | undefined) ?? []);
        if (!lines.ok) return Promise.resolve(lines);
        return invoiceFor(env, (business) =>
          addInvoice(env.app, business, {
            customer: str(opts.customer) ?? '',
            lines: lines.value,
            ...defined({
              reference: str(opts.reference),
              date: str(opts.date),
              due: str(opts.due),
              overrideReason: str(opts.overrideReason),
              allowOldDate: opts.allowOldDate === true ? true : undefined,
              idempotencyKey: str(opts.idempotencyKey),
            }),
          }),
        );
      }, printInvoice),
    );
  invoice
    .command('show <idOrNumber>')
    .description('one invoice with its lines, by id or number (INV-2026-000123)')
    .action(run((env, _opts, [id]) => invoiceFor(env, (business) => showInvoice(env.app, business, id ?? '')), printInvoice));
  invoice
    .command('pdf <idOrNumber>')
    .description('the invoice as a PDF to send the customer, by id or number (INV-2026-000123)')
    .option('--out <file>', 'write to this file (default: the invoice number, INV-2026-000123.pdf)')
    .option('--locale <locale>', "id or en (default: the business's language)")
    .action(
      run(
        (env, opts, [id]) =>
          inBusiness(env, async (business) => {
            const locale = str(opts.locale);
            if (locale !== undefined && !(LOCALES as readonly string[]).includes(locale))
              return invalid({ locale: t('field.one_of', { values: LOCALES }) });
            const rendered = await invoicePdf(env.app, business.id, id ?? '', locale as Locale | undefined);
            if (!rendered.ok) return rendered;
            const written = writeRendered(env.io, { body: rendered.value.bytes }, str(opts.out) ?? rendered.value.fileName);
            return written === 0 ? ok({ file: '-', bytes: rendered.value.bytes.byteLength }) : written;
          }),
        printWritten,
      ),
    );
  invoice
    .command('send <idOrNumber>')
    .description(
      "send the invoice to its customer: by email with the PDF when possible, else the customer's first channel (a WhatsApp link to tap)",
    )
    .option('--channel <channel>', 'whatsapp, sms or email')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, [id]) =>
          inBusiness(env, (business) =>
            sendInvoice(env.app, business, {
              invoice: id,
              ...defined({ channel: str(opts.channel), idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        (io, sent: SentDocument, { say }) =>
          io.out(
            say(
              t('cli.invoice_send.queued', {
                invoice: sent.invoice,
                customer: sent.customer,
                channel: sent.channel,
                recipient: sent.recipient,
                id: shortMessageId(sent.messageId),
                pdf: sent.attachesPdf,
              }),
            ),
          ),
      ),
    );
  invoice
    .command('list')
    .description('invoices, newest first, with their customer and what is outstanding')
    .option('--status <status>', 'open, paid, void or written_off')
    .option('--customer <nameOrRef>')
    .option('--overdue', 'only open invoices past their due date')
    .option('--search <text>', 'part of the number or reference')
    .option('--from <date>', 'issued on or after this date')
    .option('--to <date>', 'issued on or before this date')
    .option('--limit <n>', 'page size', '100')
    .option('--after <id>', 'cursor: the invoices after this one (the "more" line of the previous page)')
    .action(
      run(
        (env, opts) =>
          inBusiness(env, async (business) => {
            const page = await listInvoices(env.app, business, {
              order: 'newest',
              limit: integerFlag(str(opts.limit)) as number,
              ...defined({
                status: str(opts.status) as 'open' | undefined,
                customerId: str(opts.customer),
                overdue: opts.overdue === true ? true : undefined,
                search: str(opts.search),
                from: str(opts.from),
                to: str(opts.to),
                after: str(opts.after),
              }),
            });
            // A table names the customers; --json prints the API's page as it is.
            if (!page.ok || env.config.json) return page;
            return { ok: true, value: { ...page.value, names: await customerNamesFor(env.app, business, page.value.invoices) } };
          }),
        printInvoiceList,
      ),
    );
  invoice
    .command('void <idOrNumber>')
    .description('void an invoice issued by mistake (only if nothing was paid or credited on it)')
    .requiredOption('--reason <text>')
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts, [id]) =>
          invoiceFor(env, (business) =>
            voidInvoice(env.app, business, {
              invoice: id ?? '',
              reason: str(opts.reason) ?? '',
              ...defined({ idempotencyKey: str(opts.idempotencyKey) }),
            }),
          ),
        printInvoice,
      ),
    );

  program
    .command('pay')
    .description('record a payment: oldest due first unless an invoice is named; any excess becomes customer credit')
    .requiredOption('--customer <nameOrRef>')
    .requiredOption('--amount <amount>', 'in minor units')
    .requiredOption('--method <method>', 'cash, bank_transfer, card, ewallet, qris or other')
    .option('--provider <provider>', 'for ewallet: gopay, ovo, dana, shopeepay or linkaja')
    .option('--invoice <idOrNumber>', 'the invoice to pay, by id or number (INV-2026-000123)')
    .option('--date <date>')
    .option('--reference <ref>')
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          paymentFor(env, (business) =>
            recordPayment(env.app, business, {
              customer: str(opts.customer) ?? '',
              amount: integerFlag(str(opts.amount)) as number,
              method: (str(opts.method) ?? '') as 'cash',
              ...defined({
                provider: str(opts.provider),
                invoice: str(opts.invoice),
                date: str(opts.date),
                allowOldDate: opts.allowOldDate === true ? true : undefined,
                reference: str(opts.reference),
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        printPayment,
      ),
    );
  program
    .command('payment')
    .description('payments')
    .command('show <idOrReference>')
    .description("one payment with its allocations, by id or by the payer's reference")
    .action(run((env, _opts, [id]) => paymentFor(env, (business) => showPayment(env.app, business, id ?? '')), printPayment));

  program
    .command('credit-note')
    .description('credit part or all of an invoice (a ledger entry; the issued amount is never edited)')
    .requiredOption('--invoice <idOrNumber>')
    .requiredOption('--amount <amount>')
    .requiredOption('--reason <text>')
    .option('--date <date>')
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          inBusiness(env, (business) =>
            issueCreditNote(env.app, business, {
              invoice: str(opts.invoice) ?? '',
              amount: integerFlag(str(opts.amount)) as number,
              reason: str(opts.reason) ?? '',
              ...defined({
                date: str(opts.date),
                allowOldDate: opts.allowOldDate === true ? true : undefined,
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        (io, note: { number: string; amount: number; invoice: InvoiceView }, { say }) =>
          io.out(
            say(
              t('cli.credit_note', {
                number: note.number,
                amount: note.amount,
                invoice: note.invoice.number,
                outstanding: note.invoice.outstanding,
              }),
            ),
          ),
      ),
    );

  program
    .command('write-off')
    .description('write off what is outstanding on an invoice, to bad debt')
    .requiredOption('--invoice <idOrNumber>')
    .requiredOption('--reason <text>')
    .option('--date <date>')
    .option('--allow-old-date', "the date is right although it is before the business's first day or past its backdate limit")
    .option('--idempotency-key <key>')
    .action(
      run(
        (env, opts) =>
          invoiceFor(env, (business) =>
            writeOffInvoice(env.app, business, {
              invoice: str(opts.invoice) ?? '',
              reason: str(opts.reason) ?? '',
              ...defined({
                date: str(opts.date),
                allowOldDate: opts.allowOldDate === true ? true : undefined,
                idempotencyKey: str(opts.idempotencyKey),
              }),
            }),
          ),
        printInvoice,
      ),
    );
}
