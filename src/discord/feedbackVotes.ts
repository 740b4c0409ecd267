/**
 * The 👍/👎 each person gave each answer, so that pressing the same button again is not
 * counted twice and pressing the other one changes the vote instead of adding to it. Kept
 * in memory for the newest votes only: feedback is advice, not a ballot.
 */

export type Vote = "up" | "down";

/** What a press did: a first vote on the answer, the same vote again, or a changed one. */
export type Cast = "new" | "same" | "changed";

/** Votes remembered at most; the oldest are forgotten first. */
export const REMEMBERED_VOTES = 10_000;

export class FeedbackVotes {
  private readonly votes = new Map<string, Vote>();

  constructor(private readonly capacity: number = REMEMBERED_VOTES) {}

  /** Records `voter`'s `vote` on the answer `answer` (its message id). */
  cast(answer: string, voter: string, vote: Vote): Cast {
    const id = `${answer}:${voter}`;
    const before = this.votes.get(id);
    // Re-inserted, so the newest votes are the last forgotten.
    this.votes.delete(id);
    this.votes.set(id, vote);
    if (this.votes.size > this.capacity) {
      const oldest = this.votes.keys().next();
      if (!oldest.done) this.votes.delete(oldest.value);
    }
    if (before === undefined) return "new";
    return before === vote ? "same" : "changed";
  }
}
