/**
 * Sending a document to a customer (issue 13): the invoice with its PDF. The
 * message is written from the owner's `invoice` template in the customer's
 * language and queued in the outbox in one transaction; the dispatcher attaches
 * the invoice's PDF when it goes by email (app/dispatch.ts) and a WhatsApp or
 * SMS message carries the text. By email when the customer has an address and
 * the business sends email, else by the customer's first channel, or by the
 * channel asked for.
 */
import { z } from 'zod';
import { channelsToTry } from '../core/channel-choice.js';
import { message } from '../core/effects.js';
import { t } from '../core/i18n/catalogue.js';
import { invoiceValues, renderMessage } from '../core/messages.js';
import type { Business } from '../core/parties.js';
import { CHANNELS, type Channel } from '../core/policy.js';
import { type Result, fail, invalid, notFound, ok } from '../core/result.js';
import { getCustomer } from '../store/parties-repo.js';
import { todayOf } from './businesses.js';
import { loadConfiguredChannels } from './channels.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { policyOfInvoice } from './invoice-pdf.js';
import { resolveInvoice } from './lookups.js';
import { requirePermission } from './permissions.js';
import { templateFor } from './templates.js';
import { parseInput } from './validate.js';

const sendInvoiceInput = z
  .object({
    invoice: z.string().trim().min(1).max(200),
    channel: z.enum(CHANNELS).optional(),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export interface SentDocument {
  /** The outbox message (`lunas outbox show`, `GET /messages/{id}`). */
  readonly messageId: string;
  readonly invoice: string;
  readonly customer: string;
  readonly channel: Channel;
  readonly recipient: string;
  /** True when the dispatcher attaches the PDF (email). */
  readonly attachesPdf: boolean;
}

/** Queues the invoice to its customer (with its PDF by email). */
export async function sendInvoice(ctx: AppContext, business: Business, input: unknown): Promise<Result<SentDocument>> {
  const allowed = requirePermission(ctx.actor, 'message.send');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(sendInvoiceInput, input);
  if (!parsed.ok) return parsed;
  const { invoice: invoiceRef, channel: asked, idempotencyKey } = parsed.value;
  return runCommand(
    ctx,
    { scope: business.id, command: 'invoice.send', idempotencyKey, request: { invoice: invoiceRef, channel: asked } },
    async (trx, tools) => {
      const found = await resolveInvoice(trx, business.id, invoiceRef);
      if (!found.ok) return found;
      const invoice = found.value;
      if (invoice.status === 'void')
        return fail('invoice_not_open', t('invoice_send.void', { number: invoice.number }), { invoice: invoice.number });
      const customer = await getCustomer(trx, business.id, invoice.customerId);
      if (!customer) return notFound('customer', invoice.customerId);
      const configured = await loadConfiguredChannels(trx, business.id);
      // An invoice is a document: by email first when it can go that way, else the customer's own order.
      const options = channelsToTry(customer, asked ? [asked] : CHANNELS, configured);
      const chosen = options.find((option) => option.channel === 'email') ?? options[0];
      if (!chosen)
        return invalid({
          [asked ? 'channel' : 'invoice']: t('invoice_send.unreachable', { customer: customer.name, channel: asked ?? null }),
        });
      const locale = customer.locale ?? business.locale;
      const policy = await policyOfInvoice(trx, business, invoice);
      const rendered = renderMessage(
        await templateFor(trx, business, 'invoice', locale),
        invoiceValues(
          {
            businessName: business.name,
            customerName: customer.name,
            currency: business.currency,
            locale,
            asOf: todayOf(ctx, business),
            paymentInstructions: business.paymentInstructions,
          },
          {
            number: invoice.number,
            issueDate: invoice.issueDate,
            dueDate: invoice.dueDate,
            total: invoice.total,
            reference: invoice.reference,
            lateFee: policy.lateFee,
          },
        ),
      );
      // Each send is a message of its own (the owner may send an invoice again); a replay of the key answers the first.
      const key = `invoice:${invoice.id}:${tools.newId('snd')}`;
      await tools.write([
        message({
          key,
          purpose: 'invoice',
          customerId: customer.id,
          channel: chosen.channel,
          recipient: chosen.recipient,
          subject: rendered.subject,
          body: rendered.body,
          details: { invoiceId: invoice.id, number: invoice.number, locale },
        }),
      ]);
      const row = await trx
        .selectFrom('outbox')
        .select('id')
        .where('business_id', '=', business.id)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      await tools.audit('invoice.send', 'invoice', invoice.id, { channel: chosen.channel, messageId: row.id });
      return ok({
        messageId: row.id,
        invoice: invoice.number,
        customer: customer.name,
        channel: chosen.channel,
        recipient: chosen.recipient,
        attachesPdf: chosen.channel === 'email',
      });
    },
  );
}
