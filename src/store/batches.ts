/** Splitting rows into batches, so one statement never binds more parameters than either database allows. */

/** Ids per IN list: well under both databases' limits on bound parameters. */
export const IDS_PER_QUERY_MAX = 5_000;

/** The items in consecutive batches of at most `size`. */
export function chunked<T>(items: readonly T[], size: number = IDS_PER_QUERY_MAX): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
