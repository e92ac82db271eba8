/**
 * Tenant isolation: every route of the OpenAPI document, called with a second
 * business's credentials, either naming the first business (header) or its
 * objects (path, body, query), answers 404 (or 403), and the first business's
 * data is unchanged afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUnderTest, openApi } from './api-helpers.js';
import { type Seeded, dataDigest, documentOperations, exampleRequests, seedBusiness, sendOf } from './api-fixture.js';
import { DIALECTS } from './helpers.js';

describe.each(DIALECTS)('tenant isolation on $name', (dialect) => {
  let api: ApiUnderTest;
  let a: Seeded;
  let b: Seeded;
  beforeAll(async () => {
    api = await openApi(dialect);
    a = await seedBusiness(api, 'A');
    b = await seedBusiness(api, 'B');
  });
  afterAll(() => api.close());

  const aIds = () => [
    a.businessId,
    a.customerId,
    a.invoiceId,
    a.paymentId,
    a.unpaidInvoiceId,
    a.spareTokenId,
    a.staffUserId,
    a.ownerId,
  ];

  it("answers 404 or 403 on every business route when B names business A or A's objects", async () => {
    const before = await dataDigest(api, a.businessId);
    const operations = await documentOperations(api);
    const examples = exampleRequests(a);
    const walked: string[] = [];
    for (const op of operations) {
      const example = examples[op.operationId];
      expect(example, `an example request for ${op.operationId}`).toBeDefined();
      if (!example || op.isPublic) continue;
      if (op.isPerson) {
        if (op.operationId !== 'acceptInvitation') continue;
        // A's invitation, accepted by B's owner: refused and nothing joined.
        const answer = await api.call(example.method, example.path, { ...sendOf(example), as: { session: b.session } });
        expect(answer.status, op.operationId).toBeGreaterThanOrEqual(400);
        expect(answer.status, op.operationId).toBeLessThan(500);
        walked.push(op.operationId);
        continue;
      }
      // B's token or B's session naming business A in the header: as if A did not exist.
      for (const as of [
        { token: b.tokens.owner, business: a.businessId },
        { session: b.session, business: a.businessId },
      ]) {
        const answer = await api.call(example.method, example.path, { ...sendOf(example), as });
        expect([403, 404], `${op.operationId} with Lunas-Business of A`).toContain(answer.status);
      }
      // B's own credentials with A's object ids.
      const answer = await api.call(example.method, example.path, { ...sendOf(example), as: { token: b.tokens.owner } });
      if (example.namesIds) expect([403, 404], `${op.operationId} with A's ids`).toContain(answer.status);
      else {
        expect(answer.status, `${op.operationId} on B's own data`).toBeLessThan(500);
        const text = JSON.stringify(answer.body);
        for (const id of aIds()) expect(text.includes(id), `${op.operationId} shows ${id} of A`).toBe(false);
      }
      walked.push(op.operationId);
    }
    expect(walked.length).toBeGreaterThan(25);
    expect(await dataDigest(api, a.businessId)).toBe(before);
  });

  it("answers every read of A's objects by B with the same 404 as an id that never existed", async () => {
    const ours = await api.call('GET', `/api/v1/customers/${a.customerId}`, { as: { token: b.tokens.owner } });
    const never = await api.call('GET', '/api/v1/customers/cus_doesnotexist', { as: { token: b.tokens.owner } });
    expect(ours.status).toBe(404);
    expect(never.status).toBe(404);
    expect(ours.body.error.code).toBe(never.body.error.code);
    expect(Object.keys(ours.body.error.details).sort()).toEqual(Object.keys(never.body.error.details).sort());
  });
});
