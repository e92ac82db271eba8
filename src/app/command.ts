/**
 * The one wrapper every write goes through: one transaction, the idempotency
 * key checked and claimed inside it, the decision written with its audit
 * records, and the answer stored under the key, all committed together or not
 * at all. Exactly-once is a property of this wrapper, not of each use case.
 *
 * The write path (decision 0016): parse and check permission (the use case,
 * before calling), claim the key (here), load (the use case, with `trx`),
 * decide (pure, in core: effects and an answer), write the effects
 * (`tools.write`, the one writer, store/effects-writer.ts), then settle what
 * was posted and add it to the journal total (here), and store the answer.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type Failure, type Result, fail, invalid, ok } from '../core/result.js';
import { type Effect, type WriteOutcome, audit as auditEffect } from '../core/effects.js';
import { claimIdempotency, completeIdempotency, getIdempotency } from '../store/records-repo.js';
import { writeEffects } from '../store/effects-writer.js';
import { MoneyBoundExceeded, flushJournalTotals } from '../store/journal-repo.js';
import { MONEY_MAX } from '../core/money.js';
import type { Database } from '../store/schema.js';
import type { AppContext } from './context.js';
import { t } from '../core/i18n/catalogue.js';
import { settlePostings } from './settlement.js';

export interface WriteTools {
  /** The instant of this command, ISO 8601 UTC. */
  readonly now: string;
  newId(prefix: string): string;
  /** Records who did what; the business is the command's scope unless named (commands scoped `-`). */
  audit(
    action: string,
    objectType: string,
    objectId: string,
    details?: Record<string, unknown>,
    businessId?: string,
  ): Promise<void>;
  /**
   * Writes effects (core/effects.ts) through the one writer, in this transaction: how a use case
   * that still loads and decides in one function emits, say, a message (`tools.write([message({...})])`).
   */
  write(effects: readonly Effect[]): Promise<WriteOutcome>;
}

export interface CommandSpec {
  /** The business the command writes to; `-` for commands that create one. */
  readonly scope: string;
  /** Stable name of the command, part of what the idempotency key is bound to. */
  readonly command: string;
  readonly idempotencyKey?: string | undefined;
  /**
   * Whose keys the key is among, when not the business's (commands scoped `-`, which make a person
   * or a business): the person (`user:…`) or, for someone not signed in, their address. One caller's
   * key never answers, or conflicts with, another's.
   */
  readonly keyScope?: string;
  /** The validated request, hashed to recognise a key reused for something else. */
  readonly request: unknown;
}

/**
 * The field a command's refusal names when what it would post takes the business's journal
 * total past the money bound (decision 0014): the request's amount unless named here.
 */
const MONEY_FIELDS: Readonly<Record<string, string>> = {
  'invoice.create': 'lines',
  'credit_note.create': 'amount',
  'invoice.write_off': 'invoice',
  'invoice.void': 'invoice',
  'fee.waive': 'period',
  'dispute.close': 'creditAmount',
  'pending_payment.close': 'pending',
  'import.invoices': 'file',
};

/** The refusal of a write that would take the business's journal total past the money bound (decision 0014). */
export function pastMoneyBound(command: string): Failure {
  return invalid({ [MONEY_FIELDS[command] ?? 'amount']: t('money.journal_full', { max: MONEY_MAX }) });
}

/** Concurrent duplicates (a key or number claimed by another transaction) are retried this many times. */
const UNIQUE_VIOLATION_RETRIES_MAX = 3;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;

class Rollback extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

/** Canonical JSON: object keys sorted, so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function requestHash(command: string, request: unknown): string {
  return createHash('sha256').update(command).update('\n').update(canonicalJson(request)).digest('hex');
}

/**
 * Runs `decide` in one write transaction. A failure it returns rolls everything
 * back and writes nothing; a success is stored under the idempotency key, and a
 * replay of the key returns it without running `decide` again.
 */
export async function runCommand<T>(
  ctx: AppContext,
  spec: CommandSpec,
  decide: (trx: Kysely<Database>, tools: WriteTools) => Promise<Result<T>>,
): Promise<Result<T>> {
  const key = spec.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > IDEMPOTENCY_KEY_LENGTH_MAX))
    return invalid({ idempotencyKey: t('field.key_length', { max: IDEMPOTENCY_KEY_LENGTH_MAX }) });
  const hash = requestHash(spec.command, spec.request);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.store.seam.writeTransaction((trx) => attemptCommand(ctx, spec, hash, trx, decide));
    } catch (error) {
      if (error instanceof Rollback) return error.failure;
      if (error instanceof MoneyBoundExceeded) return pastMoneyBound(spec.command);
      if (attempt < UNIQUE_VIOLATION_RETRIES_MAX && ctx.store.seam.isUniqueViolation(error)) continue;
      throw error;
    }
  }
}

async function attemptCommand<T>(
  ctx: AppContext,
  spec: CommandSpec,
  hash: string,
  trx: Kysely<Database>,
  decide: (trx: Kysely<Database>, tools: WriteTools) => Promise<Result<T>>,
): Promise<Result<T>> {
  const now = ctx.clock.now().toISOString();
  const key = spec.idempotencyKey;
  const keyScope = spec.keyScope ?? spec.scope;
  if (key !== undefined) {
    const claimed = await claimIdempotency(trx, {
      scope: keyScope,
      key,
      command: spec.command,
      requestHash: hash,
      createdAt: now,
    });
    if (!claimed) {
      const existing = await getIdempotency(trx, keyScope, key);
      if (!existing) throw new Error(`idempotency key ${key} is taken but has no record`);
      if (existing.command !== spec.command || existing.requestHash !== hash)
        throw new Rollback(
          fail('idempotency_conflict', t('idempotency.conflict', { key }), {
            idempotencyKey: key,
            firstCommand: existing.command,
          }),
        );
      // A committed claim always has its response: claim and answer commit together.
      return ok(JSON.parse(existing.response as string) as T);
    }
  }
  const scopeOf = (businessId: string) => ({
    businessId,
    actor: ctx.actor.name,
    now,
    newId: (prefix: string) => ctx.ids.next(prefix),
    idempotencyKey: key,
    seam: ctx.store.seam,
  });
  const tools: WriteTools = {
    now,
    newId: (prefix) => ctx.ids.next(prefix),
    audit: async (action, objectType, objectId, details = {}, businessId = spec.scope === '-' ? objectId : spec.scope) => {
      await writeEffects(trx, scopeOf(businessId), [auditEffect(action, objectType, objectId, details)]);
    },
    write: (effects) => writeEffects(trx, scopeOf(spec.scope), effects),
  };
  const result = await decide(trx, tools);
  if (!result.ok) throw new Rollback(result);
  // Whatever the command posted: credit meets open invoices, and holds its payments cleared are lifted.
  await settlePostings(ctx, trx, tools);
  // The last write before commit: what the command posted joins the business's journal total.
  await flushJournalTotals(trx);
  const response = JSON.stringify(result.value);
  if (key !== undefined) await completeIdempotency(trx, keyScope, key, response);
  // The caller gets exactly what a replay would get.
  return ok(JSON.parse(response) as T);
}
