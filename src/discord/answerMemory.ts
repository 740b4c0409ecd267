/**
 * What the bot remembers about the answers it sent, so their buttons can refer to a question
 * too long for a custom id. Two kinds: a small map in memory (the console, tests), and a
 * SQLite table under DATA_DIR (`answers.sqlite`) that a restart keeps, shared by every shard.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
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

export interface AnswerMemory {
  /** Keeps an answer and returns the short key its buttons carry. */
  remember(answer: RememberedAnswer): string;
  recall(key: string): RememberedAnswer | undefined;
  close(): void;
}

export const ANSWERS_FILE = "answers.sqlite";

/** How the answers kept on disk are bounded; see {@link SavedAnswers}. */
export interface SavedAnswerLimits {
  capacity: number;
  pruneEvery: number;
  busyTimeoutMs: number;
}

export const SAVED_ANSWER_LIMITS: SavedAnswerLimits = {
  /** Answers kept: the oldest are forgotten beyond this many. */
  capacity: 100_000,
  /** Forget the oldest once every this many answers kept. */
  pruneEvery: 1_000,
  /**
   * How long a write waits for another shard's (ms). Writes run on the thread that answers,
   * so it is short; an answer that cannot be written is remembered in memory instead.
   */
  busyTimeoutMs: 50,
};

function newKey(): string {
  return randomBytes(6).toString("base64url");
}

/**
 * A small in-memory map from short keys to answers. The oldest entries are forgotten first;
 * keys do not survive a restart.
 */
export class RecentAnswers implements AnswerMemory {
  private readonly entries = new Map<string, RememberedAnswer>();

  constructor(private readonly capacity = 2000) {}

  remember(answer: RememberedAnswer): string {
    let key = newKey();
    while (this.entries.has(key)) key = newKey();
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

  close(): void {
    this.entries.clear();
  }
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS answers (
  key TEXT PRIMARY KEY,
  question TEXT NOT NULL,
  article_ids TEXT NOT NULL,
  first_result INTEGER NOT NULL,
  as_of TEXT,
  since TEXT,
  until TEXT
);
`;

interface AnswerRow {
  question: unknown;
  article_ids: unknown;
  first_result: unknown;
  as_of: unknown;
  since: unknown;
  until: unknown;
}

/**
 * Answers kept in SQLite, so the buttons of a long question still work after a restart and
 * on any shard. The newest `capacity` are kept. A write that fails (another shard holding
 * the file, a full disk) keeps that answer in memory instead, and `onError` hears of it.
 */
export class SavedAnswers implements AnswerMemory {
  private readonly fallback = new RecentAnswers();
  private writes = 0;
  private readonly insertAnswer: Database.Statement;
  private readonly selectAnswer: Database.Statement<[string], AnswerRow>;
  private readonly deleteOldest: Database.Statement<[number]>;

  private constructor(
    private readonly db: Database.Database,
    private readonly onError: (err: unknown) => void,
    private readonly limits: SavedAnswerLimits,
  ) {
    this.insertAnswer = db.prepare(
      "INSERT OR IGNORE INTO answers (key, question, article_ids, first_result, as_of, since, until) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    this.selectAnswer = db.prepare(
      "SELECT question, article_ids, first_result, as_of, since, until FROM answers WHERE key = ?",
    );
    this.deleteOldest = db.prepare(
      "DELETE FROM answers WHERE rowid <= (SELECT max(rowid) FROM answers) - ?",
    );
  }

  /** Opens (creating when needed) `answers.sqlite` in `dataDir`. Throws when it cannot. */
  static open(
    dataDir: string,
    onError: (err: unknown) => void,
    limits: SavedAnswerLimits = SAVED_ANSWER_LIMITS,
  ): SavedAnswers {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(path.join(dataDir, ANSWERS_FILE));
    try {
      db.pragma(`busy_timeout = ${limits.busyTimeoutMs}`);
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SavedAnswers(db, onError, limits);
  }

  remember(answer: RememberedAnswer): string {
    let key: string;
    try {
      key = this.insert(answer);
    } catch (err) {
      this.onError(err);
      return this.fallback.remember(answer);
    }
    if (++this.writes % this.limits.pruneEvery === 0) {
      // The answer is kept already; a prune that fails is tried again after as many more.
      try {
        this.forgetOldest();
      } catch (err) {
        this.onError(err);
      }
    }
    return key;
  }

  recall(key: string): RememberedAnswer | undefined {
    const kept = this.fallback.recall(key);
    if (kept) return kept;
    try {
      const row = this.selectAnswer.get(key);
      return row === undefined ? undefined : answerOfRow(row);
    } catch (err) {
      this.onError(err);
      return undefined;
    }
  }

  close(): void {
    this.fallback.close();
    if (this.db.open) this.db.close();
  }

  private insert(answer: RememberedAnswer): string {
    const { when } = answer;
    // Keys are random: a second one taken is as unlikely as a first.
    for (let attempt = 0; attempt < 3; attempt++) {
      const key = newKey();
      const inserted = this.insertAnswer.run(
        key,
        answer.question,
        JSON.stringify(answer.articleIds),
        answer.offset,
        when.asOf ?? null,
        when.since ?? null,
        when.until ?? null,
      );
      if (inserted.changes === 1) return key;
    }
    throw new Error("no free key for the answer");
  }

  private forgetOldest(): void {
    this.deleteOldest.run(this.limits.capacity);
  }
}

/** A row as an answer, or undefined when the file holds something else there. */
function answerOfRow(row: AnswerRow): RememberedAnswer | undefined {
  const { question, first_result: offset } = row;
  if (typeof question !== "string" || typeof offset !== "number") return undefined;
  let articleIds: unknown;
  try {
    articleIds = JSON.parse(String(row.article_ids));
  } catch {
    return undefined;
  }
  if (!Array.isArray(articleIds) || !articleIds.every((id) => typeof id === "string")) {
    return undefined;
  }
  const day = (value: unknown): string | undefined =>
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
  const [asOf, since, until] = [day(row.as_of), day(row.since), day(row.until)];
  return {
    question,
    articleIds,
    offset,
    when: {
      ...(asOf ? { asOf } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    },
  };
}

/**
 * The answers kept under `dataDir`, or, when that file cannot be opened, a memory that
 * forgets them at a restart (`onError` says why).
 */
export function openAnswerMemory(dataDir: string, onError: (err: unknown) => void): AnswerMemory {
  try {
    return SavedAnswers.open(dataDir, onError);
  } catch (err) {
    onError(err);
    return new RecentAnswers();
  }
}
