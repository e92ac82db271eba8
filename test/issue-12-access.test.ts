/**
 * Issue 12, access: fields of a request that are an owner's right although the
 * route is not (defect 2), and the smaller access defects (defect 7): no-store
 * answers, token expiry, idempotency keys scoped to their caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCustomer } from '../src/app/customers.js';
import { type ApiUnderTest, openApi, signUpOwner } from './api-helpers.js';
import { type Seeded, dataDigest, seedBusiness, uniqueEmail } from './api-fixture.js';
import { DIALECTS } from './helpers.js';
import { getBusiness } from '../src/store/parties-repo.js';

/**
 * Every body field of every unsafe business route staff may call, classified by
 * hand against the role table (owner: everything; staff: contact details,
 * holds, sales, payments; never credit limits, terms, overrides or
 * corrections). `staff`: the route's permission suffices. Otherwise a request
 * that sets the field beyond its neutral value, which staff must be refused
 * naming the field(s) and the owner must be allowed.
 */
type FieldRule = 'staff' | { owner: (s: Seeded) => { body: unknown; fields: string[] } };
const STAFF_ROUTE_FIELDS: Record<string, Record<string, FieldRule>> = {
  createCustomer: {
    name: 'staff',
    phone: 'staff',
    email: 'staff',
    ref: 'staff',
    tags: 'staff',
    preferredChannel: 'staff',
    channelOrder: 'staff',
    optOut: 'staff',
    optIn: 'staff',
    locale: 'staff',
    creditLimit: { owner: () => ({ body: { name: 'Rina', creditLimit: 999_999_999_999 }, fields: ['creditLimit'] }) },
    termsDays: { owner: () => ({ body: { name: 'Rina', termsDays: 3650 }, fields: ['termsDays'] }) },
  },
  updateCustomer: {
    name: 'staff',
    phone: 'staff',
    email: 'staff',
    ref: 'staff',
    tags: 'staff',
    preferredChannel: 'staff',
    channelOrder: 'staff',
    optOut: 'staff',
    optIn: 'staff',
    locale: 'staff',
    creditLimit: { owner: () => ({ body: { creditLimit: 9000 }, fields: ['creditLimit'] }) },
    termsDays: { owner: () => ({ body: { termsDays: 60 }, fields: ['termsDays'] }) },
  },
  holdCustomer: { reason: 'staff' },
  // Issue 13: the communication log and a customer's channel preferences are staff work, like contact details.
  addCustomerNote: { kind: 'staff', outcome: 'staff', date: 'staff', text: 'staff' },
  createInvoice: {
    customerId: 'staff',
    lines: 'staff',
    amount: 'staff',
    description: 'staff',
    issueDate: 'staff',
    allowOldDate: 'staff',
    reference: 'staff',
    dueDate: {
      owner: (s) => ({ body: { customerId: s.customerId, amount: 5000, dueDate: '2036-03-02' }, fields: ['dueDate'] }),
    },
    overrideReason: {
      owner: (s) => ({ body: { customerId: s.customerId, amount: 5000, overrideReason: 'regular' }, fields: ['overrideReason'] }),
    },
  },
  createPayment: {
    customerId: 'staff',
    amount: 'staff',
    method: 'staff',
    provider: 'staff',
    invoiceId: 'staff',
    date: 'staff',
    allowOldDate: 'staff',
    reference: 'staff',
  },
  runCollection: { asOf: 'staff', dryRun: 'staff' },
  createPromise: { customerId: 'staff', date: 'staff', amount: 'staff', channel: 'staff', note: 'staff' },
  openDispute: { reason: 'staff' },
  closeDispute: {
    note: 'staff',
    outcome: {
      owner: () => ({
        body: { outcome: 'resolved', note: 'billed twice indeed', creditAmount: 1000 },
        fields: ['outcome', 'creditAmount'],
      }),
    },
    creditAmount: {
      owner: () => ({
        body: { outcome: 'resolved', note: 'billed twice indeed', creditAmount: 1000 },
        fields: ['outcome', 'creditAmount'],
      }),
    },
  },
  reportPayment: {
    customerId: 'staff',
    amount: 'staff',
    method: 'staff',
    provider: 'staff',
    invoiceId: 'staff',
    reference: 'staff',
    note: 'staff',
    date: 'staff',
    allowOldDate: 'staff',
  },
  closePendingPayment: {
    outcome: 'staff',
    note: 'staff',
    date: { owner: () => ({ body: { outcome: 'verified', date: '2026-02-20' }, fields: ['date'] }) },
  },
  createPlan: {
    customerId: 'staff',
    invoiceIds: 'staff',
    frequency: 'staff',
    firstDate: 'staff',
    instalments: 'staff',
    amounts: 'staff',
    note: 'staff',
  },
  // Issue 13: the outbox's actions (staff send, retry and cancel messages; nothing in them is the owner's alone).
  retryMessage: {},
  cancelMessage: { reason: 'staff' },
  openMessage: {},
  // Staff send invoices to customers as they send reminders; the channel is theirs to choose.
  sendInvoice: { channel: 'staff' },
};

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; description?: string; requestBody?: any }>>;
  components: { schemas: Record<string, any> };
}

/** The body fields of every operation that takes a JSON body, by operationId, with the roles of the route. */
async function bodyFields(api: ApiUnderTest): Promise<Map<string, { roles: string[]; fields: string[] }>> {
  const document = (await api.call('GET', '/api/v1/openapi.json')).body as OpenApiDocument;
  const resolve = (schema: any): any =>
    schema?.$ref ? resolve(document.components.schemas[String(schema.$ref).split('/').pop() as string]) : schema;
  const found = new Map<string, { roles: string[]; fields: string[] }>();
  for (const methods of Object.values(document.paths))
    for (const op of Object.values(methods)) {
      const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
      if (!schema) continue;
      const roles = /Roles: ([a-z, ]+)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? [];
      found.set(op.operationId, { roles, fields: Object.keys(schema.properties ?? {}).sort() });
    }
  return found;
}

describe.each(DIALECTS)('issue 12 access on $name', (dialect) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeEach(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'A12');
  });
  afterEach(() => api.close());

  it('issue 12 defect 2: staff cannot give a new customer a credit limit or terms other than the defaults', async () => {
    const before = await dataDigest(api, s.businessId);
    const refused = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Rina', creditLimit: 999_999_999_999, termsDays: 3650 },
      as: { token: s.tokens.staff },
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect(refused.body.error.details.fields).toEqual(['creditLimit', 'termsDays']);
    expect(refused.body.error.message).toContain('creditLimit');
    expect(await dataDigest(api, s.businessId)).toBe(before);
    // The business's own terms are no change: staff may send them, and the customer follows the default.
    const plain = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Rina', termsDays: 14 },
      as: { token: s.tokens.staff },
    });
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body.termsDays).toBe(14);
    const byOwner = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Rina Besar', creditLimit: 999_999_999_999, termsDays: 3650 },
      as: { token: s.tokens.owner },
    });
    expect(byOwner.status, JSON.stringify(byOwner.body)).toBe(201);
    expect(byOwner.body.creditLimit).toBe(999_999_999_999);
    // The command line and every other caller go through the same use case: it refuses staff too.
    const business = await getBusiness(api.open.store.db, s.businessId);
    const direct = await addCustomer(
      { store: api.open.store, clock: api.clock, ids: api.open.ids, actor: { name: 'cli:staff', role: 'staff' } },
      business!,
      { name: 'Lewat CLI', creditLimit: 5_000_000 },
    );
    expect(direct.ok).toBe(false);
    if (!direct.ok) expect([direct.code, direct.details.fields]).toEqual(['forbidden', ['creditLimit']]);
  });

  it('issue 12 defect 2: staff may send the neutral values of owner fields', async () => {
    const as = { token: s.tokens.staff };
    const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Dewi', termsDays: 14 }, as });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    const same = await api.call('PATCH', `/api/v1/customers/${customer.body.id}`, { body: { termsDays: null }, as });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    // An earlier due date than the terms give is stricter, not a favour.
    const sooner = await api.call('POST', '/api/v1/invoices', {
      body: { customerId: customer.body.id, amount: 5000, dueDate: '2026-03-05' },
      as,
    });
    expect(sooner.status, JSON.stringify(sooner.body)).toBe(201);
    expect(sooner.body.dueDate).toBe('2026-03-05');
    const onTerms = await api.call('POST', '/api/v1/invoices', {
      body: { customerId: customer.body.id, amount: 5000, dueDate: '2026-03-16' },
      as,
    });
    expect(onTerms.status, JSON.stringify(onTerms.body)).toBe(201);
    const later = await api.call('POST', '/api/v1/invoices', {
      body: { customerId: customer.body.id, amount: 5000, dueDate: '2026-03-17' },
      as,
    });
    expect(later.status, JSON.stringify(later.body)).toBe(403);
    expect(later.body.error.details.fields).toEqual(['dueDate']);
    const verified = await api.call('POST', `/api/v1/pending-payments/${s.pendingId}/close`, {
      body: { outcome: 'verified' },
      as,
    });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  });
});

// The walk goes through use cases that do not depend on the database: one is enough (as in api-roles).
describe.each(DIALECTS.slice(0, 1))('issue 12 field walk on $name', (dialect) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeEach(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'W12');
  });
  afterEach(() => api.close());

  it('issue 12 defect 2: every body field of every route staff may call is walked against the role table', async () => {
    const fields = await bodyFields(api);
    // Every route staff may call with a body is classified here, field by field.
    const staffRoutes = [...fields].filter(([, op]) => op.roles.includes('staff')).map(([id]) => id);
    expect(staffRoutes.sort()).toEqual(Object.keys(STAFF_ROUTE_FIELDS).sort());
    for (const [operationId, rules] of Object.entries(STAFF_ROUTE_FIELDS))
      expect(Object.keys(rules).sort(), operationId).toEqual(fields.get(operationId)?.fields);
    const paths: Record<string, (s: Seeded) => [string, string]> = {
      createCustomer: () => ['POST', '/api/v1/customers'],
      updateCustomer: (x) => ['PATCH', `/api/v1/customers/${x.customerId}`],
      createInvoice: () => ['POST', '/api/v1/invoices'],
      closeDispute: (x) => ['POST', `/api/v1/disputes/${x.disputeId}/close`],
      closePendingPayment: (x) => ['POST', `/api/v1/pending-payments/${x.pendingId}/close`],
    };
    let checked = 0;
    for (const [operationId, rules] of Object.entries(STAFF_ROUTE_FIELDS))
      for (const [field, rule] of Object.entries(rules)) {
        if (rule === 'staff') continue;
        const route = paths[operationId];
        if (!route) throw new Error(`no path for ${operationId}`);
        const [method, path] = route(s);
        const { body, fields: named } = rule.owner(s);
        const before = await dataDigest(api, s.businessId);
        const staff = await api.call(method, path, { body, as: { token: s.tokens.staff } });
        expect(staff.status, `${operationId}.${field} as staff: ${JSON.stringify(staff.body)}`).toBe(403);
        expect(staff.body.error.details.fields, `${operationId}.${field}`).toEqual(named);
        expect(await dataDigest(api, s.businessId), `${operationId}.${field} wrote nothing`).toBe(before);
        const owner = await api.call(method, path, { body, as: { token: s.tokens.owner } });
        expect(owner.status, `${operationId}.${field} as owner: ${JSON.stringify(owner.body)}`).toBeLessThan(300);
        checked += 1;
        // The owner's call changed the seeded objects (a dispute closed, a payment verified): start again.
        await api.close();
        api = await openApi(dialect);
        s = await seedBusiness(api, `A12-${checked}`);
      }
    expect(checked).toBe(9);
  });
});

describe.each(DIALECTS)('issue 12 defect 7 on $name', (dialect) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeEach(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'T12');
  });
  afterEach(() => api.close());

  it('issue 12 defect 7: an API token may expire; the list shows when, and an expired token answers 401', async () => {
    const as = { token: s.tokens.owner };
    const made = await api.call('POST', '/api/v1/tokens', {
      body: { role: 'viewer', name: 'laporan bulanan', expiresAt: '2026-03-09T02:00:00Z' },
      as,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.expiresAt).toBe('2026-03-09T02:00:00.000Z');
    const listed = await api.call('GET', '/api/v1/tokens', { as });
    const row = listed.body.tokens.find((token: { id: string }) => token.id === made.body.id);
    expect(row.expiresAt).toBe('2026-03-09T02:00:00.000Z');
    expect(listed.body.tokens.find((token: { name: string }) => token.name === 'staff token').expiresAt).toBeNull();
    expect((await api.call('GET', '/api/v1/customers', { as: { token: made.body.token } })).status).toBe(200);
    api.clock.advanceMs(7 * 24 * 3600 * 1000);
    const expired = await api.call('GET', '/api/v1/customers', {
      as: { token: made.body.token },
      headers: { 'accept-language': 'en' },
    });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('unauthenticated');
    expect(expired.body.error.message).toMatch(/expired/);
    // Other tokens work on; an expiry in the past is refused by name.
    expect((await api.call('GET', '/api/v1/customers', { as })).status).toBe(200);
    const past = await api.call('POST', '/api/v1/tokens', { body: { role: 'viewer', expiresAt: '2026-03-01T00:00:00Z' }, as });
    expect(past.status).toBe(400);
    expect(Object.keys(past.body.error.details.fields)).toEqual(['expiresAt']);
  });

  it("issue 12 defect 7: idempotency keys of sign-up, new businesses and invitations are the caller's own", async () => {
    const key = { 'idempotency-key': 'the-same-key' };
    // Two strangers from two addresses who happen to pick the same key each get their own account.
    const first = await api.call('POST', '/api/v1/auth/signup', {
      body: { email: uniqueEmail('first'), password: 'first password', name: 'Ani', businessName: 'Toko Ani' },
      headers: key,
      address: '192.0.2.1',
    });
    const second = await api.call('POST', '/api/v1/auth/signup', {
      body: { email: uniqueEmail('second'), password: 'second password', name: 'Budi', businessName: 'Toko Budi' },
      headers: key,
      address: '192.0.2.2',
    });
    expect([first.status, second.status], JSON.stringify(second.body)).toEqual([201, 201]);
    expect(second.body.user.id).not.toBe(first.body.user.id);
    // Two people who create a business with the same key each get theirs.
    const ani = await signUpOwner(api, uniqueEmail('ani'));
    const budi = await signUpOwner(api, uniqueEmail('budi'));
    const made = [];
    for (const person of [ani, budi])
      made.push(
        await api.call('POST', '/api/v1/businesses', { body: { name: 'Cabang' }, headers: key, as: { session: person.session } }),
      );
    expect(
      made.map((answer) => answer.status),
      JSON.stringify(made[1]?.body),
    ).toEqual([201, 201]);
    expect(made[1]?.body.business.id).not.toBe(made[0]?.body.business.id);
    // A replay by the same person is still the first answer.
    const again = await api.call('POST', '/api/v1/businesses', {
      body: { name: 'Cabang' },
      headers: key,
      as: { session: ani.session },
    });
    expect(again.body.business.id).toBe(made[0]?.body.business.id);
    // Invitations accepted by two people with one key.
    const accepted = [];
    for (const person of [ani, budi]) {
      const me = await api.call('GET', '/api/v1/me', { as: { session: person.session } });
      const invitation = await api.call('POST', '/api/v1/invitations', {
        body: { email: me.body.user.email, role: 'viewer' },
        as: { token: s.tokens.owner },
      });
      accepted.push(
        await api.call('POST', '/api/v1/invitations/accept', {
          body: { token: invitation.body.token },
          headers: { 'idempotency-key': 'joining-key' },
          as: { session: person.session },
        }),
      );
    }
    expect(
      accepted.map((answer) => answer.status),
      JSON.stringify(accepted[1]?.body),
    ).toEqual([200, 200]);
  });
});
