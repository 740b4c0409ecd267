/** The BM25 pieces shared by article and sentence ranking. */

/** BM25's inverse document frequency of a term found in `frequency` of `total` units. */
export function idf(total: number, frequency: number): number {
  return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
}

/** BM25's weight of a term occurring `tf` times in a unit of `length` tokens. */
export function bm25(
  tf: number,
  length: number,
  averageLength: number,
  k1: number,
  b: number,
): number {
  if (tf === 0) return 0;
  return (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * length) / Math.max(1, averageLength)));
}

/**
 * The `wanted` items with the highest scores, best first (ties: lower item first): the
 * same as sorting all items and cutting, whatever order the items come in.
 */
export function topByScore(
  items: readonly number[],
  scoreOf: (item: number) => number,
  wanted: number,
): number[] {
  const limit = Math.floor(wanted);
  if (!(limit >= 1)) return [];
  const byRank = (a: number, b: number): number => scoreOf(b) - scoreOf(a) || a - b;
  if (items.length <= limit) return [...items].sort(byRank);
  const kept: number[] = [];
  /** The last item kept after the latest cut: nothing that ranks below it can make the top. */
  let floor: number | null = null;
  for (const item of items) {
    if (floor !== null && byRank(item, floor) > 0) continue;
    kept.push(item);
    if (kept.length >= limit * 4) {
      kept.sort(byRank);
      kept.length = limit;
      floor = kept[limit - 1] ?? null;
    }
  }
  return kept.sort(byRank).slice(0, limit);
}
