/** How orgmfa reports compliance and sweeps the organization (the `compliance` section of the configuration). */
export interface ComplianceSettings {
  /** EventBridge Scheduler expression of the organization-wide sweep. */
  readonly sweepSchedule: string;
  /** How many accounts the sweep processes at once (Distributed Map MaxConcurrency). */
  readonly sweepConcurrency: number;
  /** Hours an unassigned device must provably exist before the sweep reports or deletes it. */
  readonly orphanGraceHours: number;
  /** Whether the sweep deletes unassigned devices older than the grace period (under the orphan safety rule). */
  readonly deleteOrphans: boolean;
}

/** Compliance as it is when the configuration says nothing. */
export const DEFAULT_COMPLIANCE: ComplianceSettings = {
  sweepSchedule: 'rate(6 hours)',
  sweepConcurrency: 100,
  orphanGraceHours: 24,
  deleteOrphans: true,
};
