import type { StepResult } from '../core/actions';
import type { ComplianceSettings } from '../core/config';
import { clashOf, MAX_ROUNDS, readDeviceEvent, type DeviceEvent } from '../core/device-event';
import type { Log } from '../aws/log';
import type { MemberAccountDeps } from '../aws/member-account';
import { recordDeviceEvent } from '../aws/record-device-event';
import { rejectionOf } from '../aws/rejection';
import { resolveClash, type ClashDeps } from '../aws/resolve-clash';

/** What the device step needs: the membership gate's dependencies, the state bucket, the window, a clock. */
export interface CleanUpOrphanDeps extends MemberAccountDeps {
  readonly log: Log;
  /** The hub's state bucket, where orgmfa keeps its device records. */
  readonly stateBucket: string;
  readonly compliance: Pick<ComplianceSettings, 'enrolmentWindowMinutes'>;
  readonly clock: () => Date;
}

/** The step's result, and the same event to hand back after a wait, when the decision was to wait. */
export interface DeviceStepResult extends StepResult {
  /** The next round: the workflow waits until `waitUntil`, then runs this step again on it. */
  readonly recheck: (DeviceEvent & { readonly waitUntil: string }) | null;
}

/**
 * The event workflow's device step. A clash (a failed `CreateVirtualMFADevice`: EntityAlreadyExists) is
 * decided by the orphan rule on orgmfa's own record ({@link resolveClash}); any other device event is
 * recorded, and a creation may settle a clash that arrived before it ({@link recordDeviceEvent}). When
 * the decision is to wait, the result hands the event back for another round after the wait, at most
 * {@link MAX_ROUNDS} times; after that the next clash or the sweep decides.
 */
export async function cleanUpOrphan(deps: CleanUpOrphanDeps, input: unknown): Promise<DeviceStepResult> {
  let event: DeviceEvent;
  try {
    event = readDeviceEvent(input);
  } catch (error) {
    const rejected = rejectionOf(error, deps.log, 'device step');
    if (rejected === undefined) throw error;
    return { ...rejected, recheck: null };
  }
  const clashDeps: ClashDeps = {
    ...deps,
    store: { s3: deps.clients.s3(deps.hub), bucket: deps.stateBucket },
    windowMs: deps.compliance.enrolmentWindowMinutes * 60_000,
  };
  const { result, waitUntil } =
    event.kind === 'Clash'
      ? await resolveClash(clashDeps, event, clashOf(event))
      : await recordDeviceEvent(clashDeps, event);
  if (waitUntil === null) return { ...result, recheck: null };
  if (event.round >= MAX_ROUNDS) {
    return {
      ...result,
      reason: `${result.reason ?? ''}; waited ${MAX_ROUNDS} times already: the next clash or the sweep decides`,
      recheck: null,
    };
  }
  return { ...result, recheck: { ...event, round: event.round + 1, waitUntil } };
}
