/**
 * The statement of account as a PDF: the business's header (name, address,
 * NPWP, phone, email) shared with the invoice (pdf.ts, with its embedded font),
 * the customer and the period, every line with its running balance and the PO
 * reference of its invoice, the closing balance, the open invoices with their
 * PO references, the aging of what is open and how to pay. In the business's language.
 */
import { type Statement, statementWord } from '../core/statement.js';
import { type StatementLabel, t } from '../core/i18n/catalogue.js';
import { type PdfColumn, newPdf, pdfFinish, pdfHeader, pdfHeading, pdfLines, pdfRow, pdfSpeech } from './pdf.js';

const COLUMNS: readonly PdfColumn[] = [
  // Wide enough for the longest date in bold: `30 September 2026`.
  { key: 'date', x: 40, width: 96 },
  { key: 'description', x: 138, width: 114 },
  { key: 'document', x: 254, width: 100 },
  { key: 'charge', x: 356, width: 64, right: true },
  { key: 'credit', x: 422, width: 64, right: true },
  { key: 'balance', x: 488, width: 67, right: true },
];

export function renderStatementPdf(statement: Statement): Promise<Uint8Array> {
  const speech = pdfSpeech(statement.business.locale, statement.currency);
  const { say, money, date } = speech;
  const label = (name: StatementLabel) => say(t('statement.label', { name }));
  const { doc, done } = newPdf(`${label('title')} ${statement.customer.name}`);

  pdfHeader(
    doc,
    statement.business,
    {
      npwp: say(t('pdf.label', { name: 'npwp' })),
      phone: say(t('pdf.label', { name: 'phone' })),
      email: say(t('pdf.label', { name: 'email' })),
    },
    label('title'),
    [say(t('statement.period', { from: statement.from, to: statement.to }))],
  );
  pdfLines(
    doc,
    [`${label('customer')}: ${statement.customer.name}${statement.customer.ref ? ` (${statement.customer.ref})` : ''}`],
    { bold: true },
  );
  doc.moveDown();

  const headings = Object.fromEntries(COLUMNS.map((column) => [column.key, label(column.key as StatementLabel)]));
  pdfRow(doc, COLUMNS, headings, { bold: true });
  pdfRow(doc, COLUMNS, {
    date: date(statement.from),
    description: statementWord(statement.business.locale, 'opening'),
    balance: money(statement.openingBalance),
  });
  for (const line of statement.lines)
    pdfRow(
      doc,
      COLUMNS,
      {
        date: date(line.date),
        description: statementWord(statement.business.locale, line.kind) + (line.memo ? `: ${line.memo}` : ''),
        document: line.reference ? `${line.document}\n${say(t('pdf.po', { reference: line.reference }))}` : line.document,
        charge: line.charge ? money(line.charge) : '',
        credit: line.credit ? money(line.credit) : '',
        balance: money(line.balance),
      },
      { headings },
    );
  pdfRow(
    doc,
    COLUMNS,
    {
      date: date(statement.to),
      description: statementWord(statement.business.locale, 'closing'),
      charge: money(statement.totals.charges),
      credit: money(statement.totals.credits),
      balance: money(statement.closingBalance),
    },
    { bold: true },
  );

  pdfHeading(doc, label('open'));
  pdfLines(
    doc,
    statement.openInvoices.length === 0
      ? [say(t('statement.none_open'))]
      : statement.openInvoices.map((item) =>
          say(
            t('statement.open_item', {
              number: item.number,
              reference: item.reference,
              due: item.dueDate,
              outstanding: item.outstanding,
            }),
          ),
        ),
  );
  pdfHeading(doc, label('aging'));
  pdfLines(doc, [
    statement.aging.buckets
      .map((bucket) => `${say(t('label.bucket', { key: bucket.key }))}: ${money(statement.aging.byBucket[bucket.key] ?? 0)}`)
      .join('   '),
  ]);
  if (statement.paymentInstructions.length > 0) {
    pdfHeading(doc, label('how_to_pay'));
    pdfLines(doc, statement.paymentInstructions);
  }
  pdfFinish(doc, (page, pages) => `${statement.customer.name} · ${label('title')} · ${say(t('pdf.page', { page, pages }))}`);
  return done;
}
