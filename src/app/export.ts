/**
 * Exporting the journal as a plain-text accounting file (ledger-cli, hledger).
 * The journal is read a page at a time and written as it is read, so the
 * memory a long history needs stays bounded.
 */
import type { EntryCode } from '../core/ledger.js';
import { ledgerHeader, ledgerTransaction } from '../core/ledger-export.js';
import type { Business } from '../core/parties.js';
import { type Result, invalid, ok } from '../core/result.js';
import { journalPage } from '../store/journal-repo.js';
import type { AppContext } from './context.js';
import { requirePermission } from './permissions.js';
import { render, storedText, t } from '../core/i18n/catalogue.js';

/** Entries read per page. */
const ENTRIES_PER_PAGE = 2_000;
export const EXPORT_FORMATS = ['ledger'] as const;

/** Writes the business's whole journal in the format asked; returns how many entries were written. */
export async function exportJournal(
  ctx: AppContext,
  business: Business,
  format: string,
  write: (text: string) => Promise<void> | void,
): Promise<Result<{ entries: number; format: string }>> {
  const allowed = requirePermission(ctx.actor, 'read');
  if (!allowed.ok) return allowed;
  if (!(EXPORT_FORMATS as readonly string[]).includes(format))
    return invalid({ format: t('export.format', { formats: EXPORT_FORMATS }) });
  await write(ledgerHeader(business.name, business.currency));
  let entries = 0;
  let after: string | undefined;
  for (;;) {
    const page = await journalPage(ctx.store.db, business.id, after, ENTRIES_PER_PAGE);
    if (page.length === 0) break;
    await write(
      `${page
        .map((entry) =>
          ledgerTransaction(
            {
              ...entry,
              code: entry.code as EntryCode,
              // A memo the system wrote is a catalogue entry: written out in the business's language.
              memo: entry.memo === null ? null : render(storedText(entry.memo), { language: business.locale }),
            },
            business.currency,
          ),
        )
        .join('\n')}\n`,
    );
    entries += page.length;
    after = page[page.length - 1]?.id;
  }
  return ok({ entries, format });
}
