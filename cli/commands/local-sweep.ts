import type { Command } from 'commander';
import type { CliRuntime } from '../runtime';
import type { SweepRunReport } from '../../local/runner/sweep-run';
import { addLocalOptions, loadLocalBackend, type LocalBackendOptions } from './local-options';

/** The human-readable rendering of a sweep report. */
export function formatSweepReport(report: SweepRunReport): string {
  const { accounts, findings } = report;
  const lines = [`status: ${report.status}`];
  if (report.error !== undefined) lines.push(`error: ${report.error}`);
  lines.push(`accounts: ${accounts.total} (${accounts.succeeded} swept, ${accounts.failed.length} failed)`);
  for (const failure of accounts.failed) lines.push(`  failed ${failure.accountId}: ${failure.reason}`);
  lines.push(`users evaluated: ${report.usersEvaluated}; orphaned devices deleted: ${report.orphansDeleted}`);
  lines.push(`findings: ${findings.imported} new, ${findings.resolved} resolved, ${findings.active} active`);
  lines.push(
    `state transitions: ${report.stateTransitions} (+${report.childStateTransitions} in child executions)`,
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

Exit codes: 0 the sweep ran (accounts that could not be swept are listed, not an error), 1 an
unexpected error (--debug for the stack), 2 bad arguments or unreadable files.`,
    )
    .action(async (options: LocalBackendOptions) => {
      const report = await loadLocalBackend().runLocalSweep(options, runtime);
      runtime.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatSweepReport(report)}\n`);
    });
}
