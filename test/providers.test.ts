/**
 * Issue 13 part 3: the providers in src/channels. Each provider's request format is checked
 * against a local stub that refuses anything the real provider would refuse (so a send that
 * passes proves the format), each answer is mapped to the outcome the dispatcher acts on, the
 * webhook parsers check signatures and tokens, and email goes end to end to a real SMTP server
 * on loopback. No secret ever appears in an outcome's reason.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import {
  type OutgoingMessage,
  type Provider,
  PROVIDERS,
  PROVIDER_CONFIG,
  type ProviderName,
  type SendOutcome,
  type WebhookResult,
  createProvider,
  createWebhookParser,
  isOptOutText,
  maskSecrets,
  secretValues,
} from '../src/channels/index.js';
import { english, storedText } from '../src/core/i18n/catalogue.js';
import {
  type ProviderStub,
  STUB_CREDENTIALS,
  type StubKind,
  type StubMode,
  startProviderStub,
} from './support/provider-stubs.js';
import { type LocalSmtp, startSmtpServer } from './support/smtp.js';
import { fonnteRequest, twilioRequest, whatsappCloudPayload, whatsappCloudRequest } from './support/webhook-signing.js';

const BUDI = '+6281234567890';
const LANDLINE = '+62215551234';
const TEXT = 'Halo Budi, tagihan INV-2026-000001 sebesar Rp 1.250.000 jatuh tempo 8 Desember 2026.\nTerima kasih 🙏 & salam';

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 'msg_01JABCDEF',
  businessId: 'bus_1',
  recipient: BUDI,
  text: TEXT,
  ...overrides,
});
const signal = () => new AbortController().signal;
/** A reason as the owner reads it in English. */
const why = (outcome: SendOutcome) => ('reason' in outcome ? english(storedText(outcome.reason)) : '');
const batchOf = (result: WebhookResult) => {
  if (result.kind !== 'batch') throw new Error(`expected a batch, got ${JSON.stringify(result)}`);
  return result.batch;
};

const HTTP_KINDS: readonly StubKind[] = ['whatsapp_cloud', 'fonnte', 'sms_http', 'twilio'];
const stubs = new Map<StubKind, ProviderStub>();
beforeAll(async () => {
  for (const kind of HTTP_KINDS) stubs.set(kind, await startProviderStub(kind));
});
afterAll(async () => {
  for (const stub of stubs.values()) await stub.close();
});
const stubOf = (kind: StubKind) => {
  const stub = stubs.get(kind);
  if (!stub) throw new Error(kind);
  stub.setMode('ok');
  stub.requests.length = 0;
  stub.accepted.length = 0;
  return stub;
};

describe('issue 13 part 3: configuration', () => {
  it('every provider has a schema, and every secret field is a field of that schema', () => {
    expect(Object.keys(PROVIDER_CONFIG).sort()).toEqual([...PROVIDERS].sort());
    for (const kind of HTTP_KINDS) {
      const parsed = PROVIDER_CONFIG[kind].schema.safeParse(stubOf(kind).config);
      expect(parsed.success, kind).toBe(true);
      for (const secret of PROVIDER_CONFIG[kind].secretFields)
        expect(Object.keys(parsed.data as object), `${kind}.${secret}`).toContain(secret);
    }
    expect(PROVIDER_CONFIG.smtp.secretFields).toEqual(['password']);
  });

  it('secrets are masked when shown and listed for scrubbing', () => {
    const config = stubOf('whatsapp_cloud').config;
    const masked = maskSecrets('whatsapp_cloud', config);
    expect(masked).toMatchObject({
      accessToken: '***',
      appSecret: '***',
      verifyToken: '***',
      phoneNumberId: STUB_CREDENTIALS.whatsapp_cloud.phoneNumberId,
    });
    expect(JSON.stringify(masked)).not.toContain(STUB_CREDENTIALS.whatsapp_cloud.accessToken);
    const sms = maskSecrets('sms_http', stubOf('sms_http').config);
    expect(sms.headers).toEqual({ 'X-Api-Key': '***' });
    expect(secretValues('sms_http', stubOf('sms_http').config)).toContain(STUB_CREDENTIALS.sms_http.apiKey);
  });

  it.each([
    ['twilio', { accountSid: STUB_CREDENTIALS.twilio.accountSid, authToken: 'x' }, ['from']],
    ['whatsapp_cloud', { phoneNumberId: '12', accessToken: 'secret-token-value' }, ['phoneNumberId', 'appSecret', 'verifyToken']],
    ['smtp', { host: 'mail.example.com', from: 'shop@example.com', port: 70000, password: 'hunter22' }, ['port']],
    ['sms_http', { url: 'ftp://x', fields: { recipient: 'to', text: 'msg' } }, ['url']],
    ['wa_link', { extra: 1 }, ['(config)']],
  ] as const)(
    'a %s configuration that does not pass its schema makes every send a permanent failure naming the fields, never the values',
    async (name, config, fields) => {
      const outcome = await createProvider(name, config).send(
        message({ recipient: name === 'smtp' ? 'budi@example.com' : BUDI }),
        signal(),
      );
      expect(outcome.kind).toBe('permanent');
      for (const field of fields) expect(why(outcome)).toContain(field);
      expect(why(outcome)).not.toMatch(/secret-token-value|hunter22/);
    },
  );
});

describe('issue 13 part 3: WhatsApp click-to-chat (wa_link)', () => {
  it('gives a wa.me link with the E.164 digits and the URL-encoded text, and sends nothing', async () => {
    const provider = createProvider('wa_link', {});
    expect(provider.deduplicates).toBe(true);
    const outcome = await provider.send(message({ recipient: '+62 812-3456-7890' }), signal());
    expect(outcome).toEqual({ kind: 'to_tap', link: `https://wa.me/6281234567890?text=${encodeURIComponent(TEXT)}` });
    if (outcome.kind !== 'to_tap') return;
    expect(decodeURIComponent(new URL(outcome.link).searchParams.get('text') ?? '')).toBe(TEXT);
  });

  it.each([
    [LANDLINE, 'is not a mobile number'],
    ['+62812', 'is not a valid recipient'],
    ['budi@example.com', 'is not a valid recipient'],
  ])('refuses %s for good (permanent): %s', async (recipient, words) => {
    const outcome = await createProvider('wa_link', {}).send(message({ recipient }), signal());
    expect(outcome.kind).toBe('permanent');
    expect(why(outcome)).toContain(words);
  });
});

describe('issue 13 part 3: the request each provider sends is the documented one', () => {
  it('WhatsApp Cloud API: a text message', async () => {
    const stub = stubOf('whatsapp_cloud');
    const outcome = await createProvider('whatsapp_cloud', stub.config).send(message(), signal());
    expect(outcome).toEqual({ kind: 'sent', providerMessageId: stub.accepted[0]?.id });
    expect(outcome.kind === 'sent' && outcome.providerMessageId).toMatch(/^wamid\./);
    const [request] = stub.requests;
    expect(request?.path).toBe(`/v21.0/${STUB_CREDENTIALS.whatsapp_cloud.phoneNumberId}/messages`);
    expect(request?.headers.authorization).toBe(`Bearer ${STUB_CREDENTIALS.whatsapp_cloud.accessToken}`);
    expect(request?.fields).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'text',
      text: { preview_url: false, body: TEXT },
    });
  });

  it('WhatsApp Cloud API: an approved template with its body parameters in order', async () => {
    const stub = stubOf('whatsapp_cloud');
    const template = { name: 'pengingat_tagihan', language: 'id', parameters: ['Budi', 'Rp 1.250.000', '8 Desember 2026'] };
    const outcome = await createProvider('whatsapp_cloud', stub.config).send(message({ template }), signal());
    expect(outcome.kind).toBe('sent');
    expect(stub.requests[0]?.fields).toMatchObject({
      type: 'template',
      template: {
        name: 'pengingat_tagihan',
        language: { code: 'id' },
        components: [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }],
      },
    });
    expect(stub.accepted[0]?.text).toBe('pengingat_tagihan(Budi|Rp 1.250.000|8 Desember 2026)');
  });

  it('Fonnte: POST /send with the token as Authorization and the form fields target, message, countryCode', async () => {
    const stub = stubOf('fonnte');
    const outcome = await createProvider('fonnte', stub.config).send(message(), signal());
    expect(outcome).toEqual({ kind: 'sent', providerMessageId: stub.accepted[0]?.id });
    const [request] = stub.requests;
    expect(request?.headers.authorization).toBe(STUB_CREDENTIALS.fonnte.token);
    expect(request?.fields).toEqual({ target: '6281234567890', message: TEXT, countryCode: '62' });
  });

  it.each([
    ['POST form', { method: 'POST', bodyFormat: 'form' }],
    ['POST json', { method: 'POST', bodyFormat: 'json' }],
    ['GET query', { method: 'GET' }],
  ] as const)(
    'a generic SMS gateway: %s with the configured field names, sender, header and recipient format',
    async (_label, shape) => {
      const stub = await startProviderStub('sms_http', { smsHttp: shape });
      try {
        const outcome = await createProvider('sms_http', stub.config).send(message(), signal());
        expect(outcome).toEqual({ kind: 'sent', providerMessageId: 'sms-1' });
        const [request] = stub.requests;
        const fields = shape.method === 'GET' ? request?.query : request?.fields;
        expect(fields).toEqual({ to: '6281234567890', text: TEXT, from: STUB_CREDENTIALS.sms_http.sender });
        expect(request?.headers['x-api-key']).toBe(STUB_CREDENTIALS.sms_http.apiKey);
      } finally {
        await stub.close();
      }
    },
  );

  it('a generic SMS gateway: a national recipient format and a body pattern for success', async () => {
    const seen: string[] = [];
    const fakeFetch: typeof fetch = (input, init) => {
      seen.push(String(init?.body));
      return Promise.resolve(new Response('OK 1 message queued', { status: 200 }));
    };
    const config = {
      url: 'https://sms.example.id/send',
      fields: { recipient: 'hp', text: 'pesan' },
      recipientFormat: 'national',
      successPattern: '^OK\\b',
    };
    expect(await createProvider('sms_http', config, { fetch: fakeFetch }).send(message(), signal())).toEqual({
      kind: 'sent',
      providerMessageId: null,
    });
    expect(new URLSearchParams(seen[0]).get('hp')).toBe('081234567890');
    const refused = await createProvider('sms_http', config, {
      fetch: () => Promise.resolve(new Response('ERR 07 no credit')),
    }).send(message(), signal());
    expect(refused.kind).toBe('permanent');
    expect(why(refused)).toContain('ERR 07 no credit');
  });

  it('Twilio: POST Messages.json with HTTP Basic and the form fields To, From, Body', async () => {
    const stub = stubOf('twilio');
    const outcome = await createProvider('twilio', stub.config).send(message(), signal());
    expect(outcome.kind === 'sent' && outcome.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(stub.requests[0]?.fields).toEqual({ To: BUDI, From: STUB_CREDENTIALS.twilio.from, Body: TEXT });
  });

  it('Twilio: a Messaging Service instead of a From number, and the status callback', async () => {
    const stub = stubOf('twilio');
    const config = {
      ...stub.config,
      from: undefined,
      messagingServiceSid: `MG${'a'.repeat(32)}`,
      statusCallback: 'https://shop.example.com/api/v1/webhooks/twilio',
    };
    expect((await createProvider('twilio', config).send(message(), signal())).kind).toBe('sent');
    expect(stub.requests[0]?.fields).toEqual({
      To: BUDI,
      Body: TEXT,
      MessagingServiceSid: `MG${'a'.repeat(32)}`,
      StatusCallback: 'https://shop.example.com/api/v1/webhooks/twilio',
    });
  });

  it.each(HTTP_KINDS)('%s: a landline is refused before any request (permanent)', async (kind) => {
    const stub = stubOf(kind);
    const outcome = await createProvider(kind, stub.config).send(message({ recipient: LANDLINE }), signal());
    expect(outcome.kind).toBe('permanent');
    expect(why(outcome)).toContain('not a mobile number');
    expect(stub.requests).toHaveLength(0);
  });

  it.each(HTTP_KINDS)(
    '%s: wrong credentials are refused by the stub as the provider does, and that is permanent',
    async (kind) => {
      const stub = stubOf(kind);
      const wrong: Record<StubKind, Record<string, unknown>> = {
        whatsapp_cloud: { accessToken: 'EAAGwrongtoken' },
        fonnte: { token: 'wrong-fonnte-token' },
        sms_http: { headers: { 'X-Api-Key': 'wrong-api-key' } },
        twilio: { authToken: 'wrong-twilio-token' },
      };
      const outcome = await createProvider(kind, { ...stub.config, ...wrong[kind] }).send(message(), signal());
      expect(outcome.kind).toBe('permanent');
      expect(why(outcome)).toMatch(
        {
          whatsapp_cloud: /\(190\).*Invalid OAuth/,
          fonnte: /token invalid/,
          sms_http: /HTTP 401.*invalid api key/,
          twilio: /\(20003\): Authenticate/,
        }[kind],
      );
      expect(stub.accepted).toHaveLength(0);
      expect(why(outcome)).not.toMatch(/wrong-|EAAGwrong/);
    },
  );
});

describe('issue 13 part 3: every answer is an outcome the dispatcher acts on', () => {
  const cases: readonly [StubMode, SendOutcome['kind'], RegExp, number | undefined][] = [
    ['error', 'permanent', /refused the message/, undefined],
    ['rate_limit', 'transient', /slow down/, 7],
    ['server_error', 'transient', /HTTP 503/, undefined],
    ['garbage', 'transient', /could not be read|HTTP 200/, undefined],
    ['down', 'transient', /could not be reached/, undefined],
    ['slow', 'transient', /no answer from the provider within 1 s/, undefined],
  ];
  for (const kind of HTTP_KINDS)
    it.each(cases)(`${kind}: %s is %s`, async (mode, expected, words, retryAfter) => {
      const stub = stubOf(kind);
      stub.setMode(mode, { delayMs: 1500 });
      const outcome = await createProvider(kind, stub.config, { timeoutMs: 300 }).send(message(), signal());
      expect(outcome.kind).toBe(expected);
      // a slow answer: "within 1 s" is the 300 ms timeout rounded up
      expect(why(outcome)).toMatch(words);
      expect('retryAfterSeconds' in outcome ? outcome.retryAfterSeconds : undefined).toBe(retryAfter);
    });

  it.each(HTTP_KINDS)('%s: a refused connection is transient', async (kind) => {
    const stub = await startProviderStub(kind);
    await stub.close();
    const outcome = await createProvider(kind, stub.config).send(message(), signal());
    expect(outcome.kind).toBe('transient');
    expect(why(outcome)).toContain('ECONNREFUSED');
  });

  it('the caller can stop a send (the dispatcher shutting down): transient, never thrown', async () => {
    const stub = stubOf('twilio');
    stub.setMode('slow', { delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await createProvider('twilio', stub.config).send(message(), controller.signal);
    expect(outcome.kind).toBe('transient');
    expect(why(outcome)).toContain('stopped');
  });

  it("WhatsApp Cloud API: error codes Meta documents as temporary are transient, the rest permanent with the provider's words", async () => {
    const stub = stubOf('whatsapp_cloud');
    const provider = createProvider('whatsapp_cloud', stub.config);
    stub.setMode('error', { code: 131026, message: '(#131026) Message Undeliverable.' });
    const undeliverable = await provider.send(message(), signal());
    expect(undeliverable.kind).toBe('permanent');
    expect(why(undeliverable)).toBe('the provider refused the message (131026): (#131026) Message Undeliverable.');
    stub.setMode('error', { code: 131016, message: '(#131016) Service unavailable' });
    expect((await provider.send(message(), signal())).kind).toBe('transient');
    stub.setMode('error', { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' });
    const pair = await provider.send(message(), signal());
    expect(pair.kind).toBe('transient');
    expect(why(pair)).toContain('slow down');
  });

  it('Fonnte: a refusal about the device or the quota is transient, an invalid target permanent', async () => {
    const stub = stubOf('fonnte');
    const provider = createProvider('fonnte', stub.config);
    stub.setMode('error', { message: 'request invalid on disconnected device' });
    expect((await provider.send(message(), signal())).kind).toBe('transient');
    stub.setMode('error', { message: 'insufficient quota' });
    expect((await provider.send(message(), signal())).kind).toBe('transient');
    stub.setMode('error', { message: 'invalid target' });
    const invalid = await provider.send(message(), signal());
    expect(invalid.kind).toBe('permanent');
    expect(why(invalid)).toBe('the provider refused the message: invalid target');
  });

  it("Twilio: 21211 (invalid To) is permanent with Twilio's code and words", async () => {
    const stub = stubOf('twilio');
    stub.setMode('error', { code: 21211, message: "The 'To' number +6281234567890 is not a valid phone number." });
    const outcome = await createProvider('twilio', stub.config).send(message(), signal());
    expect(outcome).toMatchObject({ kind: 'permanent' });
    expect(why(outcome)).toBe(
      "the provider refused the message (21211): The 'To' number +6281234567890 is not a valid phone number.",
    );
  });

  it("Retry-After as an HTTP date is measured against the answer's own Date header", async () => {
    const answer = () =>
      Promise.resolve(
        new Response('{"code":20429,"message":"Too Many Requests","status":429}', {
          status: 429,
          headers: { date: 'Wed, 21 Oct 2026 07:28:00 GMT', 'retry-after': 'Wed, 21 Oct 2026 07:29:30 GMT' },
        }),
      );
    const outcome = await createProvider('twilio', stubOf('twilio').config, { fetch: answer }).send(message(), signal());
    expect(outcome).toMatchObject({ kind: 'transient', retryAfterSeconds: 90 });
  });

  it.each(HTTP_KINDS)('%s: a secret the provider echoes back never reaches the reason', async (kind) => {
    const stub = stubOf(kind);
    const secrets = secretValues(kind, stub.config);
    expect(secrets.length).toBeGreaterThan(0);
    const echo = secrets.join(' | ') + ' ' + Buffer.from(secrets[0] ?? '').toString('base64');
    const bodies = [
      JSON.stringify({
        error: { code: 100, message: `bad request ${echo}` },
        status: false,
        reason: `bad ${echo}`,
        code: 21000,
        message: `bad ${echo}`,
      }),
      `<html>${echo}</html>`,
    ];
    for (const body of bodies)
      for (const status of [200, 400, 503]) {
        const outcome = await createProvider(kind, stub.config, {
          fetch: () => Promise.resolve(new Response(body, { status })),
        }).send(message(), signal());
        expect(outcome.kind).not.toBe('sent');
        const text = 'reason' in outcome ? outcome.reason + why(outcome) : '';
        for (const secret of secrets) expect(text, `${kind} ${status}`).not.toContain(secret);
      }
  });

  it('providers that take no idempotency key say so (a retry after a crash may repeat the message)', () => {
    const honest: Record<ProviderName, boolean> = {
      wa_link: true,
      whatsapp_cloud: false,
      fonnte: false,
      sms_http: false,
      twilio: false,
      smtp: false,
    };
    for (const name of PROVIDERS) {
      const config =
        name === 'wa_link' ? {} : name === 'smtp' ? { host: '127.0.0.1', from: 'a@b.co' } : stubOf(name as StubKind).config;
      expect(createProvider(name, config).deduplicates, name).toBe(honest[name]);
    }
  });
});

describe('issue 13 part 3: webhooks', () => {
  const cloud = () => createWebhookParser('whatsapp_cloud', stubOf('whatsapp_cloud').config);
  const secret = STUB_CREDENTIALS.whatsapp_cloud.appSecret;

  it('WhatsApp Cloud API: the verification handshake answers the challenge only with the right verify token', () => {
    const parser = cloud();
    const url = (token: string) =>
      `https://shop.example.com/api/v1/webhooks/whatsapp_cloud?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const get = (token: string) => parser?.parse({ method: 'GET', url: url(token), headers: {}, rawBody: Buffer.alloc(0) });
    expect(get(STUB_CREDENTIALS.whatsapp_cloud.verifyToken)).toEqual({ kind: 'challenge', body: '1158201444' });
    expect(get('guess')).toEqual({ kind: 'refused', reason: 'verify_token_mismatch' });
  });

  it('WhatsApp Cloud API: X-Hub-Signature-256 good, bad, missing, or made with another secret', () => {
    const parser = cloud();
    const body = whatsappCloudPayload({ statuses: [{ id: 'wamid.A', status: 'delivered' }] });
    expect(parser?.parse(whatsappCloudRequest(body, secret)).kind).toBe('batch');
    expect(parser?.parse(whatsappCloudRequest(body, secret, 'sha256=' + '0'.repeat(64)))).toEqual({
      kind: 'refused',
      reason: 'signature_mismatch',
    });
    expect(parser?.parse(whatsappCloudRequest(body, 'another-app-secret'))).toEqual({
      kind: 'refused',
      reason: 'signature_mismatch',
    });
    expect(parser?.parse(whatsappCloudRequest(body, secret, null))).toEqual({ kind: 'refused', reason: 'signature_missing' });
    // one byte changed after signing
    const signed = whatsappCloudRequest(body, secret);
    expect(parser?.parse({ ...signed, rawBody: Buffer.from(body.replace('delivered', 'read')) }).kind).toBe('refused');
  });

  it('WhatsApp Cloud API: statuses (sent, delivered, read, failed with its title) and replies, STOP and BERHENTI opting out', () => {
    const body = whatsappCloudPayload({
      statuses: [
        { id: 'wamid.A', status: 'sent', timestamp: '1767225600' },
        { id: 'wamid.A', status: 'delivered', timestamp: '1767225660' },
        { id: 'wamid.A', status: 'read', timestamp: '1767225720' },
        { id: 'wamid.B', status: 'failed', timestamp: '1767225780', errors: [{ code: 131026, title: 'Message undeliverable' }] },
      ],
      messages: [
        { from: '6281234567890', text: { body: 'STOP' } },
        { from: '6281234567891', text: { body: ' berhenti! ' } },
        { from: '6281234567892', text: { body: 'Besok saya transfer, stop dulu pengingatnya ya' } },
      ],
    });
    const batch = batchOf(cloud()?.parse(whatsappCloudRequest(body, secret)) ?? { kind: 'refused', reason: 'none' });
    expect(batch.statuses).toEqual([
      { providerMessageId: 'wamid.A', status: 'sent', at: '2026-01-01T00:00:00.000Z' },
      { providerMessageId: 'wamid.A', status: 'delivered', at: '2026-01-01T00:01:00.000Z' },
      { providerMessageId: 'wamid.A', status: 'read', at: '2026-01-01T00:02:00.000Z' },
      { providerMessageId: 'wamid.B', status: 'failed', at: '2026-01-01T00:03:00.000Z', reason: '131026 Message undeliverable' },
    ]);
    expect(batch.replies.map((reply) => [reply.from, reply.optOut])).toEqual([
      ['+6281234567890', true],
      ['+6281234567891', true],
      ['+6281234567892', false],
    ]);
  });

  const twilioUrl = 'https://shop.example.com/api/v1/webhooks/twilio';
  const token = STUB_CREDENTIALS.twilio.authToken;
  const twilioParser = (extra: Record<string, unknown> = {}) =>
    createWebhookParser('twilio', { ...stubOf('twilio').config, ...extra }, { now: () => '2026-01-10T02:00:00.000Z' });
  const status = (MessageStatus: string, extra: Record<string, string> = {}) => ({
    AccountSid: STUB_CREDENTIALS.twilio.accountSid,
    MessageSid: 'SM0123456789abcdef0123456789abcdef',
    MessageStatus,
    To: BUDI,
    From: STUB_CREDENTIALS.twilio.from,
    ApiVersion: '2010-04-01',
    ...extra,
  });

  it('Twilio: X-Twilio-Signature good, bad, missing, and over the public URL behind a proxy', () => {
    const params = status('delivered');
    expect(twilioParser()?.parse(twilioRequest(twilioUrl, params, token)).kind).toBe('batch');
    expect(twilioParser()?.parse(twilioRequest(twilioUrl, params, 'other-token'))).toEqual({
      kind: 'refused',
      reason: 'signature_mismatch',
    });
    expect(twilioParser()?.parse(twilioRequest(twilioUrl, params, token, null))).toEqual({
      kind: 'refused',
      reason: 'signature_missing',
    });
    const tampered = twilioRequest(twilioUrl, params, token);
    expect(
      twilioParser()?.parse({ ...tampered, rawBody: Buffer.from(tampered.rawBody.toString().replace('delivered', 'read')) }).kind,
    ).toBe('refused');
    // Twilio signed the public URL; Lunas sees the proxied one.
    const signedPublic = twilioRequest(`${twilioUrl}?b=1`, params, token);
    const seen = { ...signedPublic, url: 'http://127.0.0.1:8080/api/v1/webhooks/twilio?b=1' };
    expect(twilioParser()?.parse(seen).kind).toBe('refused');
    expect(twilioParser({ webhookBaseUrl: 'https://shop.example.com' })?.parse(seen).kind).toBe('batch');
  });

  it.each([
    ['queued', []],
    ['sent', [{ status: 'sent' }]],
    ['delivered', [{ status: 'delivered' }]],
    ['read', [{ status: 'read' }]],
    ['undelivered', [{ status: 'failed', reason: 'undelivered 30003' }]],
    ['failed', [{ status: 'failed', reason: 'failed 30003' }]],
  ])('Twilio: MessageStatus %s', (value, expected) => {
    const params = status(value, value === 'undelivered' || value === 'failed' ? { ErrorCode: '30003' } : {});
    const batch = batchOf(twilioParser()?.parse(twilioRequest(twilioUrl, params, token)) ?? { kind: 'refused', reason: 'none' });
    expect(batch.statuses).toEqual(
      expected.map((one) => ({
        providerMessageId: 'SM0123456789abcdef0123456789abcdef',
        at: '2026-01-10T02:00:00.000Z',
        ...one,
      })),
    );
  });

  it('Twilio: an inbound SMS is a reply, STOP opts out', () => {
    const inbound = (Body: string) => ({
      AccountSid: STUB_CREDENTIALS.twilio.accountSid,
      MessageSid: 'SMin',
      SmsStatus: 'received',
      From: BUDI,
      To: STUB_CREDENTIALS.twilio.from,
      Body,
    });
    const stop = batchOf(
      twilioParser()?.parse(twilioRequest(twilioUrl, inbound('Stop'), token)) ?? { kind: 'refused', reason: '' },
    );
    expect(stop.replies).toEqual([{ from: BUDI, text: 'Stop', at: '2026-01-10T02:00:00.000Z', optOut: true }]);
    const other = batchOf(
      twilioParser()?.parse(twilioRequest(twilioUrl, inbound('Sudah saya bayar kemarin'), token)) ?? {
        kind: 'refused',
        reason: '',
      },
    );
    expect(other.replies[0]?.optOut).toBe(false);
  });

  it('Fonnte: the secret in the webhook URL is required (Fonnte does not sign), statuses and replies parsed', () => {
    const webhookSecret = STUB_CREDENTIALS.fonnte.webhookSecret;
    const parser = createWebhookParser('fonnte', stubOf('fonnte').config, { now: () => '2026-01-10T02:00:00.000Z' });
    const statusBody = { device: '6281100000000', id: '80367170', stateid: 'ABCD', status: 'sent', state: 'delivered' };
    expect(parser?.parse(fonnteRequest(statusBody, null))).toEqual({ kind: 'refused', reason: 'secret_mismatch' });
    expect(parser?.parse(fonnteRequest(statusBody, 'guess'))).toEqual({ kind: 'refused', reason: 'secret_mismatch' });
    expect(batchOf(parser?.parse(fonnteRequest(statusBody, webhookSecret)) ?? { kind: 'refused', reason: '' }).statuses).toEqual([
      { providerMessageId: '80367170', status: 'delivered', at: '2026-01-10T02:00:00.000Z' },
    ]);
    expect(
      batchOf(parser?.parse(fonnteRequest({ ...statusBody, state: 'read' }, webhookSecret)) ?? { kind: 'refused', reason: '' })
        .statuses[0]?.status,
    ).toBe('read');
    expect(
      batchOf(
        parser?.parse(fonnteRequest({ id: '80367171', status: 'invalid' }, webhookSecret)) ?? { kind: 'refused', reason: '' },
      ).statuses[0],
    ).toMatchObject({ status: 'failed', reason: 'invalid' });
    const incoming = { device: '6281100000000', sender: '6281234567890', message: 'BERHENTI', name: 'Budi' };
    expect(batchOf(parser?.parse(fonnteRequest(incoming, webhookSecret)) ?? { kind: 'refused', reason: '' }).replies).toEqual([
      { from: BUDI, text: 'BERHENTI', at: '2026-01-10T02:00:00.000Z', optOut: true },
    ]);
    // without a secret configured nothing is accepted
    const { webhookSecret: _unused, ...withoutSecret } = stubOf('fonnte').config;
    expect(createWebhookParser('fonnte', withoutSecret)?.parse(fonnteRequest(statusBody, webhookSecret))).toEqual({
      kind: 'refused',
      reason: 'webhook_secret_not_set',
    });
  });

  it('providers without webhooks have no parser', () => {
    expect(createWebhookParser('wa_link', {})).toBeUndefined();
    expect(createWebhookParser('smtp', { host: 'h', from: 'a@b.co' })).toBeUndefined();
    expect(createWebhookParser('sms_http', stubOf('sms_http').config)).toBeUndefined();
  });

  it.each([
    ['STOP', true],
    ['stop.', true],
    ['Berhenti', true],
    ['BERHENTI LANGGANAN', true],
    ['unsubscribe', true],
    ['Opt-out', true],
    ['stop dulu', false],
    ['Saya akan bayar, jangan berhenti kirim info', false],
    ['OK', false],
    ['', false],
  ])('an opt-out reply is only the word itself: %j → %s', (text, expected) => {
    expect(isOptOutText(text)).toBe(expected);
  });
});

describe('issue 13 part 3: email over SMTP, end to end to a real local server', () => {
  let smtp: LocalSmtp;
  const opened: Provider[] = [];
  /** SMTP providers keep a few connections open for reuse: each is closed after the tests. */
  const smtpProvider = (config: Record<string, unknown>) => {
    const provider = createProvider('smtp', config);
    opened.push(provider);
    return provider;
  };
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    for (const provider of opened) await provider.close?.();
    await smtp.close();
  });
  const config = () => ({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    from: 'Toko Makmur <tagihan@tokomakmur.co.id>',
    replyTo: 'pemilik@tokomakmur.co.id',
  });

  async function invoicePdf(): Promise<Buffer> {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.fontSize(14).text('Faktur INV-2026-000001');
    doc.text('Total Rp 1.250.000');
    doc.end();
    return done;
  }

  it('sends From, To, Subject, Reply-To, List-Unsubscribe (one-click), Message-ID from the outbox id, both bodies and the PDF', async () => {
    const pdf = await invoicePdf();
    const provider = smtpProvider(config());
    const outcome = await provider.send(
      message({
        recipient: 'budi@example.com',
        subject: 'Tagihan INV-2026-000001',
        html: '<p>Halo <b>Budi</b>, tagihan Rp 1.250.000</p>',
        unsubscribe: 'https://tokomakmur.co.id/u/abc123',
        attachments: [{ filename: 'INV-2026-000001.pdf', contentType: 'application/pdf', content: pdf }],
      }),
      signal(),
    );
    expect(outcome).toEqual({ kind: 'sent', providerMessageId: '<msg_01JABCDEF@tokomakmur.co.id>' });
    const mail = smtp.messages.at(-1);
    expect(mail?.envelope).toEqual({ from: 'tagihan@tokomakmur.co.id', to: ['budi@example.com'] });
    const parsed = mail?.parsed;
    expect(parsed?.from?.value).toEqual([{ address: 'tagihan@tokomakmur.co.id', name: 'Toko Makmur' }]);
    expect(parsed?.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('budi@example.com');
    expect(parsed?.subject).toBe('Tagihan INV-2026-000001');
    expect(parsed?.replyTo?.text).toBe('pemilik@tokomakmur.co.id');
    expect(parsed?.messageId).toBe('<msg_01JABCDEF@tokomakmur.co.id>');
    expect(mail?.raw.toString()).toMatch(/^List-Unsubscribe: <https:\/\/tokomakmur\.co\.id\/u\/abc123>\r?$/m);
    expect(mail?.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    expect(parsed?.text?.trim()).toBe(TEXT);
    expect(parsed?.html).toContain('<p>Halo <b>Budi</b>, tagihan Rp 1.250.000</p>');
    const attachment = parsed?.attachments[0];
    expect(attachment?.filename).toBe('INV-2026-000001.pdf');
    expect(attachment?.contentType).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: attachment?.content, encoding: 'utf8' });
    expect(text).toContain('Faktur INV-2026-000001');
    expect(text).toContain('Total Rp 1.250.000');
  });

  it('a mailto: unsubscribe has no one-click header; the same outbox id gives the same Message-ID on a retry', async () => {
    const provider = smtpProvider(config());
    for (let attempt = 0; attempt < 2; attempt++)
      await provider.send(
        message({
          id: 'msg_retry',
          recipient: 'budi@example.com',
          subject: 'x',
          unsubscribe: 'mailto:berhenti@tokomakmur.co.id',
        }),
        signal(),
      );
    const [first, second] = smtp.messages.slice(-2);
    expect(first?.parsed.messageId).toBe('<msg_retry@tokomakmur.co.id>');
    expect(second?.parsed.messageId).toBe(first?.parsed.messageId);
    expect(first?.raw.toString()).toMatch(/^List-Unsubscribe: <mailto:berhenti@tokomakmur\.co\.id>\r?$/m);
    expect(first?.raw.toString()).not.toContain('List-Unsubscribe-Post');
  });

  it("SMTP 4xx is transient, 5xx permanent with the server's words, a refused connection transient", async () => {
    const provider = smtpProvider(config());
    smtp.setMode('tempfail', 1);
    const temp = await provider.send(message({ recipient: 'budi@example.com', subject: 'x' }), signal());
    expect(temp.kind).toBe('transient');
    expect(why(temp)).toContain('(451)');
    smtp.setMode('permfail', 1);
    const perm = await provider.send(message({ recipient: 'budi@example.com', subject: 'x' }), signal());
    expect(perm.kind).toBe('permanent');
    expect(why(perm)).toMatch(/\(550\).*Mailbox does not exist/);
    const closed = await startSmtpServer();
    await closed.close();
    const down = await smtpProvider({ ...config(), port: closed.port }).send(
      message({ recipient: 'budi@example.com' }),
      signal(),
    );
    expect(down.kind).toBe('transient');
    expect(why(down)).toContain('could not be reached');
  });

  it('a wrong password is permanent and the password is in no error', async () => {
    const guarded = await startSmtpServer({ auth: { user: 'tagihan', password: 'the-right-one' } });
    try {
      const base = { host: '127.0.0.1', port: guarded.port, from: 'tagihan@tokomakmur.co.id', user: 'tagihan' };
      const wrong = await smtpProvider({ ...base, password: 'Rahasia-Sekali-123' }).send(
        message({ recipient: 'budi@example.com' }),
        signal(),
      );
      expect(wrong.kind).toBe('permanent');
      expect(why(wrong)).toContain('535');
      const everything = JSON.stringify(wrong) + why(wrong);
      for (const form of [
        'Rahasia-Sekali-123',
        Buffer.from('Rahasia-Sekali-123').toString('base64'),
        Buffer.from('\u0000tagihan\u0000Rahasia-Sekali-123').toString('base64'),
      ])
        expect(everything).not.toContain(form);
      const right = await smtpProvider({ ...base, password: 'the-right-one' }).send(
        message({ recipient: 'budi@example.com' }),
        signal(),
      );
      expect(right.kind).toBe('sent');
      expect(guarded.messages).toHaveLength(1);
    } finally {
      for (const provider of opened.splice(0)) await provider.close?.();
      await guarded.close();
    }
  });

  it('a recipient that is not an email address is refused before connecting', async () => {
    const before = smtp.count();
    const outcome = await smtpProvider(config()).send(message({ recipient: BUDI }), signal());
    expect(outcome.kind).toBe('permanent');
    expect(smtp.count()).toBe(before);
  });
});
