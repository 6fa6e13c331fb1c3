import { incompleteCoverage } from '../functions/core/coverage';
import type { SweepSummary } from '../functions/core/sweep-results';

/** The parts of a sweep's summary that `orgmfa local sweep` and `orgmfa sweep start|status` both print. */
export type SweepOutcome = Pick<
  SweepSummary,
  'accounts' | 'usersEvaluated' | 'orphansDeleted' | 'findings' | 'tampering'
>;

/**
 * What a sweep changed, in lines: the findings it imported and resolved with exemptions apart, the
 * orphans it deleted, and possible tampering, account by account.
 */
export function sweepOutcomeLines(outcome: SweepOutcome): string[] {
  const { findings } = outcome;
  const lines = [
    `findings: ${findings.imported} new, ${findings.resolved} resolved, ${findings.active} active, ${findings.exempt} exempt; orphaned devices deleted: ${outcome.orphansDeleted}`,
  ];
  for (const account of outcome.tampering) {
    lines.push(
      `TAMPERING in ${account.accountId}: ${account.findings} of orgmfa's findings disagree with its record`,
      ...account.details.map((detail) => `  ${detail}`),
    );
  }
  return lines;
}

/**
 * A sweep's summary in lines: accounts swept, failed (with the reason), skipped (not ACTIVE), without Security Hub CSPM
 * (said plainly) and with warnings; users evaluated; then {@link sweepOutcomeLines}.
 */
export function sweepSummaryLines(outcome: SweepOutcome): string[] {
  const { accounts } = outcome;
  // A summary written by a hub from before accounts were skipped has no `skipped`.
  const skipped = accounts.skipped ?? [];
  return [
    `accounts: ${accounts.total} (${accounts.succeeded} swept, ${accounts.failed.length} failed, ${skipped.length} skipped: not ACTIVE)`,
    ...accounts.failed.map((f) => `  failed ${f.accountId}: ${f.reason}`),
    ...skipped.map((s) => `  skipped ${s.accountId}: ${s.reason}`),
    ...accounts.securityHubNotEnabled.map(
      (id) => `  Security Hub CSPM not enabled in ${id}: evaluated and reported, findings not imported`,
    ),
    ...accounts.warnings.flatMap((a) => a.warnings.map((w) => `  warning ${a.accountId}: ${w}`)),
    `users evaluated: ${outcome.usersEvaluated}`,
    ...sweepOutcomeLines(outcome),
  ];
}

/** Why a sweep did not cover the organization, in one line; undefined when it did. */
export function sweepCoverage(outcome: SweepOutcome): string | undefined {
  const { accounts } = outcome;
  return incompleteCoverage({
    // An account without Security Hub CSPM was assessed (and is reported); that its findings were not
    // imported is said apart, so the line agrees with the summary's "N assessed".
    assessed: accounts.succeeded,
    failed: accounts.failed,
    securityHubNotEnabled: accounts.securityHubNotEnabled,
    warnings: accounts.warnings,
  });
}
