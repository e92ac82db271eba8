/**
 * Hostile text (issue 12, defect 6): control characters (NUL, terminal escapes), direction
 * overrides, lone surrogates and noncharacters in any field of any route; JSON bodies that are
 * not UTF-8 or name a key twice; query parameters named after Object.prototype's members; names
 * of invisible characters only. Each is refused with `validation_failed` naming the field (or
 * the invisible characters are stripped) on both databases, through the API and the CLI (flags,
 * CSV import, policy files). The text rule itself is tested in src/core/text.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { type ApiUnderTest, openApi } from './api-helpers.js';
import { type Seeded, dataDigest, documentOperations, exampleRequests, seedBusiness } from './api-fixture.js';
import { DIALECTS } from './helpers.js';

/** Strings every text field must refuse, whatever the field. */
export const HOSTILE_STRINGS: readonly { label: string; text: string; codePoint: string }[] = [
  { label: 'NUL', text: 'Budi\u0000', codePoint: 'U+0000' },
  { label: 'terminal escape', text: 'Budi\u001b[2J\u001b[31m', codePoint: 'U+001B' },
  { label: 'C1 control sequence introducer', text: 'Budi\u009b31m', codePoint: 'U+009B' },
  { label: 'DEL', text: 'Bu\u007fdi', codePoint: 'U+007F' },
  { label: 'right-to-left override', text: 'Siti \u202egnp.exe', codePoint: 'U+202E' },
  { label: 'right-to-left isolate', text: '\u2067Budi\u2069', codePoint: 'U+2067' },
  { label: 'lone surrogate', text: 'Budi\ud800', codePoint: 'U+D800' },
  { label: 'noncharacter', text: 'Budi\uffff', codePoint: 'U+FFFF' },
];

/** Every string leaf of a JSON value, with its path as the API names fields (`lines.0.description`). */
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

describe.each(DIALECTS)('hostile text on $name', (dialect) => {
  let api: ApiUnderTest;
  let s: Seeded;
  beforeAll(async () => {
    api = await openApi(dialect);
    s = await seedBusiness(api, 'H');
  });
  afterAll(() => api.close());

  /** The credentials an operation needs, as the fuzz sends them. */
  function headersFor(op: { isPublic: boolean; isPerson: boolean }): Record<string, string> {
    if (op.isPerson) return { cookie: `lunas_session=${s.session.cookie}`, 'x-csrf-token': s.session.csrf };
    return op.isPublic ? {} : { authorization: `Bearer ${s.tokens.owner}` };
  }

  it('issue 12 defect 6: a NUL, control, direction-override, lone-surrogate or noncharacter in any body field, query parameter or path id of any route is refused with validation_failed naming it, and nothing changes', async () => {
    const operations = await documentOperations(api);
    const examples = exampleRequests(s);
    const before = await dataDigest(api);
    const wrong: string[] = [];
    let sent = 0;
    const expectRefused = async (
      what: string,
      field: string,
      method: string,
      url: string,
      raw: string | undefined,
      headers: Record<string, string>,
    ) => {
      // Each request from its own address: the sign-in and sign-up limits count every request per address
      // (malformed ones too), and this walk sends hundreds.
      const address = `127.1.${Math.floor(sent / 250)}.${(sent % 250) + 1}`;
      const answer = await api.call(method, url, { ...(raw === undefined ? {} : { raw }), headers, address });
      sent++;
      if (
        answer.status !== 400 ||
        answer.body?.error?.code !== 'validation_failed' ||
        !(field in (answer.body.error.details?.fields ?? {}))
      )
        wrong.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    };
    for (const op of operations) {
      const example = examples[op.operationId];
      if (!example) throw new Error(`no example for ${op.operationId}`);
      if (example.raw !== undefined) continue; // The CSV upload: below.
      const headers = { ...headersFor(op), ...(example.body === undefined ? {} : { 'content-type': 'application/json' }) };
      const [pathPart = '', queryPart] = example.path.split('?');
      const raw = example.body === undefined ? undefined : JSON.stringify(example.body);
      for (const hostile of HOSTILE_STRINGS) {
        for (const leaf of stringLeaves(example.body)) {
          const body = JSON.stringify(withLeaf(example.body, leaf, hostile.text));
          await expectRefused(
            `${op.operationId} ${leaf.join('.')} ${hostile.label}`,
            leaf.join('.'),
            example.method,
            example.path,
            body,
            headers,
          );
        }
        // A URL carries UTF-8 bytes: it cannot hold a lone surrogate.
        if (hostile.label === 'lone surrogate') continue;
        for (const [name, value] of new URLSearchParams(queryPart ?? '')) {
          const query = new URLSearchParams(queryPart);
          query.set(name, `${value}${hostile.text}`);
          await expectRefused(
            `${op.operationId} ?${name} ${hostile.label}`,
            name,
            example.method,
            `${pathPart}?${query.toString()}`,
            raw,
            headers,
          );
        }
        if (op.path.includes('{id}')) {
          const url = `${op.path.replace('{id}', encodeURIComponent(hostile.text))}${queryPart ? `?${queryPart}` : ''}`;
          await expectRefused(`${op.operationId} {id} ${hostile.label}`, 'id', example.method, url, raw, headers);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect(await dataDigest(api)).toBe(before);
  }, 300_000);

  it('issue 12 defect 6: the refusal names the character in the language asked for', async () => {
    const as = { token: s.tokens.owner };
    const english = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Siti \u202egnp.exe' },
      as,
      headers: { 'accept-language': 'en' },
    });
    expect(english.status).toBe(400);
    expect(english.body.error.details.fields.name).toBe(
      'must not contain the direction control U+202E (it makes text read differently from how it is stored)',
    );
    const indonesian = await api.call('POST', '/api/v1/customers', { body: { name: 'Budi\u0000' }, as });
    expect(indonesian.body.error.details.fields.name).toBe('tidak boleh berisi karakter kendali U+0000');
    const invisible = await api.call('POST', '/api/v1/customers', { body: { name: '\u200b' }, as });
    expect(invisible.body.error.details.fields.name).toBe(
      'harus berisi setidaknya satu huruf, angka atau tanda yang terlihat, bukan hanya spasi atau karakter tak terlihat',
    );
  });

  it('issue 12 defect 6: a JSON body that is not valid UTF-8 is refused, never stored as replacement characters', async () => {
    const before = await dataDigest(api);
    const prefix = new TextEncoder().encode('{"name":"Bud');
    const suffix = new TextEncoder().encode('i"}');
    for (const bad of [[0xc3], [0xff], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const bytes = new Uint8Array([...prefix, ...bad, ...suffix]);
      const answer = await api.call('POST', '/api/v1/customers', {
        bytes,
        as: { token: s.tokens.owner },
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      });
      expect(answer.status, `bytes ${bad}`).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(answer.body.error.details.fields.body).toBe(`is not valid UTF-8 (byte ${prefix.length + 1})`);
    }
    expect(await dataDigest(api)).toBe(before);
  });

  it('issue 12 defect 6: a JSON key given twice is refused naming the key, never the last value winning', async () => {
    const as = { token: s.tokens.owner };
    const before = await dataDigest(api);
    const headers = { 'content-type': 'application/json', 'accept-language': 'en' };
    const twice = await api.call('POST', '/api/v1/invoices', {
      raw: `{"customerId":"${s.customerId}","amount":1000,"amount":999999}`,
      as,
      headers,
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.code).toBe('validation_failed');
    expect(twice.body.error.details.fields).toEqual({ amount: 'is given twice; a key may appear once in an object' });
    const escaped = await api.call('POST', '/api/v1/invoices', {
      raw: `{"customerId":"${s.customerId}","amount":1000,"\\u0061mount":999999}`,
      as,
      headers,
    });
    expect(escaped.body.error.details.fields).toEqual({ amount: 'is given twice; a key may appear once in an object' });
    const nested = await api.call('POST', '/api/v1/invoices', {
      raw: `{"customerId":"${s.customerId}","lines":[{"description":"a","quantity":1,"unitPrice":5},{"description":"b","quantity":1,"unitPrice":5,"unitPrice":900000}]}`,
      as,
      headers,
    });
    expect(nested.body.error.details.fields).toEqual({
      'lines.1.unitPrice': 'is given twice; a key may appear once in an object',
    });
    // The same name in two different objects is no duplicate.
    const distinct = await api.call('POST', '/api/v1/invoices', {
      raw: `{"customerId":"${s.customerId}","lines":[{"description":"a","quantity":1,"unitPrice":5},{"description":"b","quantity":1,"unitPrice":5}],"reference":"PO-twice"}`,
      as,
      headers,
    });
    expect(distinct.status).toBe(201);
    expect(distinct.body.total).toBe(10);
    const voided = await api.call('POST', `/api/v1/invoices/${distinct.body.id}/void`, { body: { reason: 'test' }, as });
    expect(voided.status).toBe(200);
    expect(before).not.toBe(await dataDigest(api)); // the digest sees writes (the check above means something)
  });

  it("issue 12 defect 6: query parameters named after Object.prototype's members are refused by name on every route, never 500", async () => {
    const operations = await documentOperations(api);
    const examples = exampleRequests(s);
    const wrong: string[] = [];
    for (const op of operations.filter((candidate) => candidate.method === 'GET')) {
      const example = examples[op.operationId];
      if (!example) throw new Error(`no example for ${op.operationId}`);
      for (const name of [
        'constructor',
        'toString',
        'hasOwnProperty',
        '__proto__',
        'valueOf',
        'isPrototypeOf',
        '__defineGetter__',
      ]) {
        const url = `${example.path}${example.path.includes('?') ? '&' : '?'}${name}=1`;
        const answer = await api.call('GET', url, { headers: { ...headersFor(op), 'accept-language': 'en' } });
        if (answer.status !== 400 || answer.body.error?.details?.fields?.[name] !== 'unknown query parameter')
          wrong.push(`${op.operationId} ${name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
    const twice = await api.call('GET', '/api/v1/customers?search=a&search=b', {
      as: { token: s.tokens.owner },
      headers: { 'accept-language': 'en' },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.fields).toEqual({ search: 'is given twice; a parameter may appear once' });
  });

  it('issue 12 defect 6: names of invisible characters only are refused; invisible characters are stripped, surrounding space trimmed and text stored as NFC', async () => {
    const as = { token: s.tokens.owner };
    for (const name of ['\u200b', ' \u200b\u2060\ufeff ', '\u3164', '\u00ad', '\u200e\u200f']) {
      const answer = await api.call('POST', '/api/v1/customers', { body: { name }, as, headers: { 'accept-language': 'en' } });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.error.details.fields.name).toBe(
        'must hold at least one visible letter, digit or sign, not only spaces or invisible characters',
      );
    }
    for (const name of ['Budi\nSantoso', 'Budi\tSantoso', 'Budi\u2028Santoso']) {
      const answer = await api.call('POST', '/api/v1/customers', { body: { name }, as, headers: { 'accept-language': 'en' } });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.error.details.fields.name).toBe('must be one line (no line breaks or tabs)');
    }
    const stripped = await api.call('POST', '/api/v1/customers', {
      body: { name: '\u200b Jose\u0301 Ra\u200bmos\u00ad\ufeff ', ref: '\u2060R\u200b-77 ' },
      as,
    });
    expect(stripped.status).toBe(201);
    expect(stripped.body.name).toBe('Jos\u00e9 Ramos');
    expect(stripped.body.ref).toBe('R-77');
    expect((await api.call('GET', '/api/v1/customers/R-77', { as })).body.name).toBe('Jos\u00e9 Ramos');
    // What carries meaning stays: an emoji sequence joined by ZWJ, a variation selector, a ZWNJ between letters.
    const emoji = await api.call('POST', '/api/v1/customers', {
      body: { name: 'Bu Ani \u{1f469}\u200d\u{1f373} \u2764\ufe0f' },
      as,
    });
    expect(emoji.status).toBe(201);
    expect(emoji.body.name).toBe('Bu Ani \u{1f469}\u200d\u{1f373} \u2764\ufe0f');
    // A reason is one line too (it is printed inside lines); only the payment instructions' note may span lines.
    const hold = await api.call('POST', `/api/v1/customers/${stripped.body.id}/hold`, {
      body: { reason: 'line one\nline two' },
      as,
      headers: { 'accept-language': 'en' },
    });
    expect(hold.status).toBe(400);
    expect(hold.body.error.details.fields.reason).toBe('must be one line (no line breaks or tabs)');
    const note = await api.call('PATCH', '/api/v1/business', {
      body: { paymentInstructions: { note: 'Transfer ke BCA 123\nKonfirmasi lewat WA\u200b ' } },
      as,
    });
    expect(note.status).toBe(200);
    expect(note.body.paymentInstructions.note).toBe('Transfer ke BCA 123\nKonfirmasi lewat WA');
    const noteControl = await api.call('PATCH', '/api/v1/business', {
      body: { paymentInstructions: { note: 'Transfer\u001b[2J' } },
      as,
    });
    expect(noteControl.status).toBe(400);
    const searched = await api.call('GET', `/api/v1/customers?search=${encodeURIComponent('Jose\u0301')}`, { as });
    expect(searched.body.customers.map((customer: { name: string }) => customer.name)).toEqual(['Jos\u00e9 Ramos']);
  });

  it('issue 12 defect 6: a CSV upload with hostile text in a field is refused naming line and column', async () => {
    const before = await dataDigest(api);
    const csv = `customer_ref,customer_name\nK1,Siti \u202egnp.exe\nK2,\u200b\n`;
    const answer = await api.call('POST', '/api/v1/imports/customers', {
      raw: csv,
      as: { token: s.tokens.owner },
      headers: { 'content-type': 'text/csv', 'accept-language': 'en' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    const reasons = JSON.stringify(answer.body.error.details);
    expect(reasons).toContain('customer_name: must not contain the direction control U+202E');
    expect(reasons).toContain('customer_name: must hold at least one visible letter, digit or sign');
    expect(await dataDigest(api)).toBe(before);
  });
});

describe.each(DIALECTS)('hostile text through lunas on $name', (dialect) => {
  async function lunas(store: string[], args: string[]) {
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
  }
  const fieldsOf = (stderr: string) => JSON.parse(stderr).error.details.fields as Record<string, string>;

  it('issue 12 defect 6: flags, arguments, CSV files and policy files with hostile text are refused; invisible characters stripped', async () => {
    const location = await dialect.location();
    const dir = fs.mkdtempSync(path.join(process.env.LUNAS_TEST_TMP ?? '/tmp', 'lunas-hostile-'));
    const store =
      location.kind === 'postgres' ? ['--database-url', location.url] : ['--data', (location as { dataDir: string }).dataDir];
    expect((await lunas(store, ['init', '--name', 'Toko Aman', '--locale', 'en'])).code).toBe(0);

    for (const hostile of HOSTILE_STRINGS) {
      const refused = await lunas(store, ['customer', 'add', '--name', hostile.text]);
      expect(refused.code, hostile.label).toBe(2);
      expect(fieldsOf(refused.stderr).name, hostile.label).toContain(hostile.codePoint);
    }
    const invisible = await lunas(store, ['customer', 'add', '--name', '\u200b']);
    expect(invisible.code).toBe(2);
    expect(fieldsOf(invisible.stderr).name).toContain('visible');
    const added = await lunas(store, ['customer', 'add', '--name', '\u200bSiti Rahayu ', '--ref', 'S1\u200b']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'Siti Rahayu', ref: 'S1' });
    const argument = await lunas(store, ['customer', 'show', 'S1\u001b[2J']);
    expect(argument.code).toBe(2);
    expect(JSON.parse(argument.stderr).error.code).toBe('validation_failed');
    const payment = await lunas(store, ['payment', 'show', 'REF\u202e']);
    expect(payment.code).toBe(2);
    expect(JSON.parse(payment.stderr).error.code).toBe('validation_failed');

    const csv = path.join(dir, 'customers.csv');
    fs.writeFileSync(csv, 'customer_ref,customer_name\nK1,Budi\u001b[31m\nK2,\u2060\n');
    const imported = await lunas(store, ['import', 'customers', csv]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain('customer_name: must not contain the control character U+001B');
    expect(imported.stderr).toContain('customer_name: must hold at least one visible letter, digit or sign');
    fs.writeFileSync(csv, 'customer_ref,customer_name\n\u200bK3,\u200b Ani\u200b\n');
    expect((await lunas(store, ['import', 'customers', csv])).code).toBe(0);
    expect(JSON.parse((await lunas(store, ['customer', 'show', 'K3'])).stdout)).toMatchObject({ name: 'Ani', ref: 'K3' });

    const policy = path.join(dir, 'policy.json');
    fs.writeFileSync(policy, '{"graceDays": 1, "graceDays": 30}');
    const twice = await lunas(store, ['policy', 'set', '--file', policy]);
    expect(twice.code).toBe(2);
    expect(fieldsOf(twice.stderr).graceDays).toBe('is given twice; a key may appear once in an object');
    fs.writeFileSync(policy, Buffer.concat([Buffer.from('{"graceDays": 1, "x": "'), Buffer.from([0xff]), Buffer.from('"}')]));
    const notUtf8 = await lunas(store, ['policy', 'set', '--file', policy]);
    expect(notUtf8.code).toBe(2);
    expect(fieldsOf(notUtf8.stderr).file).toContain('is not valid UTF-8');
    fs.writeFileSync(policy, '{"graceDays": 2}');
    const reason = await lunas(store, ['policy', 'set', '--file', policy, '--reason', 'longer\u202e']);
    expect(reason.code).toBe(2);
    expect(fieldsOf(reason.stderr).reason).toContain('U+202E');
    expect((await lunas(store, ['verify'])).code).toBe(0);
  });
});
