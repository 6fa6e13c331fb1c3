import type { AccountDescription } from './membership';

/**
 * What Organizations said about accounts, and when, each trusted for a lifetime from when it was said:
 * `ttlMs` unless the observation comes with a longer one (see {@link listingLifetimeMs}). An entry
 * past its lifetime is gone: the caller asks Organizations again. Of two observations of an account
 * the later one wins, whatever the order they arrive in (a listing loaded after a fresher
 * DescribeAccount does not overwrite it); of two of the same instant, the first.
 */
export class MembershipCache {
  private readonly entries = new Map<
    string,
    { description: AccountDescription; observedAt: number; expiresAt: number }
  >();

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The account's description if observed within its lifetime. */
  get(accountId: string): AccountDescription | undefined {
    const entry = this.entries.get(accountId);
    if (entry === undefined) return undefined;
    if (this.now() > entry.expiresAt) {
      this.entries.delete(accountId);
      return undefined;
    }
    return entry.description;
  }

  /**
   * Records what Organizations said about an account at `observedAt` (epoch ms), trusted for
   * `lifetimeMs` from then (the TTL by default). Nothing is kept while the TTL is 0 (the cache is off).
   */
  put(description: AccountDescription, observedAt: number, lifetimeMs: number = this.ttlMs): void {
    const expiresAt = observedAt + lifetimeMs;
    if (this.ttlMs <= 0 || this.now() > expiresAt) return;
    const known = this.entries.get(description.id);
    // On a tie the first one stays: a listing is dated by its start, so a DescribeAccount of the same
    // instant is at least as fresh.
    if (known !== undefined && known.observedAt >= observedAt) return;
    this.entries.set(description.id, { description, observedAt, expiresAt });
  }

  /** Drops what is known about an account: the next check asks Organizations. */
  forget(accountId: string): void {
    this.entries.delete(accountId);
  }
}

/**
 * How long an account's state from the sweep's listing is trusted, from the listing's time.
 *
 * An ACTIVE account: until the next listing is due, plus `ttlMs` (the next listing takes minutes to
 * be written). That is safe because ACTIVE only lets orgmfa *try*: the role assumption is refused by
 * AWS in an account that left the organization since (`aws:ResourceOrgID`, evaluated at the call), and
 * a refused assumption sends the check to Organizations (openMemberAccount). Any other state (which
 * refuses at once, without trying) and a listing whose next one is not known: `ttlMs` only.
 */
export function listingLifetimeMs(
  state: string,
  listedAt: number,
  nextListingDueAt: number | undefined,
  ttlMs: number,
): number {
  if (state !== 'ACTIVE' || nextListingDueAt === undefined || nextListingDueAt <= listedAt) return ttlMs;
  return nextListingDueAt - listedAt + ttlMs;
}
