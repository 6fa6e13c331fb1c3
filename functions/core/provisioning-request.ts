import { InvalidEventError } from './errors';
import { readUserTarget, type UserTarget } from './user-target';

/**
 * What the event workflow's ProvisionMfa state passes: the new user, and where this invocation stands
 * among the workflow's retries (`$$.State.RetryCount` and the `MaxAttempts` of its `Throttled`
 * retrier), so that the function knows its last try. A transient failure before the last try is
 * undone and handed back for a retry; on the last try it is a final failure, reported and counted.
 */
export interface ProvisioningRequest extends UserTarget {
  readonly retryCount: number;
  /** True when the workflow will not retry a `Throttled` failure of this invocation. */
  readonly lastAttempt: boolean;
  /**
   * The workflow execution's name (`$$.Execution.Name`): a device in the way is claimed by it, so that
   * its own retries and rounds keep the claim and another delivery's execution waits.
   */
  readonly execution: string;
}

/** Step Functions execution names: 1 to 80 characters; orgmfa reads them as opaque tokens. */
const EXECUTION_NAME = /^[^\s]{1,80}$/u;

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidEventError(`the provisioning request has no valid ${what}`);
  }
  return value;
}

/** Reads a {@link ProvisioningRequest} from the ProvisionMfa state's payload. */
export function readProvisioningRequest(input: unknown): ProvisioningRequest {
  if (typeof input !== 'object' || input === null) {
    throw new InvalidEventError('the provisioning request is not an object');
  }
  const { user, retryCount, throttledRetries, execution } = input as Record<string, unknown>;
  const tries = count(retryCount, 'retryCount');
  if (typeof execution !== 'string' || !EXECUTION_NAME.test(execution)) {
    throw new InvalidEventError('the provisioning request names no workflow execution');
  }
  return {
    ...readUserTarget(user),
    retryCount: tries,
    lastAttempt: tries >= count(throttledRetries, 'throttledRetries'),
    execution,
  };
}
