/**
 * A business seeded through the API, and one valid request for every operation
 * of the OpenAPI document, so the cross-route suites (isolation, roles, fuzz)
 * can walk the document and know what a good call looks like.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ApiUnderTest, Credentials } from './api-helpers.js';
import { signUpOwner, tokenFor } from './api-helpers.js';

export interface Seeded {
  businessId: string;
  ownerId: string;
  session: { cookie: string; csrf: string };
  tokens: { owner: string; staff: string; viewer: string };
  /** The id of the token revokeToken revokes (a spare, so the others keep working). */
  spareTokenId: string;
  customerId: string;
  invoiceId: string;
  paymentId: string;
  /** An invoice nothing was paid on (void needs one). */
  unpaidInvoiceId: string;
  /** Open invoices for openDispute and createPlan, an open dispute and a reported payment to close. */
  spareInvoiceId: string;
  planInvoiceId: string;
  disputeId: string;
  pendingId: string;
  /** An invoice overdue since January with late fees charged (waiveFee waives period 1). */
  feeInvoiceId: string;
  /** A member who is not the owner (updateMember changes them). */
  staffUserId: string;
  /** Outbox messages (issue 13): one queued (cancelMessage), one failed (retryMessage), one waiting to be tapped (openMessage). */
  messageIds: { queued: string; failed: string; toTap: string };
  invitationToken: string;
}

let emailCounter = 0;
export function uniqueEmail(label: string): string {
  return `${label}-${process.pid}-${++emailCounter}@example.com`;
}

function must(answer: { status: number; body: any }, status: number, what: string): any {
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A business with an owner, tokens of each role, a customer with an invoice and a payment, and a staff member. */
export async function seedBusiness(api: ApiUnderTest, label: string): Promise<Seeded> {
  const owner = await signUpOwner(api, uniqueEmail(`${label}-owner`), `Toko ${label}`);
  const tokens = {
    owner: await tokenFor(api, owner, 'owner'),
    staff: await tokenFor(api, owner, 'staff'),
    viewer: await tokenFor(api, owner, 'viewer'),
  };
  const as = { token: tokens.owner };
  const spare = must(
    await api.call('POST', '/api/v1/tokens', { body: { role: 'viewer', name: 'spare' }, as }),
    201,
    'spare token',
  );
  const customer = must(
    await api.call('POST', '/api/v1/customers', {
      body: { name: `Budi ${label}`, phone: '0812-1111-2222', ref: `REF-${label}` },
      as,
    }),
    201,
    'customer',
  );
  const invoice = must(
    await api.call('POST', '/api/v1/invoices', { body: { customerId: customer.id, amount: 90000 }, as }),
    201,
    'invoice',
  );
  const payment = must(
    await api.call('POST', '/api/v1/payments', { body: { customerId: customer.id, amount: 10000, method: 'cash' }, as }),
    201,
    'payment',
  );
  const unpaid = must(
    await api.call('POST', '/api/v1/invoices', { body: { customerId: customer.id, amount: 20000 }, as }),
    201,
    'unpaid',
  );
  const invoiceOf = async (amount: number, what: string) =>
    must(await api.call('POST', '/api/v1/invoices', { body: { customerId: customer.id, amount }, as }), 201, what).id as string;
  const spareInvoiceId = await invoiceOf(15000, 'spare invoice');
  const planInvoiceId = await invoiceOf(16000, 'plan invoice');
  const disputedInvoiceId = await invoiceOf(17000, 'disputed invoice');
  const dispute = must(
    await api.call('POST', `/api/v1/invoices/${disputedInvoiceId}/dispute`, { body: { reason: 'billed twice' }, as }),
    201,
    'dispute',
  );
  const pendingPayment = must(
    await api.call('POST', '/api/v1/pending-payments', {
      body: { customerId: customer.id, amount: 3000, method: 'bank_transfer' },
      as,
    }),
    201,
    'reported payment',
  );
  must(
    await api.call('PATCH', '/api/v1/policy', {
      body: { policy: { lateFee: { kind: 'flat', amount: 1000, period: 'week' } } },
      as,
    }),
    200,
    'policy',
  );
  const feeInvoice = must(
    await api.call('POST', '/api/v1/invoices', {
      body: { customerId: customer.id, amount: 8000, issueDate: '2026-02-20', dueDate: '2026-02-27', allowOldDate: true },
      as,
    }),
    201,
    'overdue invoice',
  );
  // Entered back-dated today: its fee periods begin after today (none for the weeks before it was entered),
  // so the run that charges the first one is tomorrow's, run now as if tomorrow.
  const today = api.clock.now();
  api.clock.advanceMs(24 * 3600 * 1000);
  const run = must(await api.call('POST', '/api/v1/collection/run', { body: {}, as }), 200, 'collection run');
  api.clock.set(today);
  if (!run.fees.some((fee: { invoiceId: string; period: number }) => fee.invoiceId === feeInvoice.id && fee.period === 1))
    throw new Error('the seeded collection run charged no fee');
  const staffEmail = uniqueEmail(`${label}-staff`);
  const invitation = must(
    await api.call('POST', '/api/v1/invitations', { body: { email: staffEmail, role: 'staff' }, as }),
    201,
    'invite',
  );
  const staff = must(
    await api.call('POST', '/api/v1/auth/signup', {
      body: { email: staffEmail, password: 'staff password 1', name: 'Staff', invitationToken: invitation.token },
    }),
    201,
    'staff signup',
  );
  const pending = must(
    await api.call('POST', '/api/v1/invitations', { body: { email: uniqueEmail(`${label}-later`), role: 'viewer' }, as }),
    201,
    'second invite',
  );
  const messageIds = { queued: '', failed: '', toTap: '' };
  for (const [kind, status] of [
    ['queued', 'queued'],
    ['failed', 'failed'],
    ['toTap', 'to_tap'],
  ] as const) {
    const id = api.open.ids.next('msg');
    messageIds[kind] = id;
    await api.open.store.db
      .insertInto('outbox')
      .values({
        business_id: owner.businessId,
        id,
        key: `seed:${label}:${kind}`,
        customer_id: customer.id,
        channel: 'whatsapp',
        recipient: '+6281211112222',
        body: `Halo Budi ${label}, ini pengingat.`,
        details: JSON.stringify({ invoiceIds: [invoice.id] }),
        status,
        attempts: status === 'queued' ? 0 : 1,
        created_at: api.clock.now().toISOString(),
        // The one to tap is a receipt: a reminder written at the instant of the fixture's payment is no longer due.
        purpose: status === 'to_tap' ? 'receipt' : 'reminder',
        link: status === 'to_tap' ? 'https://wa.me/6281211112222?text=Halo' : null,
        last_error: status === 'failed' ? 'HTTP 503' : null,
        updated_at: api.clock.now().toISOString(),
      })
      .execute();
  }
  return {
    messageIds,
    businessId: owner.businessId,
    ownerId: owner.userId,
    session: owner.session,
    tokens,
    spareTokenId: spare.id,
    customerId: customer.id,
    invoiceId: invoice.id,
    paymentId: payment.id,
    unpaidInvoiceId: unpaid.id,
    spareInvoiceId,
    planInvoiceId,
    disputeId: dispute.id,
    pendingId: pendingPayment.id,
    feeInvoiceId: feeInvoice.id,
    staffUserId: staff.user.id,
    invitationToken: pending.token,
  };
}

export interface ExampleRequest {
  method: string;
  /** Concrete path under /api/v1. */
  path: string;
  body?: unknown;
  /** A body that is not JSON (an uploaded CSV file), sent with `contentType`. */
  raw?: string;
  contentType?: string;
  /** Which ids of the seeded business the request names (the isolation walk swaps them). */
  namesIds: boolean;
}

/** The body options of `api.call` for an example: JSON, or raw text with its content type. */
export function sendOf(example: ExampleRequest): { body?: unknown; raw?: string; headers?: Record<string, string> } {
  if (example.raw !== undefined) return { raw: example.raw, headers: { 'content-type': example.contentType ?? 'text/csv' } };
  return { body: example.body };
}

/** One valid request per operationId, naming the seeded business's objects. */
export function exampleRequests(s: Seeded): Record<string, ExampleRequest> {
  const v = '/api/v1';
  const messages = {
    listMessages: { method: 'GET', path: `${v}/messages?status=queued`, namesIds: false },
    getMessage: { method: 'GET', path: `${v}/messages/${s.messageIds.queued}`, namesIds: true },
    retryMessage: { method: 'POST', path: `${v}/messages/${s.messageIds.failed}/retry`, body: {}, namesIds: true },
    cancelMessage: {
      method: 'POST',
      path: `${v}/messages/${s.messageIds.queued}/cancel`,
      body: { reason: 'paid in the shop' },
      namesIds: true,
    },
    openMessage: { method: 'POST', path: `${v}/messages/${s.messageIds.toTap}/open`, body: {}, namesIds: true },
  } satisfies Record<string, ExampleRequest>;
  return {
    ...messages,
    signUp: {
      method: 'POST',
      path: `${v}/auth/signup`,
      body: { email: uniqueEmail('fresh'), password: 'fresh password 1', name: 'Fresh', businessName: 'Fresh' },
      namesIds: false,
    },
    signIn: {
      method: 'POST',
      path: `${v}/auth/signin`,
      body: { email: 'nobody@example.com', password: 'whatever1' },
      namesIds: false,
    },
    signOut: { method: 'POST', path: `${v}/auth/signout`, namesIds: false },
    getMe: { method: 'GET', path: `${v}/me`, namesIds: false },
    listBusinesses: { method: 'GET', path: `${v}/businesses`, namesIds: false },
    createBusiness: { method: 'POST', path: `${v}/businesses`, body: { name: 'Cabang Dua' }, namesIds: false },
    getBusiness: { method: 'GET', path: `${v}/business`, namesIds: false },
    updateBusiness: {
      method: 'PATCH',
      path: `${v}/business`,
      body: {
        name: 'Toko Baru',
        paymentInstructions: {
          bankAccounts: [{ bank: 'BCA', accountNumber: '1234567890', accountName: 'Toko Baru' }],
          ewallets: [{ provider: 'gopay', number: '081211112222' }],
          qris: '00020101021126570011ID.DANA.WWW',
        },
      },
      namesIds: false,
    },
    listMembers: { method: 'GET', path: `${v}/members`, namesIds: false },
    updateMember: { method: 'PATCH', path: `${v}/members/${s.staffUserId}`, body: { role: 'viewer' }, namesIds: true },
    createInvitation: {
      method: 'POST',
      path: `${v}/invitations`,
      body: { email: uniqueEmail('invitee'), role: 'viewer' },
      namesIds: false,
    },
    acceptInvitation: { method: 'POST', path: `${v}/invitations/accept`, body: { token: s.invitationToken }, namesIds: true },
    listTokens: { method: 'GET', path: `${v}/tokens`, namesIds: false },
    createToken: { method: 'POST', path: `${v}/tokens`, body: { role: 'viewer', name: 'reports' }, namesIds: false },
    revokeToken: { method: 'DELETE', path: `${v}/tokens/${s.spareTokenId}`, namesIds: true },
    listCustomers: { method: 'GET', path: `${v}/customers?search=budi`, namesIds: false },
    createCustomer: {
      method: 'POST',
      path: `${v}/customers`,
      body: { name: 'Siti', phone: '081233334444', tags: ['grosir'] },
      namesIds: false,
    },
    getCustomer: { method: 'GET', path: `${v}/customers/${s.customerId}`, namesIds: true },
    updateCustomer: {
      method: 'PATCH',
      path: `${v}/customers/${s.customerId}`,
      body: { email: 'budi@example.com' },
      namesIds: true,
    },
    holdCustomer: { method: 'POST', path: `${v}/customers/${s.customerId}/hold`, body: { reason: 'checking' }, namesIds: true },
    releaseCustomer: {
      method: 'POST',
      path: `${v}/customers/${s.customerId}/release`,
      body: { reason: 'checked' },
      namesIds: true,
    },
    getCustomerLedger: { method: 'GET', path: `${v}/customers/${s.customerId}/ledger`, namesIds: true },
    listInvoices: { method: 'GET', path: `${v}/invoices?customerId=${s.customerId}`, namesIds: true },
    createInvoice: {
      method: 'POST',
      path: `${v}/invoices`,
      body: { customerId: s.customerId, lines: [{ description: 'Pulsa 50', quantity: 2, unitPrice: 51000 }], reference: 'PO-1' },
      namesIds: true,
    },
    getInvoice: { method: 'GET', path: `${v}/invoices/${s.invoiceId}`, namesIds: true },
    getInvoicePdf: { method: 'GET', path: `${v}/invoices/${s.invoiceId}/pdf`, namesIds: true },
    sendInvoice: { method: 'POST', path: `${v}/invoices/${s.invoiceId}/send`, body: {}, namesIds: true },
    createCreditNote: {
      method: 'POST',
      path: `${v}/invoices/${s.invoiceId}/credit-notes`,
      body: { amount: 1000, reason: 'typo' },
      namesIds: true,
    },
    writeOffInvoice: {
      method: 'POST',
      path: `${v}/invoices/${s.invoiceId}/write-off`,
      body: { reason: 'moved away' },
      namesIds: true,
    },
    voidInvoice: {
      method: 'POST',
      path: `${v}/invoices/${s.unpaidInvoiceId}/void`,
      body: { reason: 'entered twice' },
      namesIds: true,
    },
    listPayments: { method: 'GET', path: `${v}/payments?customerId=${s.customerId}`, namesIds: true },
    createPayment: {
      method: 'POST',
      path: `${v}/payments`,
      body: { customerId: s.customerId, amount: 5000, method: 'ewallet', provider: 'ovo' },
      namesIds: true,
    },
    getPayment: { method: 'GET', path: `${v}/payments/${s.paymentId}`, namesIds: true },
    getAging: { method: 'GET', path: `${v}/reports/aging?asOf=2026-03-01`, namesIds: false },
    listAudit: { method: 'GET', path: `${v}/audit?objectType=customer`, namesIds: false },
    getPolicy: { method: 'GET', path: `${v}/policy`, namesIds: false },
    updatePolicy: {
      method: 'PATCH',
      path: `${v}/policy`,
      body: { policy: { graceDays: 5 }, reason: 'longer grace' },
      namesIds: false,
    },
    runCollection: { method: 'POST', path: `${v}/collection/run`, body: {}, namesIds: false },
    listTemplates: { method: 'GET', path: `${v}/templates`, namesIds: false },
    getTemplate: { method: 'GET', path: `${v}/templates/receipt/id`, namesIds: false },
    setTemplate: {
      method: 'PUT',
      path: `${v}/templates/receipt/id`,
      body: { body: 'Terima kasih {{customer_name}}, pembayaran {{payment_amount}} sudah kami terima.' },
      namesIds: false,
    },
    resetTemplate: { method: 'DELETE', path: `${v}/templates/receipt/id`, namesIds: false },
    waiveFee: {
      method: 'POST',
      path: `${v}/invoices/${s.feeInvoiceId}/fee-waivers`,
      body: { period: 1, reason: 'first time late' },
      namesIds: true,
    },
    createPromise: {
      method: 'POST',
      path: `${v}/promises`,
      body: { customerId: s.customerId, date: '2026-03-20', amount: 1000, channel: 'phone' },
      namesIds: true,
    },
    openDispute: {
      method: 'POST',
      path: `${v}/invoices/${s.spareInvoiceId}/dispute`,
      body: { reason: 'wrong item' },
      namesIds: true,
    },
    closeDispute: {
      method: 'POST',
      path: `${v}/disputes/${s.disputeId}/close`,
      body: { outcome: 'rejected', note: 'delivery note signed' },
      namesIds: true,
    },
    reportPayment: {
      method: 'POST',
      path: `${v}/pending-payments`,
      body: { customerId: s.customerId, amount: 2000, method: 'qris', reference: 'QR-1' },
      namesIds: true,
    },
    closePendingPayment: {
      method: 'POST',
      path: `${v}/pending-payments/${s.pendingId}/close`,
      body: { outcome: 'rejected', note: 'not in the account' },
      namesIds: true,
    },
    createPlan: {
      method: 'POST',
      path: `${v}/plans`,
      body: {
        customerId: s.customerId,
        invoiceIds: [s.planInvoiceId],
        frequency: 'weekly',
        firstDate: '2026-03-20',
        instalments: 2,
      },
      namesIds: true,
    },
    getCustomerTimeline: { method: 'GET', path: `${v}/customers/${s.customerId}/timeline`, namesIds: true },
    listChannels: { method: 'GET', path: `${v}/channels`, namesIds: false },
    setChannel: {
      method: 'PATCH',
      path: `${v}/channels`,
      body: { channel: 'email', provider: 'smtp', config: { host: 'smtp.example.com', from: 'toko@example.com' } },
      namesIds: false,
    },
    listCustomerNotes: { method: 'GET', path: `${v}/customers/${s.customerId}/notes`, namesIds: true },
    addCustomerNote: {
      method: 'POST',
      path: `${v}/customers/${s.customerId}/notes`,
      body: { kind: 'call', outcome: 'answered', text: 'Sudah ditelepon, akan bayar Jumat' },
      namesIds: true,
    },
    getToday: { method: 'GET', path: `${v}/today`, namesIds: false },
    // Unsigned (the business has no WhatsApp Cloud API set up): refused; issue-13-owner.test.ts sends signed ones.
    verifyWebhook: {
      method: 'GET',
      path: `${v}/webhooks/whatsapp_cloud/${s.businessId}?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`,
      namesIds: false,
    },
    receiveWebhook: {
      method: 'POST',
      path: `${v}/webhooks/whatsapp_cloud/${s.businessId}`,
      raw: '{}',
      contentType: 'application/json',
      namesIds: false,
    },
    listPendingPayments: { method: 'GET', path: `${v}/pending-payments?status=all&customerId=${s.customerId}`, namesIds: true },
    listDisputes: { method: 'GET', path: `${v}/disputes?status=all&customerId=${s.customerId}`, namesIds: true },
    listPromises: { method: 'GET', path: `${v}/promises?status=all&customerId=${s.customerId}`, namesIds: true },
    getStatement: { method: 'GET', path: `${v}/customers/${s.customerId}/statement?from=2026-01-01`, namesIds: true },
    getKpis: { method: 'GET', path: `${v}/reports/kpis?from=2026-01-01`, namesIds: false },
    getForecast: { method: 'GET', path: `${v}/reports/forecast`, namesIds: false },
    getRisk: { method: 'GET', path: `${v}/reports/risk`, namesIds: false },
    getRiskWarnings: { method: 'GET', path: `${v}/reports/risk/warnings?days=30`, namesIds: false },
    getRiskEvaluation: { method: 'GET', path: `${v}/reports/risk/evaluation?asOf=2026-01-15`, namesIds: false },
    importFile: {
      method: 'POST',
      path: `${v}/imports/invoices?fileName=history.csv`,
      raw: `customer_ref,customer_name,invoice_number,issue_date,due_date,amount,paid_date\nIMP1,Impor Satu,IMP-${s.customerId},2026-01-05,2026-01-19,150000,2026-01-20\n`,
      contentType: 'text/csv',
      namesIds: false,
    },
  };
}

/** Every operation of the OpenAPI document: id, method, path template, whether public. */
export async function documentOperations(
  api: ApiUnderTest,
): Promise<{ operationId: string; method: string; path: string; isPublic: boolean; isPerson: boolean }[]> {
  const document = (await api.call('GET', '/api/v1/openapi.json')).body as {
    paths: Record<string, Record<string, { operationId: string; security?: Record<string, unknown>[] }>>;
  };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      isPublic: (op.security ?? []).length === 0,
      isPerson: (op.security ?? []).length === 1 && 'session' in (op.security?.[0] ?? {}),
    })),
  );
}

const TABLES = [
  'businesses',
  'customers',
  'invoices',
  'invoice_lines',
  'payments',
  'payment_allocations',
  'credit_notes',
  'journal_entries',
  'journal_lines',
  'sequences',
  'audit_log',
  'idempotency_keys',
  'users',
  'memberships',
  'sessions',
  'api_tokens',
  'invitations',
];

/** A digest of every row of every table: equal digests mean nothing changed. */
export async function dataDigest(api: ApiUnderTest, businessId?: string): Promise<string> {
  const hash = createHash('sha256');
  for (const table of TABLES) {
    // Filtered to one business: its rows only (people, sessions and keys belong to no one business).
    const isShared = ['users', 'sessions', 'idempotency_keys'].includes(table);
    if (businessId && isShared) continue;
    const column = table === 'businesses' ? sql.ref('id') : sql.ref('business_id');
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)} ${
      businessId ? sql`where ${column} = ${businessId}` : sql``
    }`.execute(api.open.store.db);
    const lines = rows.rows.map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)))).sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

export type { Credentials };
