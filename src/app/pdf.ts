/**
 * What the PDFs Lunas prints (the invoice, the statement of account) share: an
 * embedded font that covers the names people have (DejaVu Sans: Latin with every
 * accent, Greek, Cyrillic and more; pdfkit's built-in Helvetica covers Latin-1
 * only and drops the rest), the header with the business's details (name,
 * address, NPWP, phone, email) and the document's title, and the words, amounts
 * (`Rp 1.250.000`) and dates (`8 Desember 2026`) in the business's language.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { type Language, type Text, formatAmount, formatDate, formatPercent, render } from '../core/i18n/catalogue.js';
import { formatNpwp } from '../core/parties.js';

const require = createRequire(import.meta.url);

/**
 * The font files, found through the package (not the working directory), so the
 * PDFs come out the same from `bin/lunas`, `lunas serve`, the tests and a build.
 */
export const PDF_FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
} as const;

/** The registered names of the two faces. */
export const FONT = 'Lunas-Sans';
export const BOLD = 'Lunas-Sans-Bold';

export const PAGE_MARGIN = 40;
/** Where the printable width ends on A4 (595 points wide). */
export const PAGE_RIGHT = 555;
/** Below this a new row starts a new page. */
export const PAGE_BOTTOM = 770;

/** A new A4 document with the fonts registered (and nothing else loaded), and its bytes once ended. */
export function newPdf(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  // The regular face is the document's default: the built-in Helvetica is never loaded, so never embedded.
  // Pages are kept until the end, so each can be footed with its number of the whole (pdfFinish).
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    font: PDF_FONT_FILES.regular,
    bufferPages: true,
    info: { Title: title },
  });
  doc.registerFont(FONT, PDF_FONT_FILES.regular);
  doc.registerFont(BOLD, PDF_FONT_FILES.bold);
  doc.font(FONT);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/**
 * Ends the document: when it runs over one page, each page is footed with the
 * document's name and its page number (`INV-2026-000001 · Halaman 2 dari 3`).
 */
export function pdfFinish(doc: PDFKit.PDFDocument, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  if (range.count > 1)
    for (let index = 0; index < range.count; index++) {
      doc.switchToPage(range.start + index);
      // Written inside the bottom margin: without it pdfkit would start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font(FONT)
        .fontSize(7.5)
        .text(footer(index + 1, range.count), PAGE_MARGIN, doc.page.height - 28, {
          width: PAGE_RIGHT - PAGE_MARGIN,
          align: 'right',
          lineBreak: false,
        });
      doc.page.margins.bottom = bottom;
    }
  doc.end();
}

/** The words, amounts and dates of one document, in its language and the business's currency. */
export interface PdfSpeech {
  readonly language: Language;
  say(text: Text): string;
  money(amount: number): string;
  date(date: string): string;
  /** Basis points as a percentage: `11%`, `1,5%`. */
  percent(bps: number): string;
}

export function pdfSpeech(language: Language, currency: string): PdfSpeech {
  return {
    language,
    say: (text) => render(text, { language, currency }),
    money: (amount) => formatAmount(amount, currency, language),
    date: (date) => formatDate(date, language),
    percent: (bps) => formatPercent(bps, language),
  };
}

/** What a document's header shows of the business. */
export interface PdfBusiness {
  readonly name: string;
  readonly address: string | null;
  /** Digits, as stored; printed formatted. */
  readonly npwp: string | null;
  readonly phone: string | null;
  readonly email: string | null;
}

/**
 * The header: the business (name in bold, then its address, NPWP, phone and
 * email, each when set) on the left; the title and the lines under it (the
 * document's number, dates) on the right; a rule under both. Leaves the cursor
 * at the left margin below the rule.
 */
export function pdfHeader(
  doc: PDFKit.PDFDocument,
  business: PdfBusiness,
  labels: { npwp: string; phone: string; email: string },
  title: string,
  titleLines: readonly string[],
): void {
  const top = PAGE_MARGIN;
  const leftWidth = 270;
  doc.font(BOLD).fontSize(15).text(business.name, PAGE_MARGIN, top, { width: leftWidth });
  doc.font(FONT).fontSize(9);
  if (business.address) doc.text(business.address, { width: leftWidth });
  if (business.npwp) doc.text(`${labels.npwp}: ${formatNpwp(business.npwp)}`, { width: leftWidth });
  const contact = [
    business.phone ? `${labels.phone}: ${business.phone}` : '',
    business.email ? `${labels.email}: ${business.email}` : '',
  ].filter(Boolean);
  if (contact.length > 0) doc.text(contact.join('   '), { width: leftWidth });
  const leftBottom = doc.y;

  const rightX = PAGE_MARGIN + leftWidth + 15;
  const rightWidth = PAGE_RIGHT - rightX;
  // The title on one line: a long one (Laporan Rekening Pelanggan) in a smaller size.
  let size = 14;
  doc.font(BOLD);
  while (size > 9 && doc.fontSize(size).widthOfString(title) > rightWidth) size -= 1;
  doc.text(title, rightX, top, { width: rightWidth, align: 'right' });
  doc.font(FONT).fontSize(9);
  for (const line of titleLines) doc.text(line, rightX, doc.y, { width: rightWidth, align: 'right' });
  const bottom = Math.max(leftBottom, doc.y) + 6;
  doc.moveTo(PAGE_MARGIN, bottom).lineTo(PAGE_RIGHT, bottom).lineWidth(0.5).stroke();
  doc.x = PAGE_MARGIN;
  doc.y = bottom + 8;
}

/** One column of a table: where it starts, how wide, and whether its figures align right. */
export interface PdfColumn {
  readonly key: string;
  readonly x: number;
  readonly width: number;
  readonly right?: boolean;
}

/** A row of a table at the cursor (a new page first when near the bottom); cells wrap within their column. */
export function pdfRow(
  doc: PDFKit.PDFDocument,
  columns: readonly PdfColumn[],
  cells: Readonly<Record<string, string>>,
  options: { bold?: boolean; size?: number; headings?: Readonly<Record<string, string>> } = {},
): void {
  if (doc.y > PAGE_BOTTOM) {
    doc.addPage();
    // A table that runs onto a new page repeats its headings there.
    if (options.headings) pdfRow(doc, columns, options.headings, { bold: true });
  }
  const y = doc.y;
  doc.font(options.bold ? BOLD : FONT).fontSize(options.size ?? 8.5);
  let bottom = y;
  for (const column of columns) {
    doc.text(cells[column.key] ?? '', column.x, y, { width: column.width, align: column.right ? 'right' : 'left' });
    bottom = Math.max(bottom, doc.y);
  }
  doc.x = PAGE_MARGIN;
  doc.y = bottom + 2;
}

/** A heading of a section, in bold, at the left margin. */
export function pdfHeading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > PAGE_BOTTOM - 20) doc.addPage();
  doc.moveDown(0.6).font(BOLD).fontSize(10.5).text(text, PAGE_MARGIN);
  doc.font(FONT).fontSize(9);
}

/** Lines of text at the left margin across the page. */
export function pdfLines(doc: PDFKit.PDFDocument, lines: readonly string[], options: { bold?: boolean } = {}): void {
  doc.font(options.bold ? BOLD : FONT).fontSize(9);
  for (const line of lines) {
    if (doc.y > PAGE_BOTTOM) doc.addPage();
    doc.text(line, PAGE_MARGIN, doc.y, { width: PAGE_RIGHT - PAGE_MARGIN });
  }
}
