import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients, ClientScope } from '../aws/clients';
import type { Log } from '../aws/log';
import {
  continueListing,
  ListingThrottledError,
  startListing,
  type ListingDeps,
} from '../aws/organization-listing';
import { writeOrganizationView } from '../aws/organization-view';
import type { ComplianceSettings } from '../core/config';
import { listingDone, type ListingProgress } from '../core/organization-listing';
import { scheduleIntervalMs } from '../core/schedule-interval';
import type { HubSettings } from '../core/settings';
import { sweepPlan } from '../core/sweep-plan';

/** What listing the accounts needs. */
export interface ListAccountsDeps {
  readonly clients: AwsClients;
  readonly hub: ClientScope;
  readonly settings: HubSettings;
  readonly stateBucket: string;
  readonly compliance: ComplianceSettings;
  /** The roots and OUs the sweep covers (with their descendants), besides the management account. */
  readonly targets: readonly string[];
  readonly clock: () => Date;
  readonly log: Log;
}

/** Where a sweep's files live in the state bucket. */
export function sweepPrefix(sweepId: string): string {
  return `sweeps/${sweepId}`;
}

/** A sweep's id: the execution's name (unique per state machine), safe as an S3 key segment. */
export function sweepIdOf(input: unknown): string {
  const name = (input as { executionName?: unknown } | null)?.executionName;
  const id = typeof name === 'string' ? name.replace(/[^\w.-]/g, '_').slice(0, 80) : '';
  if (id === '') throw new Error('the sweep input has no execution name');
  return id;
}

/** What ListAccounts returns to the workflow: the same shape whether or not the listing is done. */
export interface ListAccountsResult {
  /** False: the listing goes on in the next invocation (the workflow loops back). */
  readonly done: boolean;
  readonly sweepId: string;
  readonly bucket: string;
  /** The Distributed Maps' item list (written once the listing is done). */
  readonly accountsKey: string;
  /** Accounts listed so far (all of them once done), swept or not. */
  readonly total: number;
  /** The first pass (credential reports): child executions at once, accounts per child. */
  readonly reportsConcurrency: number;
  /** The sweep proper: child executions at once, accounts per child. */
  readonly concurrency: number;
  readonly batchSize: number;
}

async function readProgress(deps: ListAccountsDeps, key: string): Promise<ListingProgress | undefined> {
  try {
    const object = await deps.clients
      .s3(deps.hub)
      .send(new GetObjectCommand({ Bucket: deps.stateBucket, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? '') as ListingProgress;
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

async function put(deps: ListAccountsDeps, key: string, body: unknown): Promise<void> {
  await deps.clients.s3(deps.hub).send(
    new PutObjectCommand({
      Bucket: deps.stateBucket,
      Key: key,
      Body: JSON.stringify(body),
      ContentType: 'application/json',
    }),
  );
}

/**
 * The sweep's first step: the accounts of the configured targets (roots or OUs, with every
 * descendant OU) and the management account, each with its name, state and OU path, listed per parent
 * with ListAccountsForParent and ListOrganizationalUnitsForParent (never one call per account), a few
 * pages at once under the Organizations pace. A listing longer than one invocation's time saves its
 * progress (`sweeps/<id>/listing.json`) and returns `done: false`; the workflow calls again and it
 * goes on from there. Once done it writes the Distributed Maps' item list (`sweeps/<id>/accounts.json`;
 * accounts that are not ACTIVE are listed too, and skipped by the sweep with their state as the
 * reason) and the organization view the event path's membership checks start from.
 *
 * @param timeUp whether this invocation must stop taking new pages (the Lambda's time is nearly up).
 */
export async function listAccounts(
  deps: ListAccountsDeps,
  input: unknown,
  timeUp: () => boolean = () => false,
): Promise<ListAccountsResult> {
  const sweepId = sweepIdOf(input);
  const progressKey = `${sweepPrefix(sweepId)}/listing.json`;
  const accountsKey = `${sweepPrefix(sweepId)}/accounts.json`;
  const listing: ListingDeps = {
    organizations: deps.clients.organizations(deps.hub),
    managementAccountId: deps.settings.managementAccountId,
    timeUp,
  };
  const previous = await readProgress(deps, progressKey);
  let progress: ListingProgress;
  try {
    progress = await continueListing(
      listing,
      previous ?? (await startListing(listing, deps.targets, deps.clock())),
    );
  } catch (error) {
    // Keep what was listed before the throttling: the workflow's retry goes on from there.
    if (error instanceof ListingThrottledError) await put(deps, progressKey, error.progress);
    throw error;
  }
  const plan = sweepPlan(deps.compliance);
  const result = {
    sweepId,
    bucket: deps.stateBucket,
    accountsKey,
    total: progress.accounts.length,
    reportsConcurrency: plan.reports.concurrency,
    concurrency: plan.sweep.concurrency,
    batchSize: plan.sweep.batchSize,
  };
  if (!listingDone(progress)) {
    await put(deps, progressKey, progress);
    deps.log.info('listing continues', {
      sweepId,
      accounts: progress.accounts.length,
      calls: progress.calls,
    });
    return { done: false, ...result };
  }
  await Promise.all([
    put(deps, accountsKey, progress.accounts),
    writeOrganizationView(deps.clients.s3(deps.hub), deps.stateBucket, {
      organizationId: deps.settings.organizationId,
      listedAt: new Date(progress.startedAt),
      intervalMs: scheduleIntervalMs(deps.compliance.sweepSchedule),
      accounts: progress.accounts,
    }),
  ]);
  deps.log.info('sweep started', {
    sweepId,
    accounts: progress.accounts.length,
    active: progress.accounts.filter((a) => a.state === 'ACTIVE').length,
    organizationsCalls: progress.calls,
  });
  return { done: true, ...result };
}
