/** Customers, invoices, payments, reports and the audit log under /api/v1. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { auditLog, customerLedgerView, listInvoices, listPayments, showPayment } from '../app/browse.js';
import { issueCreditNote, voidInvoice, writeOffInvoice } from '../app/corrections.js';
import { addCustomer, listCustomers, setHold, showCustomer, updateCustomer } from '../app/customers.js';
import { addInvoice, recordSale, showInvoice } from '../app/invoices.js';
import { sendInvoice } from '../app/documents.js';
import { invoicePdf } from '../app/invoice-pdf.js';
import { recordPayment } from '../app/payments.js';
import { agingReport } from '../app/reports.js';
import { ok } from '../core/result.js';
import type { ApiEnv } from './auth.js';
import { defineRoute } from './define.js';
import { fileResponse, resultOrCsv } from './files.js';
import { agingCsv } from '../core/report-csv.js';
import * as S from './schemas.js';

type Registry = OpenAPIHono['openAPIRegistry'];

/** T with its maybe-undefined fields made optional instead. */
type Present<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Drops absent (undefined) fields, so optional inputs stay absent. */
export function present<T extends Record<string, unknown>>(record: T): Present<T> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as never;
}

export function registerLedgerRoutes(app: Hono<ApiEnv>, registry: Registry): void {
  const read = { kind: 'business', permission: 'read' } as const;

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers',
      operationId: 'listCustomers',
      summary: 'List customers (filter by status, overdue, name or phone)',
      tag: 'customers',
      access: read,
      query: S.CustomerQuery,
      success: { status: 200, schema: S.pageOf('customers', S.Customer), description: 'A page of customers' },
    },
    ({ app: ctx, business, query }) => listCustomers(ctx, business, present(query)),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/customers',
      operationId: 'createCustomer',
      summary: 'Add a customer (phone stored as E.164)',
      tag: 'customers',
      access: { kind: 'business', permission: 'customer.write' },
      body: S.CustomerCreate,
      success: { status: 201, schema: S.Customer, description: 'The new customer' },
    },
    ({ app: ctx, business, body, idempotencyKey }) => addCustomer(ctx, business, present({ ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers/{id}',
      operationId: 'getCustomer',
      summary: 'A customer with balance, overdue amount and open invoices (by id or ref)',
      tag: 'customers',
      access: read,
      params: S.IdParam,
      success: { status: 200, schema: S.CustomerDetail, description: 'The customer' },
    },
    ({ app: ctx, business, params }) => showCustomer(ctx, business, params.id),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'patch',
      path: '/customers/{id}',
      operationId: 'updateCustomer',
      summary: 'Change a customer (credit limit and terms: owner only; null returns to the business default)',
      tag: 'customers',
      access: { kind: 'business', permission: 'customer.write' },
      params: S.IdParam,
      body: S.CustomerUpdate,
      success: { status: 200, schema: S.Customer, description: 'The customer as changed' },
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      updateCustomer(ctx, business, present({ ...body, customer: params.id, idempotencyKey })),
  );

  for (const action of ['hold', 'release'] as const)
    defineRoute(
      app,
      registry,
      {
        method: 'post',
        path: `/customers/{id}/${action}`,
        operationId: action === 'hold' ? 'holdCustomer' : 'releaseCustomer',
        summary: action === 'hold' ? 'Put a customer on hold: no new credit' : 'Release a hold (owner only)',
        tag: 'customers',
        access: { kind: 'business', permission: action === 'hold' ? 'customer.write' : 'customer.credit' },
        params: S.IdParam,
        body: S.ReasonBody,
        success: { status: 200, schema: S.Customer, description: 'The customer' },
      },
      ({ app: ctx, business, params, body, idempotencyKey }) =>
        setHold(ctx, business, action, present({ customer: params.id, reason: body.reason, idempotencyKey })),
    );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/customers/{id}/ledger',
      operationId: 'getCustomerLedger',
      summary: "The customer's receivable entries with the running balance",
      tag: 'customers',
      access: read,
      params: S.IdParam,
      query: S.LedgerQuery,
      success: { status: 200, schema: S.Ledger, description: 'A page of the ledger' },
    },
    ({ app: ctx, business, params, query }) => customerLedgerView(ctx, business, present({ customer: params.id, ...query })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/invoices',
      operationId: 'listInvoices',
      summary: 'List invoices (filter by status, customer, overdue, number or reference)',
      tag: 'invoices',
      access: read,
      query: S.InvoiceQuery,
      success: { status: 200, schema: S.pageOf('invoices', S.Invoice), description: 'A page of invoices' },
    },
    ({ app: ctx, business, query }) => listInvoices(ctx, business, present(query)),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invoices',
      operationId: 'createInvoice',
      summary: 'Issue an invoice with lines, or a quick sale with an amount; the credit check runs first',
      tag: 'invoices',
      access: { kind: 'business', permission: 'sale.write' },
      body: S.InvoiceCreate,
      success: { status: 201, schema: S.Invoice, description: 'The issued invoice' },
      errors: ['credit_limit_exceeded', 'customer_on_hold'],
    },
    ({ app: ctx, business, body, idempotencyKey }) => {
      const common = {
        customer: body.customerId,
        date: body.issueDate,
        due: body.dueDate,
        overrideReason: body.overrideReason,
        allowOldDate: body.allowOldDate,
        idempotencyKey,
      };
      return body.amount !== undefined
        ? recordSale(
            ctx,
            business,
            present({ ...common, amount: body.amount, item: body.description, reference: body.reference }),
          )
        : addInvoice(ctx, business, present({ ...common, lines: body.lines ?? [], reference: body.reference }));
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/invoices/{id}',
      operationId: 'getInvoice',
      summary: 'One invoice with its lines',
      tag: 'invoices',
      access: read,
      params: S.IdParam,
      success: { status: 200, schema: S.Invoice, description: 'The invoice' },
    },
    ({ app: ctx, business, params }) => showInvoice(ctx, business, params.id),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/invoices/{id}/pdf',
      operationId: 'getInvoicePdf',
      summary:
        "The invoice as a PDF to send the customer: the business's details (NPWP), the customer, lines, PPN, totals, payments, the balance due, terms, late fee and early-payment discount, how to pay",
      tag: 'invoices',
      access: read,
      params: S.IdParam,
      query: S.InvoicePdfQuery,
      success: {
        status: 200,
        schema: S.PdfFile,
        contentType: 'application/pdf',
        description:
          'The PDF, as a download named after the invoice number (INV-2026-000123.pdf); a voided invoice is marked void',
      },
    },
    async ({ app: ctx, business, params, query, hono }) => {
      const rendered = await invoicePdf(ctx, business.id, params.id, query.lang);
      if (!rendered.ok) return rendered;
      return fileResponse(hono, { contentType: 'application/pdf', body: rendered.value.bytes }, rendered.value.fileName);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invoices/{id}/send',
      operationId: 'sendInvoice',
      summary:
        "Send the invoice to its customer: by email with its PDF attached when the customer has an address and the business sends email, else by the customer's first channel (a WhatsApp link to tap by default); queued in the outbox",
      tag: 'invoices',
      access: { kind: 'business', permission: 'message.send' },
      params: S.IdParam,
      body: S.InvoiceSend,
      success: { status: 201, schema: S.SentInvoice, description: 'The queued message: its id, channel and recipient' },
      errors: ['invoice_not_open'],
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      sendInvoice(ctx, business, present({ invoice: params.id, ...body, idempotencyKey })),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/invoices/{id}/credit-notes',
      operationId: 'createCreditNote',
      summary: 'Credit part or all of what is outstanding on an invoice (owner only)',
      tag: 'invoices',
      access: { kind: 'business', permission: 'invoice.correct' },
      params: S.IdParam,
      body: S.CreditNoteCreate,
      success: { status: 201, schema: S.CreditNote, description: 'The credit note and the invoice after it' },
      errors: ['invoice_not_open'],
    },
    ({ app: ctx, business, params, body, idempotencyKey }) =>
      issueCreditNote(ctx, business, present({ invoice: params.id, ...body, idempotencyKey })),
  );

  for (const action of ['write-off', 'void'] as const)
    defineRoute(
      app,
      registry,
      {
        method: 'post',
        path: `/invoices/{id}/${action}`,
        operationId: action === 'void' ? 'voidInvoice' : 'writeOffInvoice',
        summary:
          action === 'void'
            ? 'Void an invoice nothing was paid on, by a reversing entry (owner only)'
            : 'Write off what is outstanding as bad debt (owner only)',
        tag: 'invoices',
        access: { kind: 'business', permission: 'invoice.correct' },
        params: S.IdParam,
        body: S.CorrectionBody,
        success: { status: 200, schema: S.Invoice, description: 'The invoice after the correction' },
        errors: ['invoice_not_open'],
      },
      ({ app: ctx, business, params, body, idempotencyKey }) =>
        (action === 'void' ? voidInvoice : writeOffInvoice)(
          ctx,
          business,
          present({ invoice: params.id, ...body, idempotencyKey }),
        ),
    );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/payments',
      operationId: 'listPayments',
      summary: 'List payments with their allocations',
      tag: 'payments',
      access: read,
      query: S.PaymentQuery,
      success: { status: 200, schema: S.pageOf('payments', S.Payment), description: 'A page of payments' },
    },
    ({ app: ctx, business, query }) => listPayments(ctx, business, present(query)),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'post',
      path: '/payments',
      operationId: 'createPayment',
      summary: 'Record a payment: allocated oldest-due first unless an invoice is named; any excess becomes credit',
      tag: 'payments',
      access: { kind: 'business', permission: 'payment.write' },
      body: S.PaymentCreate,
      success: { status: 201, schema: S.Payment, description: 'The payment and its allocations' },
      errors: ['invoice_not_open'],
    },
    ({ app: ctx, business, body, idempotencyKey }) =>
      recordPayment(
        ctx,
        business,
        present({
          customer: body.customerId,
          amount: body.amount,
          method: body.method,
          provider: body.provider,
          invoice: body.invoiceId,
          date: body.date,
          allowOldDate: body.allowOldDate,
          reference: body.reference,
          idempotencyKey,
        }),
      ),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/payments/{id}',
      operationId: 'getPayment',
      summary: 'One payment with its allocations',
      tag: 'payments',
      access: read,
      params: S.IdParam,
      success: { status: 200, schema: S.Payment, description: 'The payment' },
    },
    ({ app: ctx, business, params }) => showPayment(ctx, business, params.id),
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/reports/aging',
      operationId: 'getAging',
      summary: 'Aging of receivables as of a date (default today)',
      tag: 'reports',
      access: read,
      query: S.AgingQuery,
      success: { status: 200, schema: S.Aging, description: 'The aging report' },
    },
    async ({ app: ctx, business, query, hono }) => {
      const { format, ...options } = query;
      const result = await agingReport(ctx, business, present(options));
      return resultOrCsv(hono, result, format, agingCsv, (report) => `aging-${report.asOf}.csv`);
    },
  );

  defineRoute(
    app,
    registry,
    {
      method: 'get',
      path: '/audit',
      operationId: 'listAudit',
      summary: 'The audit log: who did what and when (filter by object, actor, time)',
      tag: 'audit',
      access: read,
      query: S.AuditQuery,
      success: { status: 200, schema: S.pageOf('records', S.AuditRecord), description: 'A page of audit records' },
    },
    async ({ app: ctx, business, query }) => {
      const result = await auditLog(ctx, business, present(query));
      return result.ok ? ok(result.value) : result;
    },
  );
}
