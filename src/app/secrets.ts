/**
 * Secrets: passwords hashed with argon2id, and random tokens (sessions, API
 * tokens, invitations) of 256 bits of which only the SHA-256 is stored. A
 * random 256-bit token needs no slow hash: it cannot be guessed from its digest.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_LENGTH_MIN = 8;
export const PASSWORD_LENGTH_MAX = 256;
const TOKEN_BYTES = 32;

/** argon2id (the library's default algorithm) with its default costs: 19 MiB, 2 passes. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function isPasswordCorrect(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a password nobody has, verified when the email is unknown so both cases take as long. */
let decoyHash: Promise<string> | undefined;
export async function spendPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await isPasswordCorrect(await decoyHash, password);
}

/** A new random token with a readable prefix: `lunas_tok_…`, `lunas_ses_…`. */
export function newToken(prefix: string): string {
  return `lunas_${prefix}_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A device token: proof that this browser signed in as the person before. A
 * random nonce and its HMAC keyed by the person's password hash, so nothing is
 * stored, it names no one, and a new password forgets every device.
 */
export function newDeviceToken(userId: string, passwordHash: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${deviceMac(userId, passwordHash, nonce)}`;
}

export function isDeviceTokenOf(token: string, userId: string, passwordHash: string): boolean {
  const [nonce, mac, ...rest] = token.split('.');
  if (!nonce || !mac || rest.length > 0 || nonce.length > 64) return false;
  const expected = Buffer.from(deviceMac(userId, passwordHash, nonce));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function deviceMac(userId: string, passwordHash: string, nonce: string): string {
  return createHmac('sha256', `lunas-device\n${passwordHash}`).update(`${userId}\n${nonce}`).digest('base64url');
}
