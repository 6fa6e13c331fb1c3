import type { Command } from 'commander';
import type { CliRuntime } from '../runtime';
import type { SweepRunReport } from '../../local/runner/sweep-run';
import { sweepCoverage, sweepSummaryLines } from '../sweep-summary';
import { CommandFailedError, runVerdict } from '../usage-error';
import { addLocalOptions, loadLocalBackend, type LocalBackendOptions } from './local-options';

/** The human-readable rendering of a sweep report. */
export function formatSweepReport(report: SweepRunReport): string {
  const lines = [`status: ${report.status}`];
  if (report.error !== undefined) lines.push(`error: ${report.error}`);
  lines.push(...sweepSummaryLines(report));
  lines.push(
    `state transitions: ${report.stateTransitions} billed (one per child execution included; ${report.mapChildren} child executions, +${report.childStateTransitions} inside them)`,
  );
  lines.push(`AWS calls: ${report.apiCalls.length}`);
  return lines.join('\n');
}

/** `orgmfa local sweep`: runs the scheduled sweep workflow once, locally. */
export function registerLocalSweep(local: Command, runtime: CliRuntime): void {
  const command = local
    .command('sweep')
    .description('run the organization-wide sweep workflow (the deployed ASL, the real handlers) once');
  addLocalOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  orgmfa local sweep --org test/fixtures/orgs/three-accounts.json --json
  orgmfa local sweep --org org.json --state-out org-after.json   # findings under accounts[].securityHub

Exit codes (as orgmfa audit and sweep start --wait): 0 every account swept, 1 the workflow FAILED
(or an unexpected error: --debug for the stack), 2 bad arguments, unreadable files or a --config of
another organization, 3 incomplete (an account not swept, without Security Hub CSPM, with warnings,
or no account at all). The summary is printed in every case but 2.`,
    )
    .action(async (options: LocalBackendOptions) => {
      const report = await loadLocalBackend().runLocalSweep(options, runtime);
      runtime.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatSweepReport(report)}\n`);
      if (report.status === 'FAILED')
        throw new CommandFailedError(`the sweep workflow FAILED: ${report.error}`);
      const verdict = runVerdict({ incomplete: sweepCoverage(report), findings: undefined });
      if (verdict !== undefined) throw verdict;
    });
}
