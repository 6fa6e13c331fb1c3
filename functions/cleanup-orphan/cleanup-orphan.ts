import type { StepResult } from '../core/actions';
import { readOrphanTarget } from '../core/orphan';
import { deleteIfStillOrphan } from '../aws/delete-if-still-orphan';
import type { Log } from '../aws/log';
import type { MemberAccountDeps } from '../aws/member-account';
import { openOrReject } from '../aws/open-or-reject';

/** What the orphan clean-up needs: the membership gate's dependencies and a logger. */
export interface CleanUpOrphanDeps extends MemberAccountDeps {
  readonly log: Log;
}

/**
 * Deletes the orphaned virtual MFA device named by a failed `CreateVirtualMFADevice`, if and only if a
 * fresh `Unassigned` listing of its account contains it. A device assigned meanwhile (DeleteConflict)
 * or already gone (NoSuchEntity, e.g. a duplicate delivery) is an outcome, not a failure; nothing is
 * ever deactivated.
 */
export async function cleanUpOrphan(deps: CleanUpOrphanDeps, input: unknown): Promise<StepResult> {
  const opened = await openOrReject(deps, {
    input,
    read: readOrphanTarget,
    purpose: 'cleanup-orphan',
    step: 'orphan clean-up',
  });
  if (opened.rejected !== undefined) return opened.rejected;
  return deleteIfStillOrphan(deps.log, deps.clients.iam(opened.account), opened.target);
}
