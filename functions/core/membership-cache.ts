import type { AccountDescription } from './membership';

/**
 * What Organizations said about accounts, and when, for `ttlMs` after it said it. An entry older than
 * that is gone: the caller asks Organizations again. Of two observations of an account the later one
 * wins, whatever the order they arrive in (a listing loaded after a fresher DescribeAccount does not
 * overwrite it).
 */
export class MembershipCache {
  private readonly entries = new Map<string, { description: AccountDescription; observedAt: number }>();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The account's description if observed within the TTL. */
  get(accountId: string): AccountDescription | undefined {
    const entry = this.entries.get(accountId);
    if (entry === undefined) return undefined;
    if (this.now() - entry.observedAt > this.ttlMs) {
      this.entries.delete(accountId);
      return undefined;
    }
    return entry.description;
  }

  /** Records what Organizations said about an account at `observedAt` (epoch ms). */
  put(description: AccountDescription, observedAt: number): void {
    if (this.ttlMs <= 0 || this.now() - observedAt > this.ttlMs) return;
    const known = this.entries.get(description.id);
    if (known !== undefined && known.observedAt > observedAt) return;
    this.entries.set(description.id, { description, observedAt });
  }

  /** Drops what is known about an account: the next check asks Organizations. */
  forget(accountId: string): void {
    this.entries.delete(accountId);
  }
}
