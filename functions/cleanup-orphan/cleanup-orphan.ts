import type { StepResult } from '../core/actions';
import { clashOf, MAX_ROUNDS, readDeviceEvent, type DeviceEvent } from '../core/device-event';
import { recordDeviceEvent } from '../aws/record-device-event';
import { rejectionOf } from '../aws/rejection';
import { clashDepsOf, resolveClash, type ClashDepsSource } from '../aws/resolve-clash';

/** What the device step needs: the membership gate's dependencies, the state bucket, the window, a clock. */
export type CleanUpOrphanDeps = ClashDepsSource;

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
  const clashDeps = clashDepsOf(deps);
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
