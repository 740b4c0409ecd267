/** Per-user cooldown between questions, so one person cannot flood a channel with answers. */
export class Cooldowns {
  /** When each user's cooldown ends, and whether they were already told about it. */
  private readonly users = new Map<string, { until: number; noticed: boolean }>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts the user's cooldown and returns 0 when they may ask now; otherwise returns how
   * many milliseconds they still have to wait (and leaves the running cooldown as it is).
   */
  take(userId: string): number {
    if (this.seconds <= 0) return 0;
    const now = this.now();
    const until = this.users.get(userId)?.until ?? 0;
    if (until > now) return until - now;
    this.users.set(userId, { until: now + this.seconds * 1000, noticed: false });
    if (this.users.size > 10_000) this.prune(now);
    return 0;
  }

  /**
   * Ends the user's cooldown: what they asked was refused before anything was searched or
   * sent (an unreadable option), so they may correct it and ask again at once.
   */
  giveBack(userId: string): void {
    this.users.delete(userId);
  }

  /**
   * Whether to tell the user about their running cooldown: true once per cooldown, so that
   * public notices (replies to mentions) cannot flood a channel either.
   */
  firstNotice(userId: string): boolean {
    const entry = this.users.get(userId);
    if (!entry || entry.noticed) return false;
    entry.noticed = true;
    return true;
  }

  private prune(now: number): void {
    for (const [userId, entry] of this.users) if (entry.until <= now) this.users.delete(userId);
  }
}

/** The polite notice a user gets while cooling down. */
export function cooldownNotice(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `You're asking a little fast — please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
}
