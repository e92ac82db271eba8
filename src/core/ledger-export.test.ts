import { describe, expect, it } from 'vitest';
import { calendarDate } from './dates.js';
import { ledgerAccount, ledgerAmount, ledgerTransaction } from './ledger-export.js';
import { minor } from './money.js';

describe('plain-text accounting export', () => {
  it.each([
    [50_000, 'IDR', '50000 IDR'],
    [-52_500, 'IDR', '-52500 IDR'],
    [1_250, 'USD', '12.50 USD'],
    [-5, 'USD', '-0.05 USD'],
    [0, 'USD', '0.00 USD'],
  ])('%i minor %s is %s', (amount, currency, text) => {
    expect(ledgerAmount(minor(amount), currency)).toBe(text);
  });

  it('names accounts from ids only and keeps memos on one line without a comment marker', () => {
    expect(ledgerAccount('receivable', 'cus_1')).toBe('Assets:Receivable:cus_1');
    expect(ledgerAccount('cash:ewallet', undefined)).toBe('Assets:Cash:ewallet');
    const text = ledgerTransaction(
      {
        id: 'jnl_1',
        date: calendarDate('2026-03-02'),
        code: 'credit_note',
        sourceType: 'credit_note',
        sourceId: 'crn_1',
        memo: 'typo; second line\nthird',
        lines: [
          { account: 'revenue', amount: minor(1000) },
          { account: 'receivable', amount: minor(-1000), customerId: 'cus_1', invoiceId: 'inv_1' },
        ],
      },
      'IDR',
    );
    expect(text.split('\n')).toEqual([
      '2026-03-02 * credit_note credit_note crn_1',
      '    ; entry: jnl_1',
      '    ; typo, second line third',
      '    Income:Sales  1000 IDR',
      '    Assets:Receivable:cus_1  -1000 IDR',
      '',
    ]);
  });
});
