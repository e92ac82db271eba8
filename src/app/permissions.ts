/**
 * Who may do what. One table, read by every surface: the API refuses a route
 * whose permission the caller's role lacks, and use cases that matter most
 * (overrides, write-offs, settings) check it again themselves.
 */
import { type Result, fail, ok } from '../core/result.js';
import type { Actor, Role } from './context.js';
import { t } from '../core/i18n/catalogue.js';

export const PERMISSIONS = {
  /** Reading anything of the business: customers, invoices, payments, reports, audit. */
  read: ['owner', 'staff', 'viewer'],
  /** Adding customers, editing their contact details, putting one on hold. */
  'customer.write': ['owner', 'staff'],
  /** Changing a customer's credit limit or terms, releasing a hold. */
  'customer.credit': ['owner'],
  /** Recording sales and invoices (without overriding the credit check). */
  'sale.write': ['owner', 'staff'],
  'payment.write': ['owner', 'staff'],
  /** Credit notes, write-offs, voids and credit-check overrides. */
  'invoice.correct': ['owner'],
  'business.settings': ['owner'],
  /** Running the collection day by hand (the scheduler runs it as the system). */
  'collection.run': ['owner', 'staff'],
  /** Recording promises, disputes, reported payments and agreeing payment plans. */
  'collection.manage': ['owner', 'staff'],
  /** Sending messages by hand: opening a click-to-chat link, retrying or cancelling a message (issue 13). */
  'message.send': ['owner', 'staff'],
  /** Importing customers and invoice history from files. */
  'data.import': ['owner'],
  /** Inviting, removing and re-roling people; API tokens. */
  'access.manage': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isAllowed(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** ok, or `forbidden` naming the role and what it lacks. */
export function requirePermission(actor: Actor, permission: Permission): Result<void> {
  return isAllowed(actor.role, permission)
    ? ok(undefined)
    : fail('forbidden', t('forbidden.role', { role: actor.role, permission }), { role: actor.role, permission });
}

/**
 * Fields of a request that need more than the request's own permission. Each
 * use case names the fields of its request that are set to something other
 * than their neutral value (the business's default limit and terms, the due
 * date the customer's terms give, the day a payment was reported): setting
 * those is the listed permission's right, like changing them afterwards. Read
 * by the use cases, so the API and the command line agree.
 */
export const FIELD_PERMISSIONS = {
  'customer.create': { creditLimit: 'customer.credit', termsDays: 'customer.credit' },
  'customer.update': { creditLimit: 'customer.credit', termsDays: 'customer.credit' },
  'invoice.create': { dueDate: 'customer.credit', overrideReason: 'invoice.correct' },
  'dispute.close': { outcome: 'invoice.correct', creditAmount: 'invoice.correct' },
  'pending_payment.close': { date: 'invoice.correct' },
  // A payment entered with an earlier day takes back the late fees charged since: like a fee waiver, the owner's.
  'payment.create': { date: 'invoice.correct' },
} as const satisfies Record<string, Record<string, Permission>>;

export type FieldCommand = keyof typeof FIELD_PERMISSIONS;

/**
 * ok, or `forbidden` naming every field of `given` the actor's role may not set
 * (details: role, fields, and the permission of the first).
 */
export function requireFieldPermissions<C extends FieldCommand>(
  actor: Actor,
  command: C,
  given: readonly (keyof (typeof FIELD_PERMISSIONS)[C] & string)[],
): Result<void> {
  const table = FIELD_PERMISSIONS[command] as Record<string, Permission>;
  const refused = given.filter((field) => !isAllowed(actor.role, table[field] as Permission));
  const first = refused[0];
  if (first === undefined) return ok(undefined);
  const permission = table[first] as Permission;
  return fail('forbidden', t('forbidden.field', { role: actor.role, fields: refused, permission }), {
    role: actor.role,
    permission,
    fields: refused,
  });
}
