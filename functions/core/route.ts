import { readIamApiCall } from './cloudtrail-event';
import { InvalidEventError } from './errors';
import { identifyChangedUser, identifyNewUser, USER_CHANGING_EVENTS, type UserTarget } from './user-target';
import { identifyOrphan, type OrphanTarget } from './orphan';
import type { Partition } from './naming';

/**
 * The event workflow's routing decision, as the `ParseEvent` state returns it. Every key is always
 * present (null when it does not apply) because the state machine's `ResultSelector` reads them all.
 */
export type EventRoute =
  | DeleteOrphanRoute
  | ProvisionMfaRoute
  | EvaluateUserRoute
  | {
      readonly route: 'Reject';
      readonly accountId: string | null;
      readonly reason: string;
      readonly orphan: null;
      readonly user: null;
    };

/** A failed `CreateVirtualMFADevice` left an orphan to clean up. */
export interface DeleteOrphanRoute {
  readonly route: 'DeleteOrphan';
  readonly accountId: string;
  readonly reason: null;
  readonly orphan: OrphanTarget;
  readonly user: null;
}

/** A user's password, keys or MFA devices changed (or the user was deleted): re-evaluate its findings. */
export interface EvaluateUserRoute {
  readonly route: 'EvaluateUser';
  readonly accountId: string;
  readonly reason: null;
  readonly orphan: null;
  readonly user: UserTarget;
}

/** A user was created and may get an MFA device. */
export interface ProvisionMfaRoute {
  readonly route: 'ProvisionMfa';
  readonly accountId: string;
  readonly reason: null;
  readonly orphan: null;
  readonly user: UserTarget;
}

/**
 * Decides what the event workflow does with one forwarded event. Bad, hostile and out-of-scope events
 * become a `Reject` route with the reason; nothing here calls AWS.
 */
export function routeEvent(event: unknown, hubPartition: Partition): EventRoute {
  let accountId: string | null = null;
  try {
    const call = readIamApiCall(event, hubPartition);
    accountId = call.accountId;
    if (call.eventName === 'CreateVirtualMFADevice') {
      return { route: 'DeleteOrphan', accountId, reason: null, orphan: identifyOrphan(call), user: null };
    }
    if ((USER_CHANGING_EVENTS as readonly string[]).includes(call.eventName)) {
      return {
        route: 'EvaluateUser',
        accountId,
        reason: null,
        orphan: null,
        user: identifyChangedUser(call),
      };
    }
    if (call.eventName === 'CreateUser') {
      return { route: 'ProvisionMfa', accountId, reason: null, orphan: null, user: identifyNewUser(call) };
    }
    throw new InvalidEventError(`no orgmfa capability handles ${call.eventName} events`);
  } catch (error) {
    if (error instanceof InvalidEventError) {
      return { route: 'Reject', accountId, reason: error.message, orphan: null, user: null };
    }
    throw error;
  }
}
