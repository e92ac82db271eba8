/**
 * The statement of account as a PDF (pdfkit, its built-in Helvetica): the
 * business and customer, the period, every line with its running balance,
 * the closing balance, the aging of what is open and how to pay. In the
 * business's language.
 */
import PDFDocument from 'pdfkit';
import { type Statement, statementWord } from '../core/statement.js';
import { type StatementLabel, type Text, formatAmount, render, t } from '../core/i18n/catalogue.js';

const COLUMNS = [
  { key: 'date', x: 40, width: 62 },
  { key: 'description', x: 104, width: 150 },
  { key: 'document', x: 256, width: 100 },
  { key: 'charge', x: 358, width: 66, right: true },
  { key: 'credit', x: 426, width: 66, right: true },
  { key: 'balance', x: 494, width: 70, right: true },
] as const;

export function renderStatementPdf(statement: Statement): Promise<Uint8Array> {
  const context = { language: statement.business.locale, currency: statement.currency };
  const say = (text: Text) => render(text, context);
  const label = (name: StatementLabel) => say(t('statement.label', { name }));
  const money = (amount: number) => formatAmount(amount, statement.currency, context.language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `${label('title')} ${statement.customer.name}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(statement.business.name);
  doc.font('Helvetica').fontSize(12).text(label('title'));
  doc.moveDown(0.5).fontSize(10);
  doc.text(`${label('customer')}: ${statement.customer.name}${statement.customer.ref ? ` (${statement.customer.ref})` : ''}`);
  doc.text(say(t('statement.period', { from: statement.from, to: statement.to })));
  doc.moveDown();

  const row = (cells: Record<string, string>, bold = false) => {
    if (doc.y > 760) doc.addPage();
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    let bottom = y;
    for (const column of COLUMNS) {
      doc.text(cells[column.key] ?? '', column.x, y, { width: column.width, align: 'right' in column ? 'right' : 'left' });
      bottom = Math.max(bottom, doc.y);
    }
    doc.x = 40;
    doc.y = bottom + 2;
  };
  row(Object.fromEntries(COLUMNS.map((column) => [column.key, label(column.key)])), true);
  row({
    date: statement.from,
    description: statementWord(statement.business.locale, 'opening'),
    balance: money(statement.openingBalance),
  });
  for (const line of statement.lines)
    row({
      date: line.date,
      description: statementWord(statement.business.locale, line.kind) + (line.memo ? `: ${line.memo}` : ''),
      document: line.document,
      charge: line.charge ? money(line.charge) : '',
      credit: line.credit ? money(line.credit) : '',
      balance: money(line.balance),
    });
  row(
    {
      date: statement.to,
      description: statementWord(statement.business.locale, 'closing'),
      charge: money(statement.totals.charges),
      credit: money(statement.totals.credits),
      balance: money(statement.closingBalance),
    },
    true,
  );

  doc.moveDown().font('Helvetica-Bold').fontSize(11).text(label('open'), 40);
  doc.font('Helvetica').fontSize(9);
  if (statement.openInvoices.length === 0) doc.text(say(t('statement.none_open')));
  for (const item of statement.openInvoices)
    doc.text(say(t('statement.open_item', { number: item.number, due: item.dueDate, outstanding: item.outstanding })));
  doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(label('aging'));
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(
      statement.aging.buckets
        .map((bucket) => `${say(t('label.bucket', { key: bucket.key }))}: ${money(statement.aging.byBucket[bucket.key] ?? 0)}`)
        .join('   '),
    );
  if (statement.paymentInstructions.length > 0) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(11).text(label('how_to_pay'));
    doc.font('Helvetica').fontSize(9);
    for (const line of statement.paymentInstructions) doc.text(line);
  }
  doc.end();
  return done;
}
