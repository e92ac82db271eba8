/**
 * Issue 12, the outside prober's findings: deeply nested JSON, U+FFFD from argv, blank-looking
 * text, X-Forwarded-For with ports or junk, large aging amounts, impossible token dates, and
 * `defaultTermsDays` in PATCH /business. Decisions 0013 and 0015.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { DEFAULT_AUTH_LIMITS } from '../src/api/routes-access.js';
import { parseInstant } from '../src/core/dates.js';
import { cleanText, hasVisibleCharacter, parseStrictJson, refusedTextIn } from '../src/core/text.js';
import { type ApiUnderTest, openApi } from './api-helpers.js';
import { type Seeded, seedBusiness } from './api-fixture.js';
import { DIALECTS } from './helpers.js';

const deep = (depth: number) => `{"name":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const en = { 'accept-language': 'en' };

describe('issue 12 (probe): the text rule', () => {
  it('issue 12 (probe): JSON nested deeper than 32 levels is refused, and no value overflows the walk', () => {
    const refused = parseStrictJson(deep(5000));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.field).toBe('body');
    expect(!refused.ok && refused.reason.key).toBe('text.too_deep');
    expect(parseStrictJson(deep(31)).ok).toBe(true);
    expect(parseStrictJson(deep(32)).ok).toBe(false);
    // A value built in memory, as deep as one likes, is walked without recursion.
    let value: unknown = '\u0000';
    for (let i = 0; i < 20_000; i++) value = [value];
    expect([...refusedTextIn(value).values()].map((reason) => reason.key)).toEqual(['text.control']);
  });

  it('issue 12 (probe): U+FFFD, the Braille blank and the interlinear annotation characters are handled by the text rule', () => {
    expect(refusedTextIn({ name: 'Bad\ufffd(name' }).get('name')?.key).toBe('text.replacement_character');
    expect(hasVisibleCharacter(cleanText('\u2800'))).toBe(false);
    expect(hasVisibleCharacter(cleanText('\u2800 \u3164'))).toBe(false);
    expect(cleanText('\u2800Siti\u2800')).toBe('Siti');
    expect(refusedTextIn({ name: 'Siti\ufff9A\ufffaB\ufffb' }).get('name')?.key).toBe('text.annotation');
  });
});

describe('issue 12 (probe): instants', () => {
  it.each([
    ['2027-02-28T00:00:00Z', '2027-02-28T00:00:00.000Z'],
    ['2028-02-29T23:59:59.5+07:00', '2028-02-29T16:59:59.500Z'],
    ['2027-03-01T00:00-05:30', '2027-03-01T05:30:00.000Z'],
    ['2027-02-29T00:00:00Z', undefined],
    ['2027-02-30T00:00:00Z', undefined],
    ['2027-04-31T00:00:00Z', undefined],
    ['2027-13-01T00:00:00Z', undefined],
    ['2027-00-10T00:00:00Z', undefined],
    ['2027-01-00T00:00:00Z', undefined],
    ['2027-01-01T24:00:00Z', undefined],
    ['2027-01-01T10:60:00Z', undefined],
    ['2027-01-01T10:00:60Z', undefined],
    ['2027-01-01T10:00:00+24:00', undefined],
    ['2027-01-01T10:00:00', undefined],
  ])('issue 12 (probe): %s is the instant %s, never rolled over', (text, expected) => {
    expect(parseInstant(text)?.toISOString()).toBe(expected);
  });
});

describe.each(DIALECTS)('issue 12 (probe) on $name', (dialect) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeAll(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'P');
  });
  afterAll(() => api.close());

  it('issue 12 (probe): a deeply nested JSON body answers 400 naming the depth, on a public and a business route', async () => {
    for (const [url, as] of [
      ['/api/v1/auth/signin', undefined],
      ['/api/v1/customers', { token: s.tokens.owner }],
    ] as const) {
      const answer = await api.call('POST', url, {
        raw: deep(5000),
        headers: { 'content-type': 'application/json', ...en },
        ...(as ? { as } : {}),
      });
      expect(answer.status, url).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.details.fields.body).toBe('is nested deeper than 32 levels');
    }
    const id = await api.call('POST', '/api/v1/customers', {
      raw: deep(40),
      headers: { 'content-type': 'application/json', 'accept-language': 'id' },
      as: { token: s.tokens.owner },
    });
    expect(id.body.error.details.fields.body).toContain('32');
    expect(id.body.error.details.fields.body).not.toBe('is nested deeper than 32 levels');
  });

  it('issue 12 (probe): blank-looking names, reasons and tags are refused on every path; annotation characters refused', async () => {
    const as = { token: s.tokens.owner };
    for (const name of ['\u2800', ' \u2800 ']) {
      const answer = await api.call('POST', '/api/v1/customers', { body: { name }, as, headers: en });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.error.details.fields.name).toContain('visible');
    }
    const annotated = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Siti\ufff9A\ufffaB\ufffb' },
      as,
      headers: en,
    });
    expect(annotated.status).toBe(400);
    expect(annotated.body.error.details.fields.name).toContain('U+FFF9');
    const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Budi Santoso' }, as });
    const hold = await api.call('POST', `/api/v1/customers/${customer.body.id}/hold`, { body: { reason: '\u2800' }, as });
    expect(hold.status).toBe(400);
    const tagged = await api.call('POST', '/api/v1/customers', { body: { name: 'Ani', tags: ['\u3164'] }, as, headers: en });
    expect(tagged.status).toBe(400);
    const patched = await api.call('PATCH', `/api/v1/customers/${customer.body.id}`, {
      body: { tags: ['grosir', '\u3164'] },
      as,
    });
    expect(patched.status).toBe(400);
    const kept = await api.call('PATCH', `/api/v1/customers/${customer.body.id}`, { body: { tags: ['\u200bgrosir'] }, as });
    expect(kept.body.tags).toEqual(['grosir']);
  });

  it('issue 12 (probe): GET /reports/aging takes minAmount up to the money bound', async () => {
    const as = { token: s.tokens.owner };
    const large = await api.call('GET', '/api/v1/reports/aging?minAmount=1000000000000000', { as });
    expect(large.status).toBe(200);
    const bound = await api.call('GET', `/api/v1/reports/aging?minAmount=${Number.MAX_SAFE_INTEGER}`, { as });
    expect(bound.status).toBe(200);
    const past = await api.call('GET', `/api/v1/reports/aging?minAmount=${Number.MAX_SAFE_INTEGER + 1}`, { as, headers: en });
    expect(past.status).toBe(400);
    expect(past.body.error.details.fields.minAmount).toContain('the most Lunas keeps exact');
    const digits = await api.call('GET', '/api/v1/reports/aging?minAmount=12345678901234567', { as, headers: en });
    expect(digits.status).toBe(400);
  });

  it('issue 12 (probe): a token expiring on an impossible date or time is refused on expiresAt', async () => {
    const as = { token: s.tokens.owner };
    for (const expiresAt of [
      '2027-02-30T00:00:00Z',
      '2027-04-31T10:00:00+07:00',
      '2027-01-01T24:30:00Z',
      '2027-01-01T10:61:00Z',
    ]) {
      const answer = await api.call('POST', '/api/v1/tokens', { body: { role: 'viewer', expiresAt }, as });
      expect(answer.status, expiresAt).toBe(400);
      expect(Object.keys(answer.body.error.details.fields)).toEqual(['expiresAt']);
    }
    const fine = await api.call('POST', '/api/v1/tokens', {
      body: { role: 'viewer', expiresAt: '2028-02-29T17:00:00+07:00' },
      as,
    });
    expect(fine.status).toBe(201);
    expect(fine.body.expiresAt).toBe('2028-02-29T10:00:00.000Z');
  });

  it('issue 12 (probe): PATCH /business takes defaultTermsDays, the name GET /business answers with', async () => {
    const as = { token: s.tokens.owner };
    const patched = await api.call('PATCH', '/api/v1/business', { body: { defaultTermsDays: 30 }, as });
    expect(patched.status).toBe(200);
    expect(patched.body.defaultTermsDays).toBe(30);
    expect((await api.call('GET', '/api/v1/business', { as })).body.defaultTermsDays).toBe(30);
    const old = await api.call('PATCH', '/api/v1/business', { body: { termsDays: 14 }, as });
    expect(old.body.defaultTermsDays).toBe(14);
    const both = await api.call('PATCH', '/api/v1/business', { body: { termsDays: 7, defaultTermsDays: 21 }, as });
    expect(both.status).toBe(400);
  });

  it('issue 12 (probe): behind a trusted proxy, ports, brackets and junk in X-Forwarded-For do not make new clients', async () => {
    const proxied = await openApi(dialect, DEFAULT_AUTH_LIMITS, { trustProxyHops: 1 });
    try {
      const allowed = DEFAULT_AUTH_LIMITS.signInPerAddress.attemptsMax;
      const junk = (forwardedFor: string) =>
        proxied.call('POST', '/api/v1/auth/signin', {
          body: { email: 'not-an-email', password: 'x' },
          address: '10.9.9.9',
          headers: { 'x-forwarded-for': forwardedFor },
        });
      for (let i = 0; i < allowed; i++) expect((await junk(`10.1.0.9:${40000 + i}`)).status).toBe(400);
      expect((await junk('10.1.0.9:50000')).status, 'the port does not make a new client').toBe(429);
      expect((await junk('::ffff:10.1.0.9')).status, 'IPv4-mapped IPv6 is the same client').toBe(429);
      expect((await junk('[::ffff:a01:9]:80')).status, 'in hexadecimal too').toBe(429);
      for (let i = 0; i < allowed; i++) expect((await junk(`[2001:db9::1]:${40000 + i}`)).status).toBe(400);
      expect((await junk('[2001:db9::2]')).status, 'bracketed IPv6 in the same /64').toBe(429);
      // Not an address: counted as the socket's peer (the proxy), so junk cannot mint clients.
      for (let i = 0; i < allowed; i++) expect((await junk(`junk-${i}`)).status).toBe(400);
      expect((await junk('unknown')).status).toBe(429);
      expect((await junk('203.0.113.5')).status, 'a real client is not affected').toBe(400);
    } finally {
      await proxied.close();
    }
  });

  it('issue 12 (probe): the CLI refuses arguments that were not valid UTF-8 and blank tags; policy files nested too deep', async () => {
    const location = await dialect.location();
    const dir = fs.mkdtempSync(path.join(process.env.LUNAS_TEST_TMP ?? '/tmp', 'lunas-probe-'));
    const store =
      location.kind === 'postgres' ? ['--database-url', location.url] : ['--data', (location as { dataDir: string }).dataDir];
    const lunas = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        [...store, '--json', ...args],
        { LUNAS_NOW: '2026-03-02T02:00:00Z' },
        {
          out: (text) => out.push(text),
          err: (text) => err.push(text),
        },
      );
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    const fieldsOf = (stderr: string) => JSON.parse(stderr).error.details.fields as Record<string, string>;
    expect((await lunas(['init', '--name', 'Toko Probe', '--locale', 'en'])).code).toBe(0);
    // Node decodes argv with U+FFFD in place of bytes that are not UTF-8: `--name $'Bad\xc3(name'`.
    const bad = await lunas(['customer', 'add', '--name', Buffer.from([0x42, 0x61, 0x64, 0xc3, 0x28]).toString('utf8')]);
    expect(bad.code).toBe(2);
    expect(fieldsOf(bad.stderr).name).toContain('not valid UTF-8');
    expect((await lunas(['customer', 'add', '--name', 'Budi', '--ref', 'B1'])).code).toBe(0);
    const tag = await lunas(['customer', 'tag', 'B1', '\u3164']);
    expect(tag.code).toBe(2);
    expect(JSON.parse((await lunas(['customer', 'show', 'B1'])).stdout).tags).toEqual([]);
    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, `{"graceDays": ${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const nested = await lunas(['policy', 'set', '--file', policy]);
    expect(nested.code).toBe(2);
    expect(fieldsOf(nested.stderr).file).toBe('is nested deeper than 32 levels');
  });
});
