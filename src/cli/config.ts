/**
 * The command's configuration, read once from the environment and the global
 * flags, validated, frozen and passed in. Nothing else reads process.env.
 */
import path from 'node:path';
import { DEFAULT_COLLECTION_HOUR } from '../app/collection.js';
import { type Result, invalid, ok } from '../core/result.js';

export interface CliConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly businessId: string | undefined;
  readonly json: boolean;
  /** LUNAS_NOW: a fixed instant for demos, tests and backfills. */
  readonly fixedNow: Date | undefined;
  /** LUNAS_OWNER_EMAIL / LUNAS_OWNER_PASSWORD: the first owner, made by `serve` on a store with no account. */
  readonly owner: { email: string; password: string } | undefined;
  /** LUNAS_LOG_LEVEL: pino level of the server's JSON logs (default info). */
  readonly logLevel: string;
  /** LUNAS_SECURE_COOKIES=1: mark session cookies Secure (when served behind HTTPS). */
  readonly secureCookies: boolean;
  /** LUNAS_COLLECTION_HOUR: the local hour (0-23) from which the scheduler runs each business's day (default 8). */
  readonly collectionHour: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface GlobalFlags {
  data?: string;
  databaseUrl?: string;
  business?: string;
  json?: boolean;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function readConfig(
  env: Readonly<Record<string, string | undefined>>,
  flags: GlobalFlags,
  cwd: string,
): Result<CliConfig> {
  const errors: Record<string, string> = {};
  const databaseUrl = flags.databaseUrl ?? (env.LUNAS_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl))
    errors.databaseUrl = 'must be a postgres:// or postgresql:// URL (leave it out for the embedded SQLite store)';
  let fixedNow: Date | undefined;
  if (env.LUNAS_NOW) {
    fixedNow = new Date(env.LUNAS_NOW);
    if (!ISO_INSTANT.test(env.LUNAS_NOW) || Number.isNaN(fixedNow.getTime()))
      errors.LUNAS_NOW = `${env.LUNAS_NOW} is not an ISO 8601 instant such as 2026-11-22T09:00:00Z`;
  }
  const ownerEmail = env.LUNAS_OWNER_EMAIL || undefined;
  const ownerPassword = env.LUNAS_OWNER_PASSWORD || undefined;
  if ((ownerEmail === undefined) !== (ownerPassword === undefined))
    errors[ownerEmail === undefined ? 'LUNAS_OWNER_EMAIL' : 'LUNAS_OWNER_PASSWORD'] =
      'set both LUNAS_OWNER_EMAIL and LUNAS_OWNER_PASSWORD, or neither';
  const logLevel = env.LUNAS_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) errors.LUNAS_LOG_LEVEL = `must be one of ${LOG_LEVELS.join(', ')}`;
  const hourText = env.LUNAS_COLLECTION_HOUR || String(DEFAULT_COLLECTION_HOUR);
  const collectionHour = /^\d{1,2}$/.test(hourText) ? Number(hourText) : Number.NaN;
  if (!(collectionHour >= 0 && collectionHour <= 23)) errors.LUNAS_COLLECTION_HOUR = 'must be a whole hour from 0 to 23';
  if (Object.keys(errors).length > 0) return invalid(errors);
  return ok(
    Object.freeze({
      dataDir: path.resolve(cwd, flags.data ?? (env.LUNAS_DATA_DIR || './data')),
      databaseUrl,
      businessId: flags.business,
      json: flags.json === true,
      fixedNow,
      owner: ownerEmail && ownerPassword ? { email: ownerEmail, password: ownerPassword } : undefined,
      logLevel,
      secureCookies: env.LUNAS_SECURE_COOKIES === '1' || env.LUNAS_SECURE_COOKIES === 'true',
      collectionHour,
    }),
  );
}
