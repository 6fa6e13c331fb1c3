import type { StepResult } from '../core/actions';
import {
  applyFacts,
  decideClash,
  type Clash,
  type ClashDecision,
  type DeviceFact,
} from '../core/device-evidence';
import type { ComplianceSettings } from '../core/config';
import { activeClaim, claimedDecision } from '../core/device-claim';
import type { OrphanTarget } from '../core/orphan';
import { deleteIfStillOrphan, listsAsUnassigned } from './delete-if-still-orphan';
import {
  readDeviceRecord,
  updateDeviceRecord,
  type DeviceRecordStore,
  type StoredDeviceRecord,
} from './device-record';
import type { Log } from './log';
import { openMemberAccount, type MemberAccount, type MemberAccountDeps } from './member-account';
import { rejectionOf } from './rejection';

/** What deciding on a clash needs: the membership gate's dependencies, the record, the window, a clock. */
export interface ClashDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly store: DeviceRecordStore;
  /** The enrolment window (`compliance.enrolmentWindowMinutes`), in milliseconds. */
  readonly windowMs: number;
  readonly clock: () => Date;
}

/** What a hub function that decides clashes has, from which {@link clashDepsOf} makes {@link ClashDeps}. */
export interface ClashDepsSource extends MemberAccountDeps {
  readonly log: Log;
  /** The hub's state bucket, where orgmfa keeps its device records. */
  readonly stateBucket: string;
  readonly compliance: Pick<ComplianceSettings, 'enrolmentWindowMinutes'>;
  readonly clock: () => Date;
}

/** The clash dependencies of a hub function: its device-record store in the state bucket, and the window. */
export function clashDepsOf(deps: ClashDepsSource): ClashDeps {
  return {
    ...deps,
    store: { s3: deps.clients.s3(deps.hub), bucket: deps.stateBucket },
    windowMs: deps.compliance.enrolmentWindowMinutes * 60_000,
  };
}

/** A clash's outcome: the step's result, and when to decide again if the evidence is not there yet. */
export interface ClashResolution {
  readonly result: StepResult;
  /** Set when the decision was to wait: decide again at this time (ISO 8601). */
  readonly waitUntil: string | null;
}

/** A clash's outcome with the decision it came from (after a fresh listing, when one was needed). */
export interface DecidedClash extends ClashResolution {
  readonly decision: ClashDecision;
}

/** What the caller already has: the record it has just read, the member account it has opened, its claim. */
export interface ClashContext {
  readonly read?: StoredDeviceRecord;
  /** The member account, opened through the membership gate: no second gate, and the caller's own session. */
  readonly account?: MemberAccount;
  /** The provisioning execution that claimed the device (see device-claim.ts): its claim does not stop it. */
  readonly claimedBy?: string;
}

/** The record's facts after orgmfa's own attempt to delete: the device is gone, or it is not unassigned. */
function deletionFacts(outcome: string, at: string): DeviceFact[] {
  if (outcome === 'Deleted' || outcome === 'AlreadyDeleted') return [{ kind: 'deleted', at }];
  return [{ kind: 'listed', unassigned: false, at }];
}

/**
 * Decides a clash (a failed `CreateVirtualMFADevice` by `clash.by` at `clash.at` that met `target`) and
 * acts on it, reading orgmfa's record first: a device a provisioning execution has claimed is left to
 * it, and a duplicate, a clash already being waited for, or a device recently found not unassigned
 * costs no Organizations or IAM call. Otherwise the account is opened through the membership gate; without evidence a fresh listing is recorded ("first seen unassigned
 * now") and the decision taken again. A deletion goes through {@link deleteIfStillOrphan}. Every fact
 * learnt is written back to the record.
 *
 * Shared by the event workflow and by provisioning, which needs a stale device out of the way of a new
 * user's: it gives its own principal as `clash.by` and the member account it has already opened.
 */
export async function resolveClash(
  deps: ClashDeps,
  target: OrphanTarget,
  clash: Clash,
  known: ClashContext = {},
): Promise<DecidedClash> {
  const stored = known.read ?? (await readDeviceRecord(deps.store, target.accountId));
  const settings = { windowMs: deps.windowMs, now: deps.clock() };
  const clashed: DeviceFact = { kind: 'clashed', by: clash.by, at: clash.at };
  const claim = activeClaim(stored.record, target.serialNumber, settings.now);
  let decision =
    claim !== undefined && claim.by !== known.claimedBy
      ? claimedDecision(claim)
      : decideClash(stored.record.devices[target.serialNumber], clash, settings);
  const context = { accountId: target.accountId, serialNumber: target.serialNumber, by: clash.by };
  deps.log.info('clash decided', { ...context, action: decision.action, reason: decision.reason });

  if (decision.action === 'none' || decision.action === 'wait') {
    await record(deps, target, stored, [clashed, ...waiting(decision)], settings.now);
    return resolution(decision);
  }

  let account = known.account;
  try {
    account ??= await openMemberAccount(deps, target.accountId, 'cleanup-orphan');
  } catch (error) {
    const rejected = rejectionOf(error, deps.log, 'orphan clean-up');
    if (rejected === undefined) throw error;
    return { result: rejected, waitUntil: null, decision };
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
    decision,
  };
}

function waiting(decision: ClashDecision): DeviceFact[] {
  return decision.action === 'wait' ? [{ kind: 'waiting', until: decision.until }] : [];
}

/** The step's result for a decision not to act now. */
function resolution(decision: ClashDecision): DecidedClash {
  if (decision.action === 'wait') {
    return {
      result: { outcome: 'Waiting', reason: decision.reason, actions: [] },
      waitUntil: decision.until,
      decision,
    };
  }
  return {
    result: { outcome: 'NothingToDo', reason: decision.reason, actions: [] },
    waitUntil: null,
    decision,
  };
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
