/**
 * Issue 13, found using Lunas as the owner would: what the helpers' tests did not think of.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { freshDataDir } from './helpers.js';

async function lunas(dataDir: string, args: string[], now = '2026-11-01T02:00:00Z') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--data', dataDir, ...args], { LUNAS_NOW: now }, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('issue 13 (user): what the owner types', () => {
  it('issue 13 (user): a customer added without a ref is named by their name, not a 30-character id', async () => {
    const dir = freshDataDir();
    await lunas(dir, ['init', '--name', 'Konter Sinar Jaya']);
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--phone', '0812-3456-7890']);
    const sale = await lunas(dir, ['sale', '--customer', 'budi santoso', '--amount', '50000']);
    expect(sale.stderr).toBe('');
    expect(sale.stdout).toContain('INV-2026-000001 untuk Budi Santoso: Rp 50.000');
    // Two of one name: refused, saying how to tell them apart.
    await lunas(dir, ['customer', 'add', '--name', 'Budi Santoso', '--ref', 'BUDI2']);
    const twice = await lunas(dir, ['sale', '--customer', 'Budi Santoso', '--amount', '50000']);
    expect(twice.code).not.toBe(0);
    expect(twice.stderr).toContain('ada 2 pelanggan bernama Budi Santoso');
    expect(twice.stderr).toContain('ref BUDI2');
    expect(twice.stderr).toContain('+6281234567890');
    const byRef = await lunas(dir, ['sale', '--customer', 'BUDI2', '--amount', '20000']);
    expect(byRef.stdout).toContain('INV-2026-000002 untuk Budi Santoso (BUDI2): Rp 20.000');
    const nobody = await lunas(dir, ['sale', '--customer', 'Joko', '--amount', '20000']);
    expect(nobody.stderr).toContain('tidak ada pelanggan Joko di usaha ini');
  });
});
