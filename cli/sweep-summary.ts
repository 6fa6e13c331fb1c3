import { incompleteCoverage } from '../functions/core/coverage';
import type { SweepSummary } from '../functions/core/sweep-results';

/** The parts of a sweep's summary that `orgmfa local sweep` and `orgmfa sweep start|status` both print. */
export type SweepOutcome = Pick<
  SweepSummary,
  'accounts' | 'usersEvaluated' | 'orphansDeleted' | 'findings' | 'tampering'
>;

/**
 * A sweep's summary in lines: accounts swept, failed (with the reason), without Security Hub CSPM (said
 * plainly) and with warnings; users and orphans; findings with exemptions apart; and possible tampering,
 * account by account.
 */
export function sweepSummaryLines(outcome: SweepOutcome): string[] {
  const { accounts, findings } = outcome;
  // A summary written by a hub from before accounts were skipped has no `skipped`.
  const skipped = accounts.skipped ?? [];
  const lines = [
    `accounts: ${accounts.total} (${accounts.succeeded} swept, ${accounts.failed.length} failed, ${skipped.length} skipped)`,
    ...accounts.failed.map((f) => `  failed ${f.accountId}: ${f.reason}`),
    ...skipped.map((s) => `  skipped ${s.accountId}: ${s.reason}`),
    ...accounts.securityHubNotEnabled.map(
      (id) => `  Security Hub CSPM not enabled in ${id}: evaluated and reported, findings not imported`,
    ),
    ...accounts.warnings.flatMap((a) => a.warnings.map((w) => `  warning ${a.accountId}: ${w}`)),
    `users evaluated: ${outcome.usersEvaluated}; orphaned devices deleted: ${outcome.orphansDeleted}`,
    `findings: ${findings.imported} new, ${findings.resolved} resolved, ${findings.active} active, ${findings.exempt} exempt`,
  ];
  for (const account of outcome.tampering) {
    lines.push(
      `TAMPERING in ${account.accountId}: ${account.findings} of orgmfa's findings disagree with its record`,
      ...account.details.map((detail) => `  ${detail}`),
    );
  }
  return lines;
}

/** Why a sweep did not cover the organization, in one line; undefined when it did. */
export function sweepCoverage(outcome: SweepOutcome): string | undefined {
  const { accounts } = outcome;
  return incompleteCoverage({
    assessed: accounts.succeeded - accounts.securityHubNotEnabled.length,
    failed: accounts.failed,
    securityHubNotEnabled: accounts.securityHubNotEnabled,
    warnings: accounts.warnings,
  });
}
