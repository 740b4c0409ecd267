/** Per-user cooldown between questions, so one person cannot flood a channel with answers. */
export class Cooldowns {
  private readonly until = new Map<string, number>();

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
    const until = this.until.get(userId) ?? 0;
    if (until > now) return until - now;
    this.until.set(userId, now + this.seconds * 1000);
    if (this.until.size > 10_000) this.prune(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [userId, until] of this.until) if (until <= now) this.until.delete(userId);
  }
}

/** The polite notice a user gets while cooling down. */
export function cooldownNotice(waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return `You're asking a little fast — please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again.`;
}
