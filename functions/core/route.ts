import { readIamApiCall } from './cloudtrail-event';
import { InvalidEventError } from './errors';
import { identifyOrphan, type OrphanTarget } from './orphan';
import type { Partition } from './naming';

/**
 * The event workflow's routing decision, as the `ParseEvent` state returns it. Every key is always
 * present (null when it does not apply) because the state machine's `ResultSelector` reads them all.
 */
export type EventRoute =
  | {
      readonly route: 'DeleteOrphan';
      readonly accountId: string;
      readonly reason: null;
      readonly orphan: OrphanTarget;
    }
  | {
      readonly route: 'Reject';
      readonly accountId: string | null;
      readonly reason: string;
      readonly orphan: null;
    };

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
      return { route: 'DeleteOrphan', accountId, reason: null, orphan: identifyOrphan(call) };
    }
    throw new InvalidEventError(`no orgmfa capability handles ${call.eventName} events`);
  } catch (error) {
    if (error instanceof InvalidEventError) {
      return { route: 'Reject', accountId, reason: error.message, orphan: null };
    }
    throw error;
  }
}
