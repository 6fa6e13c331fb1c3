import type { IAMClient } from '@aws-sdk/client-iam';
import type { ProvisioningSettings } from '../core/config';
import { ProvisioningFailedError, ThrottledError } from '../core/errors';
import type { UserFacts } from '../core/provisioning';
import type { ProvisioningRequest } from '../core/provisioning-request';
import type { RetryPolicy } from '../core/retry';
import type { UndoOutcome, UndoStack } from '../core/undo-stack';
import { isDefinitive, isTransient } from '../aws/aws-errors';
import type { Log } from '../aws/log';
import type { MetricsSink } from '../aws/metrics';
import { deleteNewUser } from './delete-new-user';

/** The steps of provisioning, as failure messages name them ("failed to …"). */
export type ProvisioningStep =
  | 'open the account'
  | 'read the user'
  | 'create the device'
  | 'store the seed'
  | 'set the initial password'
  | 'enable the device';

/** What failing needs from the provisioning function's dependencies. */
export interface FailDeps {
  readonly log: Log;
  readonly metrics: MetricsSink;
  readonly provisioning: ProvisioningSettings;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A failed step, and what provisioning had got to when it failed. */
export interface Failure {
  readonly request: ProvisioningRequest;
  readonly step: ProvisioningStep;
  readonly error: unknown;
  readonly undo?: UndoStack;
  readonly iam?: IAMClient;
  readonly facts?: UserFacts;
}

/**
 * Pauses before each further try of an undo or a removal, after the SDK's own retries: about seven
 * seconds in all, well inside the function's timeout.
 */
const CLEAN_UP_DELAYS_MS = [1_000, 2_000, 4_000];

/** The retry policy of undo steps and of the steps that follow a re-created user. */
export function cleanUpPolicy(deps: Pick<FailDeps, 'sleep'>): RetryPolicy {
  return { retryable: isTransient, delaysMs: CLEAN_UP_DELAYS_MS, sleep: deps.sleep };
}

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

function undoText(undone: UndoOutcome): string {
  const removed = undone.undone.length === 0 ? [] : [`removed ${undone.undone.join(', ')}`];
  if (!undone.complete) {
    return [
      ...removed,
      `undoing stopped at removing ${undone.failed} (${errorText(undone.error)}, ${undone.attempts} attempt(s))`,
      `left in place: ${undone.leftInPlace.join(', ')}`,
    ].join('; ');
  }
  return removed[0] ?? 'nothing had been created';
}

/**
 * Ends a provisioning that failed at `step`. First undoes what was created (newest first, each undo
 * retried). Then:
 *
 * - a transient failure (throttling, a service fault) before the workflow's last try, with everything
 *   undone, is handed back as `Throttled` for the workflow to retry: nothing is counted;
 * - anything else is final: with `deleteUserOnFailure`, a definitive failure (AWS refused the request)
 *   with everything undone deletes the user all or nothing ({@link deleteNewUser}), and a transient one
 *   never does; the `ProvisioningFailed` metric (which has an alarm) is counted, and
 *   `ProvisioningFailed` is thrown naming the step, the cause, what was undone or exactly what was left
 *   in place, and what became of the user.
 */
export async function failProvisioning(deps: FailDeps, failure: Failure): Promise<never> {
  const { request, step, error } = failure;
  const policy = cleanUpPolicy(deps);
  const undone: UndoOutcome =
    failure.undo === undefined ? { complete: true, undone: [] } : await failure.undo.run(policy);
  const parts = [
    `provisioning MFA for ${request.userName} in ${request.accountId} failed to ${step} (${errorText(error)})`,
    undoText(undone),
  ];
  const context = {
    accountId: request.accountId,
    userName: request.userName,
    step,
    error: (error as Error).name,
  };

  if (isTransient(error) && undone.complete && !request.lastAttempt) {
    deps.log.warn(
      'provisioning interrupted by a transient failure, everything undone; the workflow retries',
      context,
    );
    throw new ThrottledError([...parts, 'the workflow tries again'].join('; '), { cause: error });
  }

  if (deps.provisioning.deleteUserOnFailure) {
    parts.push(await userOutcome(deps, failure, undone, policy));
  }
  deps.log.error('provisioning failed', { ...context, undone: undone.complete });
  deps.metrics.count('ProvisioningFailed');
  throw new ProvisioningFailedError(parts.join('; '), { cause: error });
}

/** What `deleteUserOnFailure` did with the user, in words. */
async function userOutcome(
  deps: FailDeps,
  failure: Failure,
  undone: UndoOutcome,
  policy: RetryPolicy,
): Promise<string> {
  const { iam, facts, error } = failure;
  if (iam === undefined || facts === undefined) {
    return 'the user was kept: the failure came before orgmfa could read it';
  }
  if (!undone.complete) return 'the user was kept: what provisioning created is not all removed';
  if (!isDefinitive(error)) {
    return `the user was kept: ${(error as Error).name} is not a definitive failure, and a retry may succeed`;
  }
  const outcome = await deleteNewUser(iam, facts, { now: deps.clock(), policy });
  if (outcome.deleted) {
    deps.log.warn('user deleted because MFA could not be assigned (deleteUserOnFailure)', {
      accountId: failure.request.accountId,
      userName: failure.request.userName,
    });
  }
  return outcome.summary;
}
