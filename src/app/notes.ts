/**
 * The communication log (issue 13): the owner or staff record calls with their
 * outcome, visits, notes and the customer's replies; each is on the customer's
 * timeline next to the messages sent and their delivery status.
 */
import { z } from 'zod';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { t } from '../core/i18n/catalogue.js';
import { type NoteRecord, insertNote, notesOfCustomer } from '../store/notes-repo.js';
import { todayOf } from './businesses.js';
import { runCommand } from './command.js';
import type { AppContext } from './context.js';
import { resolveCustomer } from './customers.js';
import { requirePermission } from './permissions.js';
import { TEXT_LENGTH_MAX, calendarDateField, idOrRef, parseInput, textField } from './validate.js';

export const NOTE_KINDS = ['call', 'visit', 'note', 'reply'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
/** How a call or visit went. */
export const NOTE_OUTCOMES = [
  'answered',
  'no_answer',
  'promised',
  'refused',
  'wrong_number',
  'busy',
  'left_message',
  'paid',
  'opted_out',
] as const;

export interface NoteView {
  id: string;
  customerId: string;
  kind: NoteKind;
  outcome: string | null;
  text: string;
  date: string;
  actor: string;
  at: string;
}

export function noteView(note: NoteRecord): NoteView {
  return {
    id: note.id,
    customerId: note.customerId,
    kind: note.kind as NoteKind,
    outcome: note.outcome,
    text: note.body,
    date: note.date,
    actor: note.actor,
    at: note.createdAt,
  };
}

const addSchema = z
  .object({
    customer: idOrRef,
    kind: z.enum(NOTE_KINDS),
    outcome: z.enum(NOTE_OUTCOMES).optional(),
    date: calendarDateField.optional(),
    text: textField(TEXT_LENGTH_MAX * 4, 'multi'),
    idempotencyKey: z.string().optional(),
  })
  .strict();

export type AddNoteInput = z.input<typeof addSchema>;

/** Records a call, visit, note or reply on the customer's timeline (dated today unless a past day is given). */
export async function addNote(ctx: AppContext, business: Business, input: AddNoteInput): Promise<Result<NoteView>> {
  const allowed = requirePermission(ctx.actor, 'customer.write');
  if (!allowed.ok) return allowed;
  const parsed = parseInput(addSchema, input);
  if (!parsed.ok) return parsed;
  const { idempotencyKey, ...request } = parsed.value;
  const today = todayOf(ctx, business);
  if (request.date !== undefined && request.date > today)
    return invalid({ date: t('entry_date.after_today', { date: request.date, today }) });
  return runCommand(ctx, { scope: business.id, command: 'note.create', idempotencyKey, request }, async (trx, tools) => {
    const customer = await resolveCustomer(trx, business.id, request.customer);
    if (!customer.ok) return customer;
    const note: NoteRecord = {
      businessId: business.id,
      id: tools.newId('note'),
      customerId: customer.value.id,
      kind: request.kind,
      outcome: request.outcome ?? null,
      body: request.text,
      date: request.date ?? today,
      actor: ctx.actor.name,
      createdAt: tools.now,
    };
    await insertNote(trx, note);
    await tools.audit('note.create', 'customer', customer.value.id, { noteId: note.id, kind: note.kind, outcome: note.outcome });
    return ok(noteView(note));
  });
}

/** The customer's notes, newest first (of some kinds only when named). */
export async function listNotes(
  ctx: AppContext,
  business: Business,
  customerRef: string,
  kinds?: readonly NoteKind[],
): Promise<Result<{ customerId: string; notes: NoteView[] }>> {
  const customer = await resolveCustomer(ctx.store.db, business.id, customerRef);
  if (!customer.ok) return customer;
  const notes = await notesOfCustomer(ctx.store.db, business.id, customer.value.id, kinds ? { kinds } : {});
  return ok({ customerId: customer.value.id, notes: notes.map(noteView) });
}
