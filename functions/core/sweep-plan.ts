import type { ComplianceSettings } from './config';

/** How one of the sweep's two Distributed Maps runs. */
export interface MapPlan {
  /** Child executions at once (MaxConcurrency). */
  readonly concurrency: number;
  /** Accounts per child execution (ItemBatcher's MaxItemsPerBatch). */
  readonly batchSize: number;
  /**
   * Role assumptions per second one child may make: the sweep's STS budget shared by the children that
   * run at once, so that all of them together stay within it.
   */
  readonly assumeRolesPerSecond: number;
}

/** The sweep's two passes over the account list. */
export interface SweepPlan {
  /** The first, cheap pass: asks IAM to start every account's credential report. */
  readonly reports: MapPlan;
  /** The sweep proper, which reads the reports once they are built. */
  readonly sweep: MapPlan;
}

/**
 * Accounts one child of the first pass can start per second on its own (a role assumption and one
 * GenerateCredentialReport each, a few at a time): what sizes that pass's concurrency, so that it
 * reaches the STS budget with as few children (and Lambda seconds) as it takes.
 */
const REPORT_STARTS_PER_CHILD_PER_SECOND = 20;

/**
 * The plan of a sweep, from the configuration. Both passes walk the same list in the same order with
 * the same batches, so an account's report was asked for about as long before the sweep reaches it as
 * the first pass takes; each pass keeps within `sweepAssumeRolesPerSecond` (a share of STS's 600
 * requests per second per account).
 */
export function sweepPlan(compliance: ComplianceSettings): SweepPlan {
  const budget = compliance.sweepAssumeRolesPerSecond;
  const batchSize = compliance.sweepBatchSize;
  const reportsConcurrency = Math.max(
    1,
    Math.min(compliance.sweepConcurrency, Math.ceil(budget / REPORT_STARTS_PER_CHILD_PER_SECOND)),
  );
  return {
    reports: {
      concurrency: reportsConcurrency,
      batchSize,
      assumeRolesPerSecond: budget / reportsConcurrency,
    },
    sweep: {
      concurrency: compliance.sweepConcurrency,
      batchSize,
      assumeRolesPerSecond: budget / compliance.sweepConcurrency,
    },
  };
}
