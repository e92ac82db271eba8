/**
 * Issue 12, sign-in limits: a stranger cannot lock the owner out, a guesser is
 * slowed by doubling waits (defect 3); junk from many addresses cannot flush a
 * block out of the limiter, and a trusted proxy's X-Forwarded-For gives each
 * client its own address (defect 4). The limiter is per process and in memory,
 * so one database is enough.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addressKey } from '../src/api/auth.js';
import { DEFAULT_AUTH_LIMITS } from '../src/api/routes-access.js';
import { type Answer, type ApiUnderTest, openApi } from './api-helpers.js';
import { uniqueEmail } from './api-fixture.js';
import { DIALECTS } from './helpers.js';

const PASSWORD = 'owner password 1';
const dialect = DIALECTS[0]!;

function cookieOf(answer: Answer, name: string): string | undefined {
  return new RegExp(`${name}=([^;]+)`).exec(answer.headers.get('set-cookie') ?? '')?.[1];
}

describe('issue 12 sign-in limits', () => {
  let api: ApiUnderTest;
  afterEach(() => api?.close());

  async function ownerAt(address: string): Promise<{ email: string; device: string }> {
    const email = uniqueEmail('owner');
    const signedUp = await api.call('POST', '/api/v1/auth/signup', {
      body: { email, password: PASSWORD, name: 'Bu Sari', businessName: 'Toko Sari' },
      address,
    });
    expect(signedUp.status, JSON.stringify(signedUp.body)).toBe(201);
    const device = cookieOf(signedUp, 'lunas_device');
    expect(device, 'sign-up remembers the device').toBeDefined();
    return { email, device: device as string };
  }

  const signIn = (email: string, password: string, address: string, device?: string) =>
    api.call('POST', '/api/v1/auth/signin', {
      body: { email, password },
      address,
      ...(device ? { headers: { cookie: `lunas_device=${device}` } } : {}),
    });

  it('issue 12 defect 3: a stranger cannot lock the owner out', async () => {
    api = await openApi(dialect);
    const owner = await ownerAt('10.0.0.1');
    // A stranger guesses from several addresses: past every per-email threshold.
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++)
      for (let address = 1; address <= 8; address++)
        statuses.push((await signIn(owner.email, `guess ${round} ${address}`, `198.51.100.${address}`)).status);
    expect(statuses.filter((status) => status === 429).length, 'the stranger is slowed').toBeGreaterThan(0);
    // The owner, from the browser they signed in with before, still gets in (from home or elsewhere).
    const atHome = await signIn(owner.email, PASSWORD, '10.0.0.1', owner.device);
    expect(atHome.status, JSON.stringify(atHome.body)).toBe(200);
    const elsewhere = await signIn(owner.email, PASSWORD, '10.7.7.7', owner.device);
    expect(elsewhere.status, JSON.stringify(elsewhere.body)).toBe(200);
    // A device token is no password: a known device with a wrong one is refused (and counted).
    expect((await signIn(owner.email, 'wrong again', '10.0.0.1', owner.device)).status).toBe(401);
    // A new browser waits while the email is being guessed at, for a time, not for ever.
    const fresh = await signIn(owner.email, PASSWORD, '10.0.0.2');
    expect(fresh.status).toBe(429);
    expect(fresh.body.error.code).toBe('rate_limited');
    const wait = Number(fresh.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    api.clock.advanceMs(wait * 1000);
    const later = await signIn(owner.email, PASSWORD, '10.0.0.2');
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    // A device token of another person does not pass the owner's limit.
    const other = await ownerAt('10.0.0.3');
    for (let address = 1; address <= 12; address++) await signIn(owner.email, 'again wrong', `198.51.100.${address + 20}`);
    expect((await signIn(owner.email, PASSWORD, '10.0.0.4', other.device)).status).toBe(429);
  });

  it('issue 12 defect 3: a guesser from one address is slowed by doubling waits, and the right password still works after', async () => {
    api = await openApi(dialect);
    const owner = await ownerAt('10.0.0.1');
    const guesser = '203.0.113.9';
    const free = DEFAULT_AUTH_LIMITS.signInPerEmailAndAddress.failuresBeforeWait;
    for (let i = 0; i < free; i++) expect((await signIn(owner.email, `wrong guess ${i}`, guesser)).status).toBe(401);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await signIn(owner.email, 'too soon', guesser);
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      waits.push(wait);
      api.clock.advanceMs(wait * 1000);
      expect((await signIn(owner.email, `guess after ${wait}`, guesser)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
    // The owner at another address and another browser is not slowed by this address's guesses
    // (the per-email limit is not reached yet).
    expect((await signIn(owner.email, PASSWORD, '10.0.0.5')).status).toBe(200);
  });

  it('issue 12 defect 4: junk sign-ins from many loopback addresses do not flush a locked key', async () => {
    api = await openApi(dialect);
    const owner = await ownerAt('10.0.0.1');
    // Lock the owner's email (past the per-email threshold, from several addresses) and one address's pair.
    for (let address = 1; address <= 3; address++)
      for (let i = 0; i < 5; i++) await signIn(owner.email, `wrong guess ${i}`, `198.51.100.${address}`);
    expect((await signIn(owner.email, PASSWORD, '10.0.0.9')).status, 'the email is locked').toBe(429);
    const started = performance.now();
    let junk = 0;
    for (let a = 0; a < 360; a++) {
      const address = `127.0.${Math.floor(a / 250)}.${(a % 250) + 1}`;
      for (let i = 0; i < 30; i++) {
        const answer = await api.call('POST', '/api/v1/auth/signin', {
          body: { email: `junk-${a}-${i}`, password: 'x' },
          address,
        });
        expect([400, 429]).toContain(answer.status);
        junk += 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    expect(junk).toBe(10_800);
    // Junk is counted per address: the 31st from one address is refused.
    expect(
      (await api.call('POST', '/api/v1/auth/signin', { body: { email: 'junk', password: 'x' }, address: '127.0.0.1' })).status,
    ).toBe(429);
    expect((await signIn(owner.email, PASSWORD, '10.0.0.9')).status, `still locked after ${seconds.toFixed(1)} s of junk`).toBe(
      429,
    );
    expect((await signIn(owner.email, 'another guess', '198.51.100.1')).status).toBe(429);
  });

  it('issue 12 defect 4: a full limiter drops the least useful keys, never one that is blocking', async () => {
    const budgets = { address: 40, signup: 40, pair: 40, email: 40, webhook: 40 };
    api = await openApi(dialect, DEFAULT_AUTH_LIMITS, { budgets });
    const owner = await ownerAt('10.0.0.1');
    for (let address = 1; address <= 2; address++)
      for (let i = 0; i < 5; i++) await signIn(owner.email, `wrong guess ${i}`, `198.51.100.${address}`);
    expect((await signIn(owner.email, PASSWORD, '10.0.0.9')).status).toBe(429);
    // Wrong passwords for 60 other (unknown) emails from 60 addresses: every kind overflows its budget.
    for (let i = 0; i < 60; i++)
      expect((await signIn(uniqueEmail('stranger'), 'wrong password', `127.1.0.${i + 1}`)).status).toBe(401);
    expect((await signIn(owner.email, PASSWORD, '10.0.0.9')).status, 'the blocked email was kept').toBe(429);
    expect((await signIn(owner.email, 'wrong guess', '198.51.100.1')).status, 'the blocked pair was kept').toBe(429);
  });

  it('issue 12 defect 4: behind a trusted proxy each client has its own address; without trust the header is ignored', async () => {
    const junk = (address: string, forwardedFor?: string) =>
      api.call('POST', '/api/v1/auth/signin', {
        body: { email: 'not-an-email', password: 'x' },
        address,
        ...(forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {}),
      });
    const proxy = '10.1.1.1';
    const allowed = DEFAULT_AUTH_LIMITS.signInPerAddress.attemptsMax;
    api = await openApi(dialect, DEFAULT_AUTH_LIMITS, { trustProxyHops: 1 });
    for (let i = 0; i < allowed; i++) expect((await junk(proxy, '203.0.113.5')).status).toBe(400);
    expect((await junk(proxy, '203.0.113.5')).status, 'client A is limited').toBe(429);
    // What the client writes to the left of what the proxy appended does not change its address.
    expect((await junk(proxy, '192.0.2.77, 203.0.113.5')).status).toBe(429);
    expect((await junk(proxy, '203.0.113.6')).status, 'client B is not').toBe(400);
    await api.close();
    // Off (the default): the socket's address counts, whatever the header says.
    api = await openApi(dialect);
    for (let i = 0; i < allowed; i++) expect((await junk(proxy, `203.0.113.${i + 1}`)).status).toBe(400);
    expect((await junk(proxy, '203.0.113.200')).status).toBe(429);
  });

  it('issue 12 defect 4: IPv6 clients are counted by their /64, IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe(addressKey('2001:db8:1:2::9'));
    expect(addressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::9')).not.toBe(addressKey('2001:db8:1:2::9'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('198.51.100.7')).toBe('198.51.100.7');
  });
});
