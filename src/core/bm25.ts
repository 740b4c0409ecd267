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
 * The best `limit` of the items offered to it, kept in a bounded heap: the same as sorting
 * every item offered (best score first, ties: lower item first) and cutting, whatever order
 * they come in, without holding them all.
 */
export class BestItems {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  /** `limit` must be a whole number of items that can be held (0 or more). */
  constructor(limit: number) {
    const capacity = limit >= 1 ? Math.floor(limit) : 0;
    this.items = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** True when the entry at `a` ranks below the one at `b` (lower score, or higher item). */
  private worse(a: number, b: number): boolean {
    const scoreA = this.scores[a]!;
    const scoreB = this.scores[b]!;
    return scoreA < scoreB || (scoreA === scoreB && this.items[a]! > this.items[b]!);
  }

  private swap(a: number, b: number): void {
    const item = this.items[a]!;
    const score = this.scores[a]!;
    this.items[a] = this.items[b]!;
    this.scores[a] = this.scores[b]!;
    this.items[b] = item;
    this.scores[b] = score;
  }

  /** Considers one item; the heap's root is always the worst item kept. */
  offer(item: number, score: number): void {
    const capacity = this.items.length;
    if (capacity === 0) return;
    if (this.size < capacity) {
      let at = this.size++;
      this.items[at] = item;
      this.scores[at] = score;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.worse(at, parent)) break;
        this.swap(at, parent);
        at = parent;
      }
      return;
    }
    const rootScore = this.scores[0]!;
    if (score < rootScore || (score === rootScore && item > this.items[0]!)) return;
    this.items[0] = item;
    this.scores[0] = score;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.worse(right, left) ? right : left;
      if (!this.worse(child, at)) break;
      this.swap(child, at);
      at = child;
    }
  }

  /** The items kept with their scores, best first (ties: lower item first). */
  best(): { item: number; score: number }[] {
    const kept: { item: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) kept.push({ item: this.items[i]!, score: this.scores[i]! });
    return kept.sort((a, b) => b.score - a.score || a.item - b.item);
  }
}
