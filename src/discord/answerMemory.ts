import { randomBytes } from "node:crypto";
import type { SearchOptions } from "../core/types.ts";

/** When a question was asked and the period it was limited to, so its pages match it. */
export type AskedWhen = Pick<SearchOptions, "asOf" | "since" | "until">;

/** What the bot remembers about an answer it sent, for its buttons. */
export interface RememberedAnswer {
  question: string;
  /** Ids of the articles quoted, in order. */
  articleIds: string[];
  /** How many results came before the ones shown. */
  offset: number;
  /** The question's moment and period. */
  when: AskedWhen;
}

/**
 * A small in-memory map from short keys to answers, so buttons can refer to a question too
 * long for a custom id. The oldest entries are forgotten first; keys do not survive a restart.
 */
export class AnswerMemory {
  private readonly entries = new Map<string, RememberedAnswer>();

  constructor(private readonly capacity = 2000) {}

  remember(answer: RememberedAnswer): string {
    let key = randomBytes(6).toString("base64url");
    while (this.entries.has(key)) key = randomBytes(6).toString("base64url");
    this.entries.set(key, answer);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return key;
  }

  recall(key: string): RememberedAnswer | undefined {
    return this.entries.get(key);
  }
}
