import type { StepResult } from '../core/actions';
import { AccountNotEligibleError, InvalidEventError } from '../core/errors';
import type { Log } from './log';

/**
 * A step's input that orgmfa must not act on (malformed, or an account that is not an ACTIVE member):
 * the step's "Rejected" result with the reason, logged; undefined for any other error, which the
 * caller rethrows for the workflow's Retry and Catch.
 */
export function rejectionOf(error: unknown, log: Log, step: string): StepResult | undefined {
  if (!(error instanceof InvalidEventError || error instanceof AccountNotEligibleError)) return undefined;
  log.warn(`${step} rejected`, { reason: error.message });
  return { outcome: 'Rejected', reason: error.message, actions: [] };
}
