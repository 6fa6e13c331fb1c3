/**
 * The sweep's account list and the listing that builds it, as data: what a listed account carries, and
 * the listing's progress, which is saved between the Lambda invocations of one listing (a listing of
 * 100,000 accounts does not fit in one invocation's minutes).
 */

/** One account of the sweep's list: a Distributed Map item (`sweeps/<id>/accounts.json`). */
export interface ListedAccount {
  readonly accountId: string;
  /** The account's name in Organizations. */
  readonly name: string;
  /** Organizations' `State`: only ACTIVE accounts are swept; the others are listed and skipped. */
  readonly state: string;
  /** Where the account sits, by names from the root: `Root/Workloads/Prod`. */
  readonly ouPath: string;
  /** The account's ARN, which names its organization (the membership verdict checks it). */
  readonly arn: string;
}

/** One page still to fetch: a parent's accounts or its child OUs, after `nextToken` when given. */
export interface ListingTask {
  readonly kind: 'accounts' | 'units';
  readonly parentId: string;
  /** The parent's path by names (`Root/Workloads`). */
  readonly path: string;
  readonly nextToken?: string;
}

/** A listing between invocations (`sweeps/<id>/listing.json`). */
export interface ListingProgress {
  readonly version: 1;
  /** Pages still to fetch. */
  readonly tasks: readonly ListingTask[];
  /** Parents already queued (targets included), so overlapping targets are listed once. */
  readonly queued: readonly string[];
  /** The paths by names of the roots and OUs met so far, by id: none is asked for twice. */
  readonly paths: Readonly<Record<string, string>>;
  /** Accounts found so far, in the order found. */
  readonly accounts: readonly ListedAccount[];
  /** Whether the management account was looked for (it is covered whatever the targets). */
  readonly managementChecked: boolean;
  /** Organizations calls made so far by the listing, over all its invocations. */
  readonly calls: number;
  /** When the listing began (ISO 8601): the age of everything it observed is counted from here. */
  readonly startedAt: string;
}

/** Whether the listing has nothing left to do. */
export function listingDone(progress: ListingProgress): boolean {
  return progress.tasks.length === 0 && progress.managementChecked;
}

/** The path of a child named `name` under the parent at `path`. */
export function childPath(path: string, name: string): string {
  return `${path}/${name}`;
}
