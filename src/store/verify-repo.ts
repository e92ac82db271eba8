/**
 * Recomputes every projection from the journal and lists each difference.
 * The queries are plain SQL both dialects run the same way.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.js';
import { statusFollowingSql } from './journal-repo.js';

type Db = Kysely<Database>;

export interface Discrepancy {
  readonly check: string;
  readonly objectId: string;
  readonly expected: number | string;
  readonly actual: number | string;
}

/** Bounds the report: a broken store lists this many problems per check, not millions. */
const PROBLEMS_PER_CHECK_MAX = 100;

async function rows(db: Db, query: RawBuilder<unknown>): Promise<Record<string, unknown>[]> {
  const result = await query.execute(db);
  return result.rows as Record<string, unknown>[];
}

function toDiscrepancies(check: string, found: Record<string, unknown>[]): Discrepancy[] {
  return found.map((row) => ({
    check,
    objectId: String(row.id),
    expected: row.expected as number | string,
    actual: row.actual as number | string,
  }));
}

export async function findDiscrepancies(db: Db, businessId: string): Promise<Discrepancy[]> {
  const limit = PROBLEMS_PER_CHECK_MAX;
  const problems: Discrepancy[] = [];

  problems.push(
    ...toDiscrepancies(
      'entry_balances',
      await rows(
        db,
        sql`select entry_id as id, 0 as expected, sum(amount_minor) as actual, count(*) as line_count
            from journal_lines where business_id = ${businessId}
            group by entry_id having sum(amount_minor) <> 0 or count(*) < 2 limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'invoice_outstanding',
      await rows(
        db,
        sql`select i.id as id, coalesce(s.total, 0) as expected, i.outstanding_minor as actual
            from invoices i
            left join (select invoice_id, sum(amount_minor) as total from journal_lines
                       where business_id = ${businessId} and account = 'receivable' and invoice_id is not null
                       group by invoice_id) s on s.invoice_id = i.id
            where i.business_id = ${businessId} and i.outstanding_minor <> coalesce(s.total, 0) limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'customer_balance',
      await rows(
        db,
        sql`select c.id as id, coalesce(s.total, 0) as expected, c.balance_minor as actual
            from customers c
            left join (select customer_id, sum(amount_minor) as total from journal_lines
                       where business_id = ${businessId} and account = 'receivable' group by customer_id) s
              on s.customer_id = c.id
            where c.business_id = ${businessId} and c.balance_minor <> coalesce(s.total, 0) limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'customer_credit',
      await rows(
        db,
        sql`select c.id as id, coalesce(s.total, 0) as expected, c.credit_minor as actual
            from customers c
            left join (select customer_id, 0 - sum(amount_minor) as total from journal_lines
                       where business_id = ${businessId} and account = 'customer_credit' group by customer_id) s
              on s.customer_id = c.id
            where c.business_id = ${businessId} and c.credit_minor <> coalesce(s.total, 0) limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'negative_amount',
      await rows(
        db,
        sql`select id, 'non-negative' as expected, outstanding_minor as actual from invoices
            where business_id = ${businessId} and outstanding_minor < 0
            union all
            select id, 'non-negative' as expected, credit_minor as actual from customers
            where business_id = ${businessId} and credit_minor < 0
            limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'invoice_status',
      await rows(
        db,
        sql`select id, case when outstanding_minor = 0 then 'paid' else 'open' end as expected, status as actual
            from invoices where business_id = ${businessId} and (
              status <> ${statusFollowingSql(sql<number>`outstanding_minor`)}
              or (status in ('void', 'written_off') and outstanding_minor <> 0)
              or status not in ('open', 'paid', 'void', 'written_off'))
            limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'invoice_total',
      await rows(
        db,
        sql`select i.id as id, coalesce(s.amount, 0) + coalesce(s.tax, 0) as expected, i.total_minor as actual
            from invoices i
            left join (select invoice_id, sum(amount_minor) as amount, sum(tax_minor) as tax from invoice_lines
                       where business_id = ${businessId} group by invoice_id) s on s.invoice_id = i.id
            where i.business_id = ${businessId}
              and (i.total_minor <> coalesce(s.amount, 0) + coalesce(s.tax, 0) or i.total_minor <> i.subtotal_minor + i.tax_minor)
            limit ${limit}`,
      ),
    ),
  );

  problems.push(
    ...toDiscrepancies(
      'payment_allocation',
      await rows(
        db,
        sql`select p.id as id, p.amount_minor as expected, coalesce(s.total, 0) + p.unapplied_minor as actual
            from payments p
            left join (select payment_id, sum(amount_minor) as total from payment_allocations
                       where business_id = ${businessId} group by payment_id) s on s.payment_id = p.id
            where p.business_id = ${businessId}
              and (p.amount_minor <> coalesce(s.total, 0) + p.unapplied_minor or p.unapplied_minor < 0)
            limit ${limit}`,
      ),
    ),
  );

  // The collection counters are projections of the journal too: fees charged (less fees waived, which
  // reverse them) and discounts granted per invoice.
  for (const [check, column, code] of [
    ['invoice_fees_charged', 'fees_charged_minor', 'late_fee'],
    ['invoice_discount', 'discount_minor', 'early_discount'],
  ] as const)
    problems.push(
      ...toDiscrepancies(
        check,
        await rows(
          db,
          sql`select i.id as id, coalesce(s.total, 0) as expected, ${sql.ref(`i.${column}`)} as actual
              from invoices i
              left join (select l.invoice_id, ${code === 'late_fee' ? sql`sum(l.amount_minor)` : sql`0 - sum(l.amount_minor)`} as total
                         from journal_lines l
                         join journal_entries e on e.business_id = l.business_id and e.id = l.entry_id
                         left join journal_entries r on r.business_id = e.business_id and r.id = e.reverses_entry_id
                         where l.business_id = ${businessId} and l.account = 'receivable'
                           and (e.code = ${code} or (e.code = 'reversal' and r.code = ${code}))
                         group by l.invoice_id) s on s.invoice_id = i.id
              where i.business_id = ${businessId} and ${sql.ref(`i.${column}`)} <> coalesce(s.total, 0) limit ${limit}`,
        ),
      ),
    );

  const control = await rows(
    db,
    sql`select (select coalesce(sum(amount_minor), 0) from journal_lines where business_id = ${businessId} and account = 'receivable') as expected,
               (select coalesce(sum(balance_minor), 0) from customers where business_id = ${businessId}) as actual`,
  );
  const [totals] = control;
  if (totals && Number(totals.expected) !== Number(totals.actual))
    problems.push({
      check: 'receivable_control',
      objectId: businessId,
      expected: Number(totals.expected),
      actual: Number(totals.actual),
    });

  // The journal total the money bound is kept on (decision 0014): every entry's size, added up. As text, so a
  // store filled before the bound existed is reported, not a crash.
  const [journal] = await rows(
    db,
    sql`select cast((select coalesce(sum(amount_minor), 0) from journal_lines where business_id = ${businessId} and amount_minor > 0) as text) as expected,
               cast((select journal_total_minor from businesses where id = ${businessId}) as text) as actual`,
  );
  if (journal && String(journal.expected) !== String(journal.actual))
    problems.push({
      check: 'journal_total',
      objectId: businessId,
      expected: String(journal.expected),
      actual: String(journal.actual),
    });

  return problems;
}

/** Figures the verify report prints beside its verdict. */
export async function journalCounts(db: Db, businessId: string): Promise<{ entries: number; receivable: number }> {
  const [row] = await rows(
    db,
    sql`select (select count(*) from journal_entries where business_id = ${businessId}) as entries,
               (select coalesce(sum(amount_minor), 0) from journal_lines where business_id = ${businessId} and account = 'receivable') as receivable`,
  );
  return { entries: Number(row?.entries ?? 0), receivable: Number(row?.receivable ?? 0) };
}
