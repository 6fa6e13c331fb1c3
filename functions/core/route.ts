import { readIamApiCall } from './cloudtrail-event';
import { deviceChangeOf, identifyDeviceEvent, type DeviceEvent } from './device-event';
import { InvalidEventError } from './errors';
import { identifyChangedUser, identifyNewUser, USER_CHANGING_EVENTS, type UserTarget } from './user-target';
import type { Partition } from './naming';

/**
 * The event workflow's routing decision, as the `ParseEvent` state returns it. Every key is always
 * present (null when it does not apply) because the state machine's `ResultSelector` reads them all.
 */
export type EventRoute =
  | DeviceEventRoute
  | ProvisionMfaRoute
  | EvaluateUserRoute
  | {
      readonly route: 'Reject';
      readonly accountId: string | null;
      readonly reason: string;
      readonly device: null;
      readonly user: null;
    };

/**
 * A virtual MFA device was created, clashed with (a failed retry: EntityAlreadyExists) or deleted:
 * orgmfa's device record is updated and the orphan rule decides.
 */
export interface DeviceEventRoute {
  readonly route: 'DeviceEvent';
  readonly accountId: string;
  readonly reason: null;
  readonly device: DeviceEvent;
  readonly user: null;
}

/**
 * A user's password, keys or MFA devices changed (or the user was deleted): re-evaluate its findings.
 * An enabled or deactivated virtual device is also recorded first (`device`).
 */
export interface EvaluateUserRoute {
  readonly route: 'EvaluateUser';
  readonly accountId: string;
  readonly reason: null;
  readonly device: DeviceEvent | null;
  readonly user: UserTarget;
}

/** A user was created and may get an MFA device. */
export interface ProvisionMfaRoute {
  readonly route: 'ProvisionMfa';
  readonly accountId: string;
  readonly reason: null;
  readonly device: null;
  readonly user: UserTarget;
}

/** The events whose only route is the device record (the others that touch devices also change a user). */
const DEVICE_EVENTS: readonly string[] = ['CreateVirtualMFADevice', 'DeleteVirtualMFADevice'];

/**
 * Decides what the event workflow does with one forwarded event. Bad, hostile and out-of-scope events
 * become a `Reject` route with the reason; nothing here calls AWS.
 */
export function routeEvent(event: unknown, hubPartition: Partition): EventRoute {
  let accountId: string | null = null;
  try {
    const call = readIamApiCall(event, hubPartition);
    accountId = call.accountId;
    if (DEVICE_EVENTS.includes(call.eventName)) {
      return { route: 'DeviceEvent', accountId, reason: null, device: identifyDeviceEvent(call), user: null };
    }
    if ((USER_CHANGING_EVENTS as readonly string[]).includes(call.eventName)) {
      return {
        route: 'EvaluateUser',
        accountId,
        reason: null,
        device: deviceChangeOf(call),
        user: identifyChangedUser(call),
      };
    }
    if (call.eventName === 'CreateUser') {
      return { route: 'ProvisionMfa', accountId, reason: null, device: null, user: identifyNewUser(call) };
    }
    throw new InvalidEventError(`no orgmfa capability handles ${call.eventName} events`);
  } catch (error) {
    if (error instanceof InvalidEventError) {
      return { route: 'Reject', accountId, reason: error.message, device: null, user: null };
    }
    throw error;
  }
}
