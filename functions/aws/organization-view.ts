import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AccountDescription } from '../core/membership';
import { listingLifetimeMs, MembershipCache } from '../core/membership-cache';
import type { ListedAccount } from '../core/organization-listing';

/** Where the sweep leaves its view of the organization in the state bucket. */
export const ORGANIZATION_VIEW_KEY = 'organization/accounts.json';

/** How often a Lambda environment re-reads the view at most (when its cache misses). */
export const VIEW_RELOAD_MS = 60_000;

/** The view as stored: every listed account's state and ARN, as of the listing. */
interface StoredView {
  readonly version: 1;
  readonly organizationId: string;
  /** When the listing ran (ISO 8601): the time its states were observed. */
  readonly listedAt: string;
  /**
   * When the next scheduled listing is due (ISO 8601): until then this view is the latest. Absent
   * when the schedule does not say (a `cron()` expression).
   */
  readonly nextListingDueAt?: string;
  readonly accounts: Readonly<Record<string, { readonly state: string; readonly arn: string }>>;
}

/**
 * Writes the sweep's listing as the organization view that the event path's membership checks start
 * from. Written only by the sweep's ListAccounts, read by the event path's functions.
 */
export async function writeOrganizationView(
  s3: S3Client,
  bucket: string,
  view: {
    organizationId: string;
    listedAt: Date;
    /** The sweep schedule's interval, when it has one: the next listing is due that long after this one. */
    intervalMs: number | undefined;
    accounts: readonly ListedAccount[];
  },
): Promise<void> {
  const body: StoredView = {
    version: 1,
    organizationId: view.organizationId,
    listedAt: view.listedAt.toISOString(),
    ...(view.intervalMs === undefined
      ? {}
      : { nextListingDueAt: new Date(view.listedAt.getTime() + view.intervalMs).toISOString() }),
    accounts: Object.fromEntries(view.accounts.map((a) => [a.accountId, { state: a.state, arn: a.arn }])),
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: ORGANIZATION_VIEW_KEY,
      Body: JSON.stringify(body),
      ContentType: 'application/json',
    }),
  );
}

/** What an {@link OrganizationView} needs. */
export interface OrganizationViewDeps {
  readonly s3: () => S3Client;
  readonly bucket: string;
  readonly organizationId: string;
  /** How long an observation is trusted (0: never: every check asks Organizations). */
  readonly ttlMs: number;
  readonly clock: () => Date;
}

/**
 * The event path's cached view of the organization, one per Lambda execution environment: what the
 * sweep's last listing said about each account and what DescribeAccount said since. A DescribeAccount
 * answer, and a listed state other than ACTIVE, is trusted for the TTL from when it was observed; a
 * listed ACTIVE account until the next listing is due plus the TTL ({@link listingLifetimeMs}). The
 * view is re-read from S3 when a check misses, at most once a minute, and not at all while the view
 * read last is the latest (its next listing is not due yet). See openMemberAccount for how a stale
 * entry can never let orgmfa act in an account that left.
 */
export class OrganizationView {
  private readonly cache: MembershipCache;
  private loadedAt: number | undefined;
  /** Until when the view read last is the latest (its next listing's due time). */
  private latestUntil: number | undefined;
  /** The re-read under way, which membership checks do not wait for. */
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: OrganizationViewDeps) {
    this.cache = new MembershipCache(deps.ttlMs, () => deps.clock().getTime());
  }

  /** Whether the view caches anything (a TTL of 0 turns it off). */
  get enabled(): boolean {
    return this.deps.ttlMs > 0;
  }

  /** The account as last observed, if within the TTL. */
  lookup(accountId: string): AccountDescription | undefined {
    return this.cache.get(accountId);
  }

  /** Records what Organizations just said about an account. */
  remember(description: AccountDescription): void {
    this.cache.put(description, this.deps.clock().getTime());
  }

  /** Forgets an account: its next check asks Organizations. */
  forget(accountId: string): void {
    this.cache.forget(accountId);
  }

  /**
   * Re-reads the sweep's view when the last attempt is a minute old or more, unless the view read last
   * is known to be the latest. A view that is missing, unreadable, of another organization, or that S3
   * would not give (denied, throttled) changes nothing: the check that needed it falls back to
   * DescribeAccount, which is always right.
   */
  reloadIfDue(): Promise<void> {
    const now = this.deps.clock().getTime();
    if (!this.enabled || (this.latestUntil !== undefined && now < this.latestUntil)) return this.reading;
    if (this.loadedAt !== undefined && now - this.loadedAt < VIEW_RELOAD_MS) return this.reading;
    this.loadedAt = now;
    this.reading = this.read();
    return this.reading;
  }

  /**
   * Settles once the re-read under way (if any) has: for a runner that accounts for every call an
   * event caused, including the one the event did not wait for.
   */
  settled(): Promise<void> {
    return this.reading;
  }

  private async read(): Promise<void> {
    try {
      const object = await this.deps
        .s3()
        .send(new GetObjectCommand({ Bucket: this.deps.bucket, Key: ORGANIZATION_VIEW_KEY }));
      const view = JSON.parse((await object.Body?.transformToString()) ?? '{}') as StoredView;
      const listedAt = Date.parse(view.listedAt);
      if (view.version !== 1 || view.organizationId !== this.deps.organizationId || Number.isNaN(listedAt))
        return;
      const due = typeof view.nextListingDueAt === 'string' ? Date.parse(view.nextListingDueAt) : NaN;
      const nextListingDueAt = Number.isNaN(due) ? undefined : due;
      this.latestUntil = nextListingDueAt;
      for (const [id, entry] of Object.entries(view.accounts)) {
        if (typeof entry?.state === 'string' && typeof entry.arn === 'string')
          this.cache.put(
            { id, state: entry.state, arn: entry.arn },
            listedAt,
            listingLifetimeMs(entry.state, listedAt, nextListingDueAt, this.deps.ttlMs),
          );
      }
    } catch {
      // Deliberately not an error: the cache is an optimization, and its fallback asks Organizations.
      return;
    }
  }
}
