/** A problem meant for the person who asked (bad URL, not a feed…). */
export class FeedUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeedUserError";
  }
}
