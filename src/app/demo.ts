/**
 * Fills a new store with a believable Indonesian phone-credit counter: about 40
 * regulars, four months of credit sales and payments, some prompt payers, some
 * slow, a few late and one who stopped paying. Everything goes through the use
 * cases with a simulated clock, so the demo obeys every rule a real day does
 * (a sale over the limit is refused and simply does not happen).
 */
import { type CalendarDate, addDays, dateInZone, startOfDateInZone } from '../core/dates.js';
import { type Result, ok } from '../core/result.js';
import { initBusiness, selectBusiness } from './businesses.js';
import { type AppContext, createIdSource, fixedClock } from './context.js';
import { addCustomer } from './customers.js';
import { issueCreditNote, writeOffInvoice } from './corrections.js';
import { recordSale } from './invoices.js';
import { recordPayment } from './payments.js';
import { setPolicy } from './policies.js';
import { type Text, render, t } from '../core/i18n/catalogue.js';
import type { BusinessView } from './views.js';

const FIRST_NAMES = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Rudi',
  'Sri',
  'Andi',
  'Rina',
  'Joko',
  'Wati',
  'Hendra',
  'Yuni',
  'Bambang',
  'Lestari',
  'Eko',
  'Fitri',
  'Dedi',
  'Nur',
  'Slamet',
  'Ayu',
  'Wahyu',
  'Indah',
  'Rizki',
  'Putri',
  'Arif',
  'Maya',
  'Taufik',
  'Ratna',
  'Yusuf',
  'Dian',
  'Hadi',
  'Ika',
  'Fajar',
  'Sari',
  'Imam',
  'Tuti',
  'Gilang',
  'Novi',
  'Asep',
  'Euis',
];
const LAST_NAMES = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Lestari',
  'Hidayat',
  'Kurniawan',
  'Setiawan',
  'Pratama',
  'Nugroho',
  'Rahayu',
  'Susanto',
  'Gunawan',
];
const CATALOGUE: readonly { item: string; price: number }[] = [
  { item: 'Pulsa Telkomsel 10rb', price: 12_000 },
  { item: 'Pulsa Telkomsel 25rb', price: 26_500 },
  { item: 'Pulsa Indosat 50rb', price: 51_000 },
  { item: 'Pulsa XL 20rb', price: 21_500 },
  { item: 'Paket Data Telkomsel 8GB', price: 65_000 },
  { item: 'Paket Data XL 15GB', price: 89_000 },
  { item: 'Token Listrik PLN 50rb', price: 52_500 },
  { item: 'Token Listrik PLN 100rb', price: 102_500 },
  { item: 'Voucher Game 60 Diamond', price: 17_000 },
];
const PHONE_PREFIXES = ['0812', '0813', '0821', '0852', '0857', '0878', '0896', '0838'];

type Habit = 'prompt' | 'slow' | 'late' | 'stopped';
const HABIT_DELAY_DAYS: Record<Habit, [number, number]> = {
  prompt: [1, 12],
  slow: [10, 30],
  late: [35, 75],
  stopped: [10_000, 10_000],
};

export const DEMO_DAYS = 120;
export const DEMO_CUSTOMERS = 40;

/** Small seeded generator (mulberry32): the same seed gives the same shop. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoSummary {
  business: BusinessView;
  customers: number;
  sales: number;
  refusedSales: number;
  payments: number;
  creditNotes: number;
  writeOffs: number;
  from: CalendarDate;
  to: CalendarDate;
}

/** Creates the demo business and its history, ending today. */
export async function runDemo(ctx: AppContext, seed = 2026): Promise<Result<DemoSummary>> {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const timeZone = 'Asia/Jakarta';
  const today = dateInZone(ctx.clock.now(), timeZone);
  const from = addDays(today, -DEMO_DAYS);
  const clock = fixedClock(new Date(startOfDateInZone(from, timeZone).getTime() + 9 * 3_600_000));
  const sim: AppContext = { ...ctx, clock, ids: createIdSource(clock) };

  const created = await initBusiness(sim, {
    name: 'Konter Pulsa Berkah Jaya',
    currency: 'IDR',
    timezone: timeZone,
    locale: 'id',
    termsDays: 14,
    defaultCreditLimit: 300_000,
    overdueBlockDays: 60,
  });
  if (!created.ok) return created;
  const chosen = await selectBusiness(sim, created.value.id);
  if (!chosen.ok) return chosen;
  const business = chosen.value;
  // The history is made up: its payments send no receipts to its made-up customers; new ones will.
  const receipts = (on: boolean, reason: Text) =>
    setPolicy(sim, business, {
      policy: { receipts: { payment: on, promise: on, plan: on, dispute: on } },
      reason: render(reason, { language: business.locale }),
    });
  const paused = await receipts(false, t('demo.receipts_paused'));
  if (!paused.ok) return paused;

  const customers: { id: string; habit: Habit; appetite: number }[] = [];
  for (let i = 0; i < DEMO_CUSTOMERS; i++) {
    const habit: Habit = i === 7 ? 'stopped' : next() < 0.55 ? 'prompt' : next() < 0.7 ? 'slow' : 'late';
    const phone = `${pick(PHONE_PREFIXES)}${String(Math.floor(next() * 1e8)).padStart(8, '0')}`;
    const added = await addCustomer(sim, business, {
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${pick(LAST_NAMES)}`,
      phone,
      ref: `P${String(i + 1).padStart(3, '0')}`,
      ...(i % 9 === 0 ? { creditLimit: 750_000 } : {}),
    });
    if (!added.ok) return added;
    customers.push({ id: added.value.id, habit, appetite: 0.05 + next() * 0.15 });
  }

  const summary = { sales: 0, refusedSales: 0, payments: 0, creditNotes: 0, writeOffs: 0 };
  const dueToPay = new Map<CalendarDate, { customerId: string; amount: number }[]>();
  const invoicesOfStopped: string[] = [];
  for (let day = 0; day <= DEMO_DAYS; day++) {
    const date = addDays(from, day);
    clock.set(new Date(startOfDateInZone(date, timeZone).getTime() + 9 * 3_600_000));
    for (const payment of dueToPay.get(date) ?? []) {
      const method = pick(['cash', 'cash', 'cash', 'ewallet', 'qris', 'bank_transfer'] as const);
      const paid = await recordPayment(sim, business, {
        customer: payment.customerId,
        amount: payment.amount,
        method,
        ...(method === 'ewallet' ? { provider: pick(['gopay', 'ovo', 'dana', 'shopeepay'] as const) } : {}),
      });
      if (!paid.ok) return paid;
      summary.payments++;
    }
    dueToPay.delete(date);
    for (const customer of customers) {
      if (next() >= customer.appetite) continue;
      clock.advanceMs(Math.floor(next() * 8 * 3_600_000));
      const { item, price } = pick(CATALOGUE);
      const sale = await recordSale(sim, business, { customer: customer.id, amount: price, item });
      if (!sale.ok) {
        summary.refusedSales++;
        continue;
      }
      summary.sales++;
      if (customer.habit === 'stopped') invoicesOfStopped.push(sale.value.id);
      const [low, high] = HABIT_DELAY_DAYS[customer.habit];
      const payOn = addDays(date, low + Math.floor(next() * (high - low + 1)));
      if (payOn <= today) dueToPay.set(payOn, [...(dueToPay.get(payOn) ?? []), { customerId: customer.id, amount: price }]);
      if (summary.sales % 97 === 0) {
        const note = await issueCreditNote(sim, business, {
          invoice: sale.value.id,
          amount: Math.min(2_000, price),
          reason: 'Salah harga, selisih dikembalikan',
        });
        if (note.ok) summary.creditNotes++;
      }
    }
  }
  const oldest = invoicesOfStopped[0];
  if (oldest) {
    const writeOff = await writeOffInvoice(sim, business, {
      invoice: oldest,
      reason: 'Pelanggan pindah kota, tidak bisa dihubungi',
    });
    if (writeOff.ok) summary.writeOffs++;
  }
  const resumed = await receipts(true, t('demo.receipts_resumed'));
  if (!resumed.ok) return resumed;
  return ok({ business: created.value, customers: customers.length, ...summary, from, to: today });
}
