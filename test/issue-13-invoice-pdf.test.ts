/**
 * Issue 13 part 6: the invoice PDF the business sends its customer, with the
 * business's details (NPWP), in the business's language, with an embedded font
 * that covers every name; the statement PDF with the same header and the PO
 * references; the owner setting the details (NPWP checked). Read back with
 * poppler's pdftotext and pdffonts, and a page rendered with pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateBusinessSettings } from '../src/app/businesses.js';
import { issueCreditNote, voidInvoice } from '../src/app/corrections.js';
import { addCustomer } from '../src/app/customers.js';
import { invoicePdf } from '../src/app/invoice-pdf.js';
import { addInvoice } from '../src/app/invoices.js';
import { recordPayment } from '../src/app/payments.js';
import { setPolicy } from '../src/app/policies.js';
import { customerStatement, renderStatement } from '../src/app/statements.js';
import { main } from '../src/cli/main.js';
import { formatNpwp, normalizeNpwp } from '../src/core/parties.js';
import { getBusiness } from '../src/store/parties-repo.js';
import { DIALECTS, freshDataDir, must, openWithBusiness } from './helpers.js';
import { openApi, signUpOwner, tokenFor } from './api-helpers.js';

function has(tool: string, flag = '-v'): boolean {
  try {
    execFileSync(tool, [flag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
// poppler-utils is part of the CI image (.ci/run): without it these tests fail rather than pass unread.
const POPPLER = has('pdftotext') && has('pdffonts') && has('pdftoppm');
if (!POPPLER) throw new Error('pdftotext, pdffonts and pdftoppm are needed (apt-get install poppler-utils)');

/**
 * The PDF's text as pdftotext reads it, row by row as laid out, with runs of white space (line
 * breaks, the gaps between columns) as one space: a table row reads across, a wrapped sentence whole.
 */
function pdfText(bytes: Uint8Array): string {
  const file = path.join(freshDataDir(), 'document.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** The fonts pdffonts lists: name, whether embedded. */
function pdfFonts(bytes: Uint8Array): { name: string; embedded: boolean }[] {
  const file = path.join(freshDataDir(), 'fonts.pdf');
  fs.writeFileSync(file, bytes);
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name type [type...] encoding emb sub uni object ID: emb is the 5th column from the end.
    return { name: columns[0] as string, embedded: columns[columns.length - 5] === 'yes' };
  });
}

const DETAILS = {
  address: 'Jl. Braga No. 12\nBandung 40111',
  npwp: '01.234.567.8-901.000',
  phone: '022-4201234',
  email: 'halo@sinarjaya.co.id',
  paymentInstructions: {
    bankAccounts: [{ bank: 'BCA', accountNumber: '1234567890', accountName: 'CV Sinar Jaya' }],
    ewallets: [{ provider: 'gopay', number: '081234567890', name: 'Sinar Jaya' }],
    qris: '00020101021126570011ID.DANA.WWW',
    note: 'Konfirmasi pembayaran lewat WhatsApp',
  },
};

/**
 * A business with its details and policy (2% off within 5 days; Rp 5.000 a
 * week after 3 days' grace, at most Rp 20.000), a customer, and an invoice of
 * 2 March 2026 due in 14 days: a service (Rp 150.000) and two cases at Rp 25.000
 * with Rp 5.000 off and 11% PPN. Lines by hand: 150.000 + (50.000 - 5.000) =
 * 195.000 before tax; PPN 11% of 45.000 = 4.950; total 199.950.
 */
async function invoiced(customerName = 'Nguyễn Thị Hà') {
  const { app, business, clock } = await openWithBusiness(await DIALECTS[0]!.location());
  must(await updateBusinessSettings(app, business, { name: 'CV Sinar Jaya', ...DETAILS }));
  must(
    await setPolicy(app, business, {
      policy: {
        graceDays: 3,
        lateFee: { kind: 'flat', amount: 5_000, period: 'week', capAmount: 20_000 },
        earlyDiscount: { rateBps: 200, withinDays: 5 },
      },
    }),
  );
  must(await addCustomer(app, business, { name: customerName, ref: 'P-07', phone: '0812-3456-7890', email: 'ha@example.com' }));
  const invoice = must(
    await addInvoice(app, business, {
      customer: 'P-07',
      lines: [
        { description: 'Jasa servis HP', quantity: 1, unitPrice: 150_000 },
        { description: 'Casing silikon', quantity: 2, unitPrice: 25_000, discount: 5_000, taxRateBps: 1100 },
      ],
      reference: 'PO-4500012345',
      date: '2026-03-02',
    }),
  );
  const fresh = (await getBusiness(app.store.db, business.id))!;
  return { app, business: fresh, clock, invoice };
}

describe('issue 13 part 6: the invoice PDF', () => {
  it('issue 13 part 6: the invoice PDF states the business (NPWP), customer, number, dates, PO, lines, discount, PPN, total, paid, balance, terms, fee and discount, how to pay (Indonesian)', async () => {
    const { app, business, clock, invoice } = await invoiced();
    expect(invoice.total).toBe(199_950);
    clock.set(new Date('2026-03-04T02:00:00Z'));
    must(await recordPayment(app, business, { customer: 'P-07', amount: 50_000, method: 'cash', invoice: invoice.number }));
    const pdf = must(await invoicePdf(app, business.id, invoice.number));
    expect(pdf.fileName).toBe('INV-2026-000001.pdf');
    const text = pdfText(pdf.bytes);
    for (const expected of [
      'CV Sinar Jaya',
      // The business's lines on the left of the header, the invoice's on the right, row by row.
      'CV Sinar Jaya FAKTUR',
      'Jl. Braga No. 12 Nomor: INV-2026-000001',
      'Bandung 40111 Tanggal faktur: 2 Maret 2026',
      'NPWP: 01.234.567.8-901.000 Jatuh tempo: 16 Maret 2026',
      'Telepon: +62224201234',
      'halo@sinarjaya.co.id',
      'No. PO: PO-4500012345',
      'Kepada Nguyễn Thị Hà',
      'No. pelanggan: P-07',
      '+6281234567890',
      // Each line: number, description, quantity, unit price, discount, PPN rate, quantity × price (adds up to the subtotal).
      '1 Jasa servis HP 1 Rp 150.000 Rp 150.000',
      '2 Casing silikon 2 Rp 25.000 Rp 5.000 11% Rp 50.000',
      'Subtotal Rp 200.000',
      'Diskon -Rp 5.000',
      'PPN 11% Rp 4.950',
      'Total Rp 199.950',
      'Sudah dibayar -Rp 50.000',
      'Sisa tagihan per 4 Maret 2026 Rp 149.950',
      'Pembayaran jatuh tempo 14 hari setelah tanggal faktur, yaitu 16 Maret 2026.',
      // 2% of 199.950 rounded down is 3.999.
      'Bila dilunasi paling lambat 7 Maret 2026, faktur ini mendapat potongan bayar cepat 2% (Rp 3.999), sehingga cukup dibayar Rp 195.951.',
      // Due 16 March, 3 days' grace: the first fee on the 20th.
      'Bila sampai 20 Maret 2026 belum dibayar, dikenakan denda keterlambatan Rp 5.000 untuk setiap minggu keterlambatan, paling banyak Rp 20.000 seluruhnya.',
      'Cara pembayaran BCA 1234567890 a.n. CV Sinar Jaya GoPay 081234567890 a.n. Sinar Jaya QRIS Konfirmasi pembayaran lewat WhatsApp',
      'Mohon cantumkan nomor faktur INV-2026-000001 saat membayar.',
    ])
      expect(text).toContain(expected);
    // Nothing a person cannot type back: no internal ids.
    expect(text).not.toMatch(/\b(inv|cus|biz)_[0-9a-z]+/);
    await app.close();
  });

  it('issue 13 part 6: names outside Latin-1 survive into the PDF text, in an embedded font (the old Helvetica dropped them)', async () => {
    for (const name of ['Nguyễn Thị Hà', 'Łukasz Wróbel', 'Σοφία Παπαδοπούλου', 'Иван Петров']) {
      const { app, business, invoice } = await invoiced(name);
      const pdf = must(await invoicePdf(app, business.id, invoice.id));
      expect(pdfText(pdf.bytes)).toContain(name);
      const statement = must(await customerStatement(app, business, { customer: 'P-07' }));
      const rendered = (await renderStatement(statement, 'pdf')).body as Uint8Array;
      expect(pdfText(rendered)).toContain(`${name} (P-07)`);
      for (const bytes of [pdf.bytes, rendered]) {
        const fonts = pdfFonts(bytes);
        expect(fonts.length).toBeGreaterThan(0);
        expect(fonts.every((font) => font.embedded && /DejaVuSans/.test(font.name))).toBe(true);
        expect(Buffer.from(bytes).includes('/FontFile2')).toBe(true);
        expect(Buffer.from(bytes).includes('Helvetica')).toBe(false);
      }
      await app.close();
    }
  });

  it('issue 13 part 6: a page of the invoice renders (pdftoppm) to a non-empty image', async () => {
    const { app, business, invoice } = await invoiced();
    const pdf = must(await invoicePdf(app, business.id, invoice.number));
    const dir = freshDataDir();
    const file = path.join(dir, 'invoice.pdf');
    fs.writeFileSync(file, pdf.bytes);
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const png = fs.readFileSync(path.join(dir, 'page.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Grey levels: some of the page is ink, most of it paper.
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    const pgm = fs.readFileSync(path.join(dir, 'page.pgm'));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
    expect(header).not.toBeNull();
    const pixels = pgm.subarray(header![0].length);
    expect(pixels.length).toBe(Number(header![1]) * Number(header![2]));
    const dark = pixels.filter((value) => value < 128).length;
    expect(dark).toBeGreaterThan(pixels.length / 200);
    expect(dark).toBeLessThan(pixels.length / 2);
    await app.close();
  });

  it('issue 13 part 6: a long invoice runs over pages, each with the line headings and its page number of the whole', async () => {
    const { app, business } = await invoiced();
    const lines = Array.from({ length: 60 }, (_, index) => ({
      description: `Barang ${index + 1} dengan uraian yang cukup panjang untuk dibungkus ke baris berikutnya`,
      quantity: index + 1,
      unitPrice: 1_000,
    }));
    const invoice = must(await addInvoice(app, business, { customer: 'P-07', lines }));
    const pdf = must(await invoicePdf(app, business.id, invoice.number));
    const file = path.join(freshDataDir(), 'long.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page++) {
      const text = execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, ' ');
      expect(text).toContain(`${invoice.number} · Halaman ${page} dari ${pages}`);
      if (page < pages) expect(text).toContain('No. Uraian Banyaknya Harga satuan Diskon PPN Jumlah');
    }
    const all = pdfText(pdf.bytes);
    for (const line of lines) expect(all).toContain(line.description.slice(0, 12));
    // 1 + 2 + … + 60 thousand rupiah.
    expect(all).toContain('Total Rp 1.830.000');
    await app.close();
  });

  it('issue 13 part 6: the invoice PDF in English', async () => {
    const { app, business, invoice } = await invoiced();
    const text = pdfText(must(await invoicePdf(app, business.id, invoice.number, 'en')).bytes);
    for (const expected of [
      'INVOICE',
      'Invoice date: 2 March 2026',
      'PO reference: PO-4500012345',
      'NPWP (tax no.): 01.234.567.8-901.000 Due date: 16 March 2026',
      'Bill to Nguyễn Thị Hà',
      'VAT (PPN) 11% Rp 4.950',
      'Total Rp 199.950',
      'Amount paid Rp 0',
      'Balance due as of 2 March 2026 Rp 199.950',
      'Payment is due within 14 days of the invoice date, by 16 March 2026.',
      'Paid in full by 7 March 2026, this invoice takes an early-payment discount of 2% (Rp 3.999): Rp 195.951 to pay.',
      'If it is still unpaid on 20 March 2026, a late fee of Rp 5.000 is added for each week it stays unpaid, Rp 20.000 at most in all.',
      'How to pay BCA 1234567890',
      'Please write the invoice number INV-2026-000001 with your payment.',
    ])
      expect(text).toContain(expected);
    expect(text).not.toContain('Jatuh tempo');
    await app.close();
  });

  it('issue 13 part 6: a voided invoice prints marked void, nothing owed, without how to pay', async () => {
    const { app, business, invoice } = await invoiced();
    must(await voidInvoice(app, business, { invoice: invoice.number, reason: 'salah input' }));
    const text = pdfText(must(await invoicePdf(app, business.id, invoice.number)).bytes);
    expect(text).toContain('FAKTUR · DIBATALKAN');
    expect(text).toContain('Status: batal');
    expect(text).toContain('DIBATALKAN: faktur ini dibatalkan pada 2 Maret 2026 (salah input). Tidak ada yang perlu dibayar.');
    expect(text).toContain('DIBATALKAN -Rp 199.950');
    expect(text).toContain('Sisa tagihan per 2 Maret 2026 Rp 0');
    expect(text).not.toContain('Cara pembayaran');
    expect(text).not.toContain('denda keterlambatan');
    await app.close();
  });

  it('issue 13 part 6: a credit-noted invoice shows the credit note and the lower balance', async () => {
    const { app, business, invoice } = await invoiced();
    must(await issueCreditNote(app, business, { invoice: invoice.number, amount: 10_000, reason: 'casing retak' }));
    must(await recordPayment(app, business, { customer: 'P-07', amount: 189_950, method: 'bank_transfer' }));
    const text = pdfText(must(await invoicePdf(app, business.id, invoice.number)).bytes);
    expect(text).toMatch(/Nota kredit CN-2026-\d{6} tanggal 2 Maret 2026: casing retak -Rp 10\.000/);
    // Paid in full on the day of issue: the early-payment discount (2% of 199.950) took its share, the rest is credit.
    expect(text).toContain('Potongan bayar cepat -Rp 3.999');
    expect(text).toContain('Sudah dibayar -Rp 185.951');
    expect(text).toContain('Sisa tagihan per 2 Maret 2026 Rp 0');
    expect(text).toContain('Status: lunas');
    expect(text).toContain('Sudah lunas. Terima kasih.');
    await app.close();
  });

  it('issue 13 part 6: an unknown invoice is not_found by what was asked', async () => {
    const { app, business } = await invoiced();
    const missing = await invoicePdf(app, business.id, 'INV-2026-999999');
    expect(missing.ok || [missing.code, missing.details]).toEqual(['not_found', { kind: 'invoice', id: 'INV-2026-999999' }]);
    await app.close();
  });
});

describe('issue 13 part 6: the statement PDF header', () => {
  it("issue 13 part 6: the statement PDF carries the business's details (NPWP) and the PO references of its invoices", async () => {
    const { app, business, invoice } = await invoiced();
    const statement = must(await customerStatement(app, business, { customer: 'P-07' }));
    expect(statement.business).toMatchObject({ npwp: '012345678901000', phone: '+62224201234' });
    expect(statement.openInvoices.map((item) => item.reference)).toEqual(['PO-4500012345']);
    const text = pdfText((await renderStatement(statement, 'pdf')).body as Uint8Array);
    for (const expected of [
      'CV Sinar Jaya',
      'Jl. Braga No. 12',
      'Bandung 40111',
      'NPWP: 01.234.567.8-901.000',
      'Laporan Rekening Pelanggan',
      // The invoice's line: its number, then the PO reference under it in the same cell.
      `Tagihan ${invoice.number} Rp 199.950 Rp 199.950 PO: PO-4500012345`,
      `${invoice.number} (PO: PO-4500012345) jatuh tempo 16 Maret 2026 sisa Rp 199.950`,
    ])
      expect(text).toContain(expected);
    await app.close();
  });
});

describe('issue 13 part 6: the business details and NPWP', () => {
  it.each([
    ['01.234.567.8-901.000', '012345678901000', '01.234.567.8-901.000'],
    ['012345678901000', '012345678901000', '01.234.567.8-901.000'],
    ['01 234 567 8 901 000', '012345678901000', '01.234.567.8-901.000'],
    ['3171234567890001', '3171234567890001', '3171234567890001'],
    ['0123.4567.8901.2345', '0123456789012345', '0123456789012345'],
    ['01.234.567.8-901.00', undefined, undefined],
    ['01234567890100099', undefined, undefined],
    ['01.234.567.8/901.000', undefined, undefined],
    ['NPWP 012345678901000', undefined, undefined],
    ['', undefined, undefined],
  ])('issue 13 part 6: NPWP %j is stored as %j', (typed, stored, printed) => {
    expect(normalizeNpwp(typed)).toBe(stored);
    if (stored !== undefined) expect(formatNpwp(stored)).toBe(printed);
  });

  it('issue 13 part 6: the owner sets address, NPWP, phone and email from the command line; a bad NPWP is refused naming the field', async () => {
    const dir = freshDataDir();
    const lunas = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ['--data', dir, ...args],
        { LUNAS_NOW: '2026-03-02T02:00:00Z' },
        {
          out: (text) => out.push(text),
          err: (text) => err.push(text),
        },
      );
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    expect((await lunas('init', '--name', 'CV Sinar Jaya')).code).toBe(0);
    expect((await lunas('business', 'show')).stdout).toContain('NPWP -');
    const set = await lunas(
      'business',
      'set',
      '--address',
      'Jl. Braga No. 12\\nBandung 40111',
      '--npwp',
      '01.234.567.8-901.000',
      '--phone',
      '022-4201234',
      '--email',
      'halo@sinarjaya.co.id',
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('di faktur: alamat Jl. Braga No. 12, Bandung 40111');
    expect(set.stdout).toContain('NPWP 01.234.567.8-901.000  telepon +62224201234  email halo@sinarjaya.co.id');
    const bad = await lunas('business', 'set', '--npwp', '12.345');
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringContaining('npwp: 12.345 bukan NPWP (15 atau 16 angka, misalnya 01.234.567.8-901.000)'),
    ]);
    const badPhone = await lunas('business', 'set', '--phone', '12', '--email', 'nope');
    expect(badPhone.stderr).toContain('phone: 12 bukan nomor telepon');
    expect(badPhone.stderr).toContain('email: nope bukan alamat email');
    // Nothing of a refused change is kept; "" clears.
    const json = JSON.parse((await lunas('--json', 'business', 'show')).stdout);
    expect([json.npwp, json.phone, json.email]).toEqual(['012345678901000', '+62224201234', 'halo@sinarjaya.co.id']);
    expect((await lunas('business', 'set', '--npwp', '')).stdout).toContain('NPWP -');

    // The invoice PDF from the command line, named by its number.
    expect((await lunas('customer', 'add', '--name', 'Иван Петров', '--ref', 'R1')).code).toBe(0);
    expect((await lunas('invoice', 'add', '--customer', 'R1', '--line', 'Servis|1|100000', '--reference', 'PO-9')).code).toBe(0);
    const out = path.join(dir, 'faktur.pdf');
    const written = await lunas('invoice', 'pdf', 'INV-2026-000001', '--out', out);
    expect([written.code, written.stdout]).toEqual([0, expect.stringMatching(/faktur\.pdf sudah ditulis/)]);
    const text = pdfText(fs.readFileSync(out));
    expect(text).toContain('Kepada Иван Петров');
    expect(text).toContain('No. PO: PO-9');
    expect(text).toContain('Bandung 40111');
    const english = await lunas('invoice', 'pdf', 'INV-2026-000001', '--out', out, '--locale', 'en');
    expect(english.code).toBe(0);
    expect(pdfText(fs.readFileSync(out))).toContain('Bill to Иван Петров');
    const wrongLocale = await lunas('invoice', 'pdf', 'INV-2026-000001', '--out', out, '--locale', 'fr');
    expect([wrongLocale.code, wrongLocale.stderr]).toEqual([2, expect.stringContaining('locale')]);
    const unknown = await lunas('invoice', 'pdf', 'INV-2026-000404', '--out', out);
    expect([unknown.code, unknown.stderr]).toEqual([expect.any(Number), expect.stringContaining('INV-2026-000404')]);
    expect(unknown.code).not.toBe(0);
  });

  it('issue 13 part 6: PATCH /business sets the details (owner only), GET /business returns them, GET /invoices/{id}/pdf serves the PDF', async () => {
    const api = await openApi(DIALECTS[0]!);
    const owner = await signUpOwner(api, `pdf-${Date.now()}@example.com`, 'CV Sinar Jaya');
    const as = { session: owner.session };
    const bad = await api.call('PATCH', '/api/v1/business', { body: { npwp: '1234' }, as });
    expect([bad.status, bad.body.error.code, Object.keys(bad.body.error.details.fields)]).toEqual([
      400,
      'validation_failed',
      ['npwp'],
    ]);
    const staff = await tokenFor(api, owner, 'staff');
    const refused = await api.call('PATCH', '/api/v1/business', { body: { npwp: '012345678901000' }, as: { token: staff } });
    expect(refused.status).toBe(403);
    const set = await api.call('PATCH', '/api/v1/business', {
      body: { address: 'Jl. Braga No. 12', npwp: '01.234.567.8-901.000', phone: '0812-1111-2222', email: 'a@b.id' },
      as,
    });
    expect(set.status).toBe(200);
    const got = await api.call('GET', '/api/v1/business', { as });
    expect([got.body.address, got.body.npwp, got.body.phone, got.body.email]).toEqual([
      'Jl. Braga No. 12',
      '012345678901000',
      '+6281211112222',
      'a@b.id',
    ]);

    const customer = await api.call('POST', '/api/v1/customers', { body: { name: 'Σοφία', ref: 'S1' }, as });
    expect(customer.status).toBe(201);
    const invoice = await api.call('POST', '/api/v1/invoices', {
      body: { customerId: 'S1', lines: [{ description: 'Servis', quantity: 1, unitPrice: 75_000 }], reference: 'PO-1' },
      as,
    });
    expect(invoice.status).toBe(201);
    const pdf = await api.call('GET', `/api/v1/invoices/${invoice.body.number}/pdf`, { as: { token: staff } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.body.number}.pdf"`);
    expect(String(pdf.body).startsWith('%PDF-')).toBe(true);
    const byId = await api.call('GET', `/api/v1/invoices/${invoice.body.id}/pdf?lang=en`, { as });
    expect(byId.status).toBe(200);
    expect((await api.call('GET', `/api/v1/invoices/${invoice.body.id}/pdf?lang=fr`, { as })).status).toBe(400);
    const missing = await api.call('GET', '/api/v1/invoices/INV-2026-999999/pdf', { as });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'not_found']);

    const spec = (await api.call('GET', '/api/v1/openapi.json')).body;
    const operation = spec.paths['/api/v1/invoices/{id}/pdf'].get;
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/pdf']);
    expect(operation.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['id', 'lang']);
    expect(Object.keys(spec.components.schemas.Business.properties)).toEqual(
      expect.arrayContaining(['address', 'npwp', 'phone', 'email']),
    );
    await api.close();
  });
});
