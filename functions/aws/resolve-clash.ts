import type { StepResult } from '../core/actions';
import {
  applyFacts,
  decideClash,
  type Clash,
  type ClashDecision,
  type DeviceFact,
} from '../core/device-evidence';
import type { OrphanTarget } from '../core/orphan';
import { deleteIfStillOrphan, listsAsUnassigned } from './delete-if-still-orphan';
import {
  readDeviceRecord,
  updateDeviceRecord,
  type DeviceRecordStore,
  type StoredDeviceRecord,
} from './device-record';
import type { Log } from './log';
import { openMemberAccount, type MemberAccountDeps } from './member-account';
import { rejectionOf } from './rejection';

/** What deciding on a clash needs: the membership gate's dependencies, the record, the window, a clock. */
export interface ClashDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly store: DeviceRecordStore;
  /** The enrolment window (`compliance.enrolmentWindowMinutes`), in milliseconds. */
  readonly windowMs: number;
  readonly clock: () => Date;
}

/** A clash's outcome: the step's result, and when to decide again if the evidence is not there yet. */
export interface ClashResolution {
  readonly result: StepResult;
  /** Set when the decision was to wait: decide again at this time (ISO 8601). */
  readonly waitUntil: string | null;
}

/** The record's facts after orgmfa's own attempt to delete: the device is gone, or it is not unassigned. */
function deletionFacts(outcome: string, at: string): DeviceFact[] {
  if (outcome === 'Deleted' || outcome === 'AlreadyDeleted') return [{ kind: 'deleted', at }];
  return [{ kind: 'listed', unassigned: false, at }];
}

/**
 * Decides a clash (a failed `CreateVirtualMFADevice` by `clash.by` at `clash.at` that met `target`) and
 * acts on it, reading orgmfa's record first: a duplicate, a clash already being waited for, or a device
 * recently found not unassigned costs no Organizations or IAM call. Otherwise the account is opened
 * through the membership gate; without evidence a fresh listing is recorded ("first seen unassigned
 * now") and the decision taken again. A deletion goes through {@link deleteIfStillOrphan}. Every fact
 * learnt is written back to the record.
 *
 * Shared by the event workflow and by any path that needs a stale device out of the way (provisioning):
 * give it that path's own principal as `clash.by`.
 */
export async function resolveClash(
  deps: ClashDeps,
  target: OrphanTarget,
  clash: Clash,
  read?: StoredDeviceRecord,
): Promise<ClashResolution> {
  const stored = read ?? (await readDeviceRecord(deps.store, target.accountId));
  const settings = { windowMs: deps.windowMs, now: deps.clock() };
  const clashed: DeviceFact = { kind: 'clashed', by: clash.by, at: clash.at };
  let decision = decideClash(stored.record.devices[target.serialNumber], clash, settings);
  const context = { accountId: target.accountId, serialNumber: target.serialNumber, by: clash.by };
  deps.log.info('clash decided', { ...context, action: decision.action, reason: decision.reason });

  if (decision.action === 'none' || decision.action === 'wait') {
    await record(deps, target, stored, [clashed, ...waiting(decision)], settings.now);
    return resolution(decision);
  }

  let account;
  try {
    account = await openMemberAccount(deps, target.accountId, 'cleanup-orphan');
  } catch (error) {
    const rejected = rejectionOf(error, deps.log, 'orphan clean-up');
    if (rejected === undefined) throw error;
    return { result: rejected, waitUntil: null };
  }
  const iam = deps.clients.iam(account);
  let facts: DeviceFact[] = [clashed];
  if (decision.action === 'check') {
    const unassigned = await listsAsUnassigned(iam, target);
    const listedAt = deps.clock().toISOString();
    facts = [{ kind: 'listed', unassigned, at: listedAt }, clashed];
    const learnt = applyFacts(stored.record, target.serialNumber, facts, settings.now);
    decision = decideClash(learnt.devices[target.serialNumber], clash, settings);
    deps.log.info('clash decided after a fresh listing', {
      ...context,
      action: decision.action,
      reason: decision.reason,
    });
    if (decision.action !== 'delete') {
      await record(deps, target, stored, [...facts, ...waiting(decision)], settings.now);
      return resolution(decision);
    }
  }
  const result = await deleteIfStillOrphan(deps.log, iam, target);
  await record(
    deps,
    target,
    stored,
    [...facts, ...deletionFacts(result.outcome, deps.clock().toISOString())],
    settings.now,
  );
  return {
    result: result.outcome === 'Deleted' ? { ...result, reason: decision.reason } : result,
    waitUntil: null,
  };
}

function waiting(decision: ClashDecision): DeviceFact[] {
  return decision.action === 'wait' ? [{ kind: 'waiting', until: decision.until }] : [];
}

/** The step's result for a decision not to act now. */
function resolution(decision: ClashDecision): ClashResolution {
  if (decision.action === 'wait') {
    return {
      result: { outcome: 'Waiting', reason: decision.reason, actions: [] },
      waitUntil: decision.until,
    };
  }
  return { result: { outcome: 'NothingToDo', reason: decision.reason, actions: [] }, waitUntil: null };
}

async function record(
  deps: ClashDeps,
  target: OrphanTarget,
  stored: StoredDeviceRecord,
  facts: readonly DeviceFact[],
  now: Date,
): Promise<StoredDeviceRecord> {
  return updateDeviceRecord(
    deps.store,
    target.accountId,
    (current) => applyFacts(current, target.serialNumber, facts, now),
    stored,
  );
}
