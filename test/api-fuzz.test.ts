/**
 * Fuzz: 5,000 generated malformed requests across every route of the OpenAPI
 * document (broken JSON, wrong content types, wrong types, negative, fractional
 * and huge amounts, missing and unknown fields, unknown ids, bad query values,
 * bad credentials, bad keys, and hostile text: control characters, direction
 * controls, lone surrogates, noncharacters and invisible-only text in any field,
 * query value or path id, query parameters named after Object.prototype's members,
 * keys given twice, bodies that are not UTF-8). Not one may answer 5xx, and the
 * data must not change at all. The hostile-text mutations alone also run on
 * PostgreSQL, where a NUL used to answer 500.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiUnderTest, openApi } from './api-helpers.js';
import { type Seeded, dataDigest, documentOperations, exampleRequests, seedBusiness } from './api-fixture.js';
import { DIALECTS } from './helpers.js';

const REQUESTS = 5000;
/** The hostile-text mutations alone, on the databases after the first. */
const HOSTILE_REQUESTS = 1500;

type Mutation =
  | { kind: 'content-type'; type: string }
  | { kind: 'broken-json'; text: string }
  | { kind: 'not-an-object'; value: unknown }
  | { kind: 'drop-required'; pick: number }
  | { kind: 'wrong-value'; pick: number; value: unknown }
  | { kind: 'unknown-field'; name: string }
  | { kind: 'unknown-id'; id: string }
  | { kind: 'bad-query'; query: string }
  | { kind: 'bad-credentials'; authorization: string | undefined }
  | { kind: 'bad-key'; key: string }
  | { kind: 'bad-path'; path: string }
  | { kind: 'hostile-text'; pick: number; text: string }
  | { kind: 'hostile-query'; name: string; text: string }
  | { kind: 'hostile-path'; text: string }
  | { kind: 'duplicate-key'; pick: number; value: unknown }
  | { kind: 'invalid-utf8'; pick: number; bytes: readonly number[] };

/** Values wrong for any top-level field: wrong types, negative, fractional, unsafe or too long. */
const wrongValue = fc.oneof(
  fc.constantFrom(-1, -50000, 0.5, 1234.25, 1e20, Number.MAX_SAFE_INTEGER + 2, true, false),
  fc.constantFrom({}, [], [1, 2], { nested: { deep: true } }),
  fc.constant('x'.repeat(10_000)),
);

/** Text no field may take: controls, terminal escapes, direction controls, lone surrogates, noncharacters, invisible only. */
const hostileText = fc.oneof(
  fc.constantFrom(
    'Budi\u0000',
    '\u0000',
    'Budi\u001b[2J\u001b[31m',
    'Budi\u009b31m',
    'Bu\u007fdi',
    'Siti \u202egnp.exe',
    '\u2067Budi\u2069',
    'Budi\ud800',
    '\udc00',
    'Budi\uffff',
    '\u200b',
    ' \u200b\u2060\ufeff ',
    '\u3164',
  ),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\u0000', '\u001b', '\u202e', '\u2066', '\ud83d', '\ufdd0', '\u0085'))
    .map(([text, bad]) => `${text}${bad}${text}`),
);
/** Text a URL can carry (UTF-8: no lone surrogates). */
const hostileUrlText = hostileText.filter((text) => !/\p{Cs}/u.test(text));

const hostileMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('hostile-text' as const), pick: fc.nat(), text: hostileText }),
  fc.record({
    kind: fc.constant('hostile-query' as const),
    name: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf'),
    text: fc.oneof(fc.constant('1'), hostileUrlText),
  }),
  fc.record({
    kind: fc.constant('hostile-query' as const),
    name: fc.constantFrom('search', 'limit', 'asOf'),
    text: hostileUrlText,
  }),
  fc.record({ kind: fc.constant('hostile-path' as const), text: hostileUrlText }),
  fc.record({
    kind: fc.constant('duplicate-key' as const),
    pick: fc.nat(),
    value: fc.oneof(fc.constantFrom(999999, 'x', null), wrongValue),
  }),
  fc.record({
    kind: fc.constant('invalid-utf8' as const),
    pick: fc.nat(),
    bytes: fc.constantFrom([0xc3], [0xff], [0xfe], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80]),
  }),
);

/** Every string leaf of a JSON value, as a path of keys and indexes. */
function stringLeaves(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...at, String(index)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...at, key]));
  return [];
}

function withLeaf(value: unknown, at: readonly string[], replacement: string): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at as [string, ...string[]];
  if (Array.isArray(value))
    return value.map((item, index) => (String(index) === head ? withLeaf(item, rest, replacement) : item));
  return { ...(value as Record<string, unknown>), [head]: withLeaf((value as Record<string, unknown>)[head], rest, replacement) };
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  hostileMutation,
  fc.record({
    kind: fc.constant('content-type' as const),
    type: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', ''),
  }),
  fc.record({
    kind: fc.constant('broken-json' as const),
    text: fc
      .oneof(fc.string({ maxLength: 40 }), fc.constantFrom('{', '{"a":', "{'a':1}", '[1,', 'nul', '{"amount": 1,}'))
      .filter((text) => {
        try {
          JSON.parse(text);
          return false;
        } catch {
          return true;
        }
      }),
  }),
  fc.record({
    kind: fc.constant('not-an-object' as const),
    value: fc.oneof(fc.integer(), fc.string({ maxLength: 10 }), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 })),
  }),
  fc.record({ kind: fc.constant('drop-required' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('wrong-value' as const), pick: fc.nat(), value: wrongValue }),
  fc.record({
    kind: fc.constant('unknown-field' as const),
    name: fc.constantFrom('isAdmin', 'businessId', 'balance', '__proto__x', 'status', 'id'),
  }),
  fc.record({ kind: fc.constant('unknown-id' as const), id: fc.stringMatching(/^(cus|inv|pay|tok|usr)_[0-9a-z]{1,26}$/) }),
  fc.record({
    kind: fc.constant('bad-query' as const),
    query: fc.constantFrom(
      'limit=0',
      'limit=-1',
      'limit=abc',
      'limit=100000',
      'limit=1.5',
      'status=lost',
      'overdue=maybe',
      'asOf=2026-13-01',
      'asOf=yesterday',
      'from=soon',
      'unknown=1',
    ),
  }),
  fc.record({
    kind: fc.constant('bad-credentials' as const),
    authorization: fc.constantFrom(
      undefined,
      'Bearer',
      'Bearer lunas_tok_forged',
      'Basic dXNlcjpwYXNz',
      'Token abc',
      'Bearer a b',
    ),
  }),
  fc.record({ kind: fc.constant('bad-key' as const), key: fc.constant('k'.repeat(256)) }),
  fc.record({
    kind: fc.constant('bad-path' as const),
    path: fc.constantFrom(
      '/api/v1/customers/%ZZ',
      '/api/v1/invoices/../../etc',
      '/api/v1/payments/x/y',
      '/api/v2/customers',
      '/api/v1/customers/',
    ),
  }),
);

const SUITES = [
  ...DIALECTS.slice(0, 1).map((dialect) => ({ dialect, mutations: mutation, requests: REQUESTS, what: 'malformed' })),
  ...DIALECTS.slice(1).map((dialect) => ({
    dialect,
    mutations: hostileMutation,
    requests: HOSTILE_REQUESTS,
    what: 'hostile-text',
  })),
];

describe.each(SUITES)('fuzzing the API on $dialect.name ($what)', ({ dialect, mutations, requests, what }) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeAll(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'F');
  });
  afterAll(() => api.close());

  it(`answers ${requests} ${what} requests with 4xx and changes nothing (issue 12 defect 6: hostile text included)`, async () => {
    const operations = await documentOperations(api);
    const document = (await api.call('GET', '/api/v1/openapi.json')).body;
    const examples = exampleRequests(s);
    const before = await dataDigest(api);
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: operations.length - 1 }), mutations, async (index, change) => {
        const op = operations[index] as (typeof operations)[number];
        const example = examples[op.operationId];
        if (!example) throw new Error(`no example for ${op.operationId}`);
        const schema = document.paths[op.path][op.method.toLowerCase()].requestBody?.content['application/json']?.schema;
        const required: string[] = schema?.required ?? [];
        const body = example.body as Record<string, unknown> | undefined;
        const fields = body ? Object.keys(body) : [];
        let method = example.method;
        let path = example.path;
        let raw: string | undefined = example.raw ?? (body === undefined ? undefined : JSON.stringify(body));
        let bytes: Uint8Array | undefined;
        const leaves = stringLeaves(body);
        const headers: Record<string, string> =
          example.raw !== undefined
            ? { 'content-type': example.contentType ?? 'text/csv' }
            : body === undefined
              ? {}
              : { 'content-type': 'application/json' };
        let authorization: string | undefined = op.isPublic ? undefined : `Bearer ${s.tokens.owner}`;
        const sessionCookie = op.isPerson ? `lunas_session=${s.session.cookie}` : undefined;
        let isApplicable = true;
        switch (change.kind) {
          case 'content-type':
            isApplicable = body !== undefined;
            if (change.type) headers['content-type'] = change.type;
            else delete headers['content-type'];
            break;
          case 'broken-json':
            isApplicable = body !== undefined;
            raw = change.text;
            break;
          case 'not-an-object':
            isApplicable = body !== undefined;
            raw = JSON.stringify(change.value);
            break;
          case 'drop-required': {
            isApplicable = required.length > 0;
            const field = required[change.pick % Math.max(1, required.length)] as string;
            raw = JSON.stringify(Object.fromEntries(Object.entries(body ?? {}).filter(([key]) => key !== field)));
            break;
          }
          case 'wrong-value': {
            const field = fields[change.pick % Math.max(1, fields.length)] as string;
            // An empty list is a right value for a list field (a customer's tags), not a wrong one.
            const emptyList = Array.isArray(change.value) && change.value.length === 0 && Array.isArray(body?.[field]);
            isApplicable = fields.length > 0 && !emptyList;
            raw = JSON.stringify({ ...body, [field]: change.value });
            break;
          }
          case 'unknown-field':
            isApplicable = body !== undefined;
            raw = JSON.stringify({ ...body, [change.name]: 1 });
            break;
          case 'unknown-id':
            isApplicable = op.path.includes('{id}');
            path = op.path.replace('{id}', change.id);
            break;
          case 'bad-query':
            isApplicable =
              method === 'GET' && !op.isPerson && op.operationId !== 'getBusiness' && op.operationId !== 'listMembers';
            path = `${example.path.split('?')[0]}?${change.query}`;
            break;
          case 'bad-credentials':
            isApplicable = !op.isPublic && !op.isPerson;
            authorization = change.authorization;
            break;
          case 'bad-key':
            isApplicable = method !== 'GET';
            headers['idempotency-key'] = change.key;
            break;
          case 'bad-path':
            method = 'GET';
            path = change.path;
            break;
          case 'hostile-text':
            isApplicable = leaves.length > 0;
            raw = JSON.stringify(withLeaf(body, leaves[change.pick % Math.max(1, leaves.length)] ?? [], change.text));
            break;
          case 'hostile-query': {
            isApplicable = method === 'GET' && op.operationId !== 'getMe' && op.operationId !== 'listBusinesses';
            const [base = '', query = ''] = example.path.split('?');
            const params = new URLSearchParams(query);
            // The hostile text replaces the value: appended to one, a blank (U+3164) is only trailing space, trimmed.
            params.set(change.name, change.text);
            path = `${base}?${params.toString()}`;
            break;
          }
          case 'hostile-path':
            isApplicable = op.path.includes('{id}');
            path = `${op.path.replace('{id}', encodeURIComponent(change.text))}${example.path.includes('?') ? `?${example.path.split('?')[1]}` : ''}`;
            break;
          case 'duplicate-key': {
            isApplicable = fields.length > 0;
            const field = fields[change.pick % Math.max(1, fields.length)] as string;
            if (isApplicable)
              raw = `${JSON.stringify(body).slice(0, -1)},${JSON.stringify(field)}:${JSON.stringify(change.value)}}`;
            break;
          }
          case 'invalid-utf8': {
            isApplicable = leaves.length > 0;
            const marked = JSON.stringify(withLeaf(body, leaves[change.pick % Math.max(1, leaves.length)] ?? [], '\u0001MARK'));
            const [before = '', after = ''] = marked.split('\\u0001MARK');
            const encoder = new TextEncoder();
            bytes = new Uint8Array([...encoder.encode(before), ...change.bytes, ...encoder.encode(after)]);
            break;
          }
        }
        if (!isApplicable) return;
        if (authorization !== undefined) headers.authorization = authorization;
        if (sessionCookie && change.kind !== 'bad-credentials') {
          headers.cookie = sessionCookie;
          headers['x-csrf-token'] = s.session.csrf;
        }
        if (op.isPerson && op.operationId === 'signOut') return; // Valid by nature: it has no input to break.
        const answer = await api.call(method, path, {
          ...(raw === undefined || method === 'GET' ? {} : { raw }),
          ...(bytes === undefined ? {} : { bytes }),
          headers,
        });
        sent++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status < 400 || answer.status >= 500)
          throw new Error(
            `${op.operationId} ${change.kind} ${method} ${path} ${raw?.slice(0, 200)} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`,
          );
        if (path.startsWith('/api/')) expect(typeof answer.body.error?.code).toBe('string');
      }),
      { numRuns: requests * 3, seed: 20261122 },
    );
    expect(sent).toBeGreaterThanOrEqual(requests);
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
    expect(await dataDigest(api)).toBe(before);
  }, 600_000);
});
