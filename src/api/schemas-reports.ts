/** Schemas of the report and data routes: import (and the reports that follow). */
import { z } from '@hono/zod-openapi';
import { DATE_FORMATS, IMPORT_KINDS } from '../core/import-rows.js';

export const ImportParams = z.object({ kind: z.enum(IMPORT_KINDS).openapi({ description: 'customers or invoices' }) });

export const ImportQuery = z
  .object({
    dateFormat: z.enum(DATE_FORMATS).optional().openapi({ description: 'how dates are written (default ymd)' }),
    decimalSeparator: z.enum(['.', ',']).optional().openapi({ description: "the decimal separator of amounts (default '.')" }),
    currency: z.string().max(3).optional().openapi({ description: 'currency of rows without a currency column' }),
    skipInvalid: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .openapi({ type: 'string', description: 'import the valid rows and list the invalid ones' }),
    fileName: z.string().max(500).optional().openapi({ description: 'the file name, kept in the audit record' }),
  })
  .strict();

const Problem = z.object({ line: z.number().int(), reason: z.string() });

export const ImportReport = z
  .object({
    importId: z.string(),
    kind: z.enum(IMPORT_KINDS),
    fileName: z.string().nullable(),
    rows: z.number().int(),
    imported: z.number().int(),
    alreadyThere: z.number().int(),
    created: z.object({
      customers: z.number().int(),
      invoices: z.number().int(),
      payments: z.number().int(),
      disputes: z.number().int(),
    }),
    invalidRows: z.number().int(),
    invalid: z.array(Problem),
    ignoredColumns: z.array(z.string()),
  })
  .openapi('ImportReport');
