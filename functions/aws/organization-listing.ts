import {
  AccountNotFoundException,
  DescribeAccountCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { SweepTargetNotFoundError, ThrottledError } from '../core/errors';
import {
  childPath,
  type ListedAccount,
  type ListingProgress,
  type ListingTask,
} from '../core/organization-listing';
import { isThrottling, rethrowThrottling } from './aws-errors';
import { ORGANIZATIONS_PACE } from './organizations-calls';

/** What listing needs. */
export interface ListingDeps {
  /** An Organizations client of the hub (paced and retried: see organizations-calls.ts). */
  readonly organizations: OrganizationsClient;
  readonly managementAccountId: string;
  /** Whether this invocation must stop taking new pages (its time is nearly up). */
  readonly timeUp: () => boolean;
}

/** Pages fetched at once: as many as the pace lets through at a time, so the listing runs at the pace. */
const PAGES_AT_ONCE = ORGANIZATIONS_PACE.maxInFlight;

/** Organizations nests OUs at most five levels below the root. */
const MAX_DEPTH = 6;

/** Names of the root and of OUs, learned once per invocation. */
class Names {
  /** Organizations calls made through this object. */
  calls = 0;
  private root: Promise<{ id: string; name: string }> | undefined;
  private readonly paths = new Map<string, Promise<string>>();
  /** Every path resolved or learned, by id, for the progress. */
  readonly known: Record<string, string>;

  constructor(
    readonly organizations: OrganizationsClient,
    known: Readonly<Record<string, string>> = {},
  ) {
    this.known = { ...known };
    for (const [id, path] of Object.entries(known)) this.paths.set(id, Promise.resolve(path));
  }

  /** Records the path of an OU met in a listing. */
  learn(id: string, path: string): void {
    this.known[id] = path;
    this.paths.set(id, Promise.resolve(path));
  }

  /** `call`, counted. */
  counted<T>(call: Promise<T>): Promise<T> {
    this.calls++;
    return call;
  }

  rootOf(): Promise<{ id: string; name: string }> {
    this.root ??= this.counted(this.organizations.send(new ListRootsCommand({}))).then(({ Roots }) => ({
      id: Roots?.[0]?.Id ?? '',
      name: Roots?.[0]?.Name ?? 'Root',
    }));
    return this.root;
  }

  /** The path by names of the root or OU `parentId` (`Root/Workloads/Prod`), walking up to the root. */
  pathOf(parentId: string, depth = 0): Promise<string> {
    let path = this.paths.get(parentId);
    if (path === undefined) {
      path = this.resolve(parentId, depth).then((resolved) => {
        this.known[parentId] = resolved;
        return resolved;
      });
      this.paths.set(parentId, path);
    }
    return path;
  }

  private async resolve(parentId: string, depth: number): Promise<string> {
    if (parentId.startsWith('r-')) {
      const root = await this.rootOf();
      if (root.id !== parentId) throw notFound(parentId);
      return root.name;
    }
    if (depth >= MAX_DEPTH) throw new Error(`OU ${parentId} is nested deeper than Organizations allows`);
    const [unit, parents] = await Promise.all([
      this.counted(
        this.organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: parentId })),
      ),
      this.counted(this.organizations.send(new ListParentsCommand({ ChildId: parentId }))),
    ]).catch((error: unknown) => {
      const name = (error as Error).name;
      if (name === 'OrganizationalUnitNotFoundException' || name === 'ChildNotFoundException')
        throw notFound(parentId, error);
      throw error;
    });
    const parent = parents.Parents?.[0]?.Id;
    if (parent === undefined) throw notFound(parentId);
    return childPath(await this.pathOf(parent, depth + 1), unit.OrganizationalUnit?.Name ?? parentId);
  }
}

function notFound(id: string, cause?: unknown): SweepTargetNotFoundError {
  return new SweepTargetNotFoundError(
    `targetOrganizationalUnitIds: ${id} is not a root or OU of this organization`,
    cause === undefined ? undefined : { cause },
  );
}

function listed(account: Account, ouPath: string): ListedAccount | undefined {
  if (account.Id === undefined) return undefined;
  return {
    accountId: account.Id,
    name: account.Name ?? '',
    // `State` since 2025; `Status` (ACTIVE, SUSPENDED, PENDING_CLOSURE) before it.
    state: account.State ?? account.Status ?? 'UNKNOWN',
    ouPath,
    arn: account.Arn ?? '',
  };
}

/** The pages to fetch for a parent: its accounts and its child OUs. */
function pagesOf(parentId: string, path: string): ListingTask[] {
  return [
    { kind: 'accounts', parentId, path },
    { kind: 'units', parentId, path },
  ];
}

/**
 * Starts the listing of the configured targets (roots or OUs; each target's path is resolved by
 * names, and a target that is not in the organization fails the listing with
 * {@link SweepTargetNotFoundError}). Nothing is listed yet: {@link continueListing} does it.
 */
export async function startListing(
  deps: ListingDeps,
  targets: readonly string[],
  startedAt: Date,
): Promise<ListingProgress> {
  const names = new Names(deps.organizations);
  const unique = [...new Set(targets)];
  try {
    const paths = await Promise.all(unique.map((target) => names.pathOf(target)));
    return {
      version: 1,
      tasks: unique.flatMap((target, i) => pagesOf(target, paths[i]!)),
      queued: unique,
      paths: names.known,
      accounts: [],
      managementChecked: false,
      calls: names.calls,
      startedAt: startedAt.toISOString(),
    };
  } catch (error) {
    return rethrowThrottling(error, 'organizations: resolving the sweep targets');
  }
}

/** What one page added to the listing. */
interface PageResult {
  readonly accounts: ListedAccount[];
  readonly units: { id: string; name: string }[];
  readonly next?: ListingTask;
}

async function fetchPage(names: Names, task: ListingTask): Promise<PageResult> {
  const token = task.nextToken === undefined ? {} : { NextToken: task.nextToken };
  const following = (nextToken: string | undefined) =>
    nextToken === undefined ? {} : { next: { ...task, nextToken } };
  if (task.kind === 'accounts') {
    const page = await names.counted(
      names.organizations.send(new ListAccountsForParentCommand({ ParentId: task.parentId, ...token })),
    );
    const accounts = (page.Accounts ?? []).flatMap((a) => listed(a, task.path) ?? []);
    return { accounts, units: [], ...following(page.NextToken) };
  }
  const page = await names.counted(
    names.organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: task.parentId, ...token }),
    ),
  );
  const units = (page.OrganizationalUnits ?? []).flatMap((u) =>
    u.Id === undefined ? [] : [{ id: u.Id, name: u.Name ?? u.Id }],
  );
  return { accounts: [], units, ...following(page.NextToken) };
}

/** The management account, when no target covered it: one DescribeAccount, and its path. */
async function managementAccount(names: Names, accountId: string): Promise<ListedAccount | undefined> {
  try {
    const [{ Account: account }, { Parents }] = await Promise.all([
      names.counted(names.organizations.send(new DescribeAccountCommand({ AccountId: accountId }))),
      names.counted(names.organizations.send(new ListParentsCommand({ ChildId: accountId }))),
    ]);
    const parent = Parents?.[0]?.Id;
    if (account === undefined || parent === undefined) return undefined;
    return listed(account, await names.pathOf(parent));
  } catch (error) {
    if (error instanceof AccountNotFoundException) return undefined;
    throw error;
  }
}

/**
 * Lists on from `progress`: pages of accounts and child OUs (20 a page, Organizations' maximum), a few
 * at once under the Organizations pace, descending into every child OU once, until nothing is left
 * or `deps.timeUp()` says to stop (at least one page is fetched per call, so every invocation makes
 * progress). Then the management account, if no target covered it. Throttling that outlasted the
 * SDK's retries stops the round: what succeeded is kept in the returned progress and the error is
 * rethrown as ThrottledError with that progress attached, so the caller can save it first.
 */
export async function continueListing(
  deps: ListingDeps,
  progress: ListingProgress,
): Promise<ListingProgress> {
  const names = new Names(deps.organizations, progress.paths);
  let tasks = [...progress.tasks];
  const queued = new Set(progress.queued);
  const accounts = [...progress.accounts];
  let managementChecked = progress.managementChecked;
  let throttled: unknown;
  const snapshot = (): ListingProgress => ({
    version: 1,
    tasks,
    queued: [...queued],
    paths: names.known,
    accounts,
    managementChecked,
    calls: progress.calls + names.calls,
    startedAt: progress.startedAt,
  });
  let first = true;
  while (tasks.length > 0 && (first || !deps.timeUp()) && throttled === undefined) {
    first = false;
    const round = tasks.slice(0, PAGES_AT_ONCE);
    tasks = tasks.slice(PAGES_AT_ONCE);
    const outcomes = await Promise.allSettled(round.map((task) => fetchPage(names, task)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') {
        // Kept for the next round or invocation; the first error decides what happens.
        tasks.unshift(round[i]!);
        throttled ??= outcome.reason;
        return;
      }
      const { value } = outcome;
      accounts.push(...value.accounts);
      if (value.next !== undefined) tasks.push(value.next);
      for (const unit of value.units) {
        if (queued.has(unit.id)) continue;
        queued.add(unit.id);
        const path = childPath(round[i]!.path, unit.name);
        names.learn(unit.id, path);
        tasks.push(...pagesOf(unit.id, path));
      }
    });
  }
  if (throttled === undefined && tasks.length === 0 && !managementChecked) {
    try {
      if (!accounts.some((a) => a.accountId === deps.managementAccountId)) {
        const management = await managementAccount(names, deps.managementAccountId);
        if (management !== undefined) accounts.push(management);
      }
      managementChecked = true;
    } catch (error) {
      throttled = error;
    }
  }
  const result = snapshot();
  if (throttled !== undefined) {
    if (isThrottling(throttled)) throw new ListingThrottledError(result, throttled);
    throw throttled;
  }
  return result;
}

/**
 * Throttling outlasted the SDK's retries and stopped the listing (the workflow retries it as
 * `Throttled`); `progress` holds everything listed before it, for the caller to save first.
 */
export class ListingThrottledError extends ThrottledError {
  constructor(
    readonly progress: ListingProgress,
    cause: unknown,
  ) {
    super("organizations: the sweep's listing was throttled by AWS", { cause });
  }
}
