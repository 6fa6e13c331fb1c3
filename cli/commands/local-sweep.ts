import type { Command } from 'commander';
import type { LocalSweep } from '../local-backend';
import type { SweepRunReport } from '../../local/runner/sweep-run';
import {
  addReportOptions,
  checkReportOutput,
  writeReportOutput,
  type ReportOutputFlags,
} from '../report-output';
import type { CliRuntime } from '../runtime';
import { sweepCoverage, sweepOutcomeLines, sweepSummaryLines } from '../sweep-summary';
import { CommandFailedError, runVerdict, UsageError } from '../usage-error';
import { addLocalOptions, loadLocalBackend, type LocalBackendOptions } from './local-options';

// Lazy: the renderers load only when the command runs (see cli/main.ts).
function rendering(): typeof import('../report-rendering') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../report-rendering');
}

/** `orgmfa local sweep` options. */
type LocalSweepOptions = LocalBackendOptions & ReportOutputFlags;

/**
 * The text rendering of a sweep run: its status, the findings table (the summary, then one row per
 * failing finding, exemptions apart; the sweep's own account lines when the workflow FAILED before
 * it), what the sweep changed (imports, resolutions, orphans deleted, tampering), its cost in
 * transitions and calls, and where the sweep wrote its HTML report.
 */
export function formatSweepRun(
  run: SweepRunReport,
  table: string | undefined,
  html: string | undefined,
): string {
  const lines = [`status: ${run.status}`];
  if (run.error !== undefined) lines.push(`error: ${run.error}`);
  if (table === undefined) lines.push(...sweepSummaryLines(run));
  else lines.push('', table, '', ...sweepOutcomeLines(run));
  lines.push(
    `state transitions: ${run.stateTransitions} billed (one per child execution included; ${run.mapChildren} child executions, +${run.childStateTransitions} inside them); AWS calls: ${run.apiCalls.length}`,
  );
  if (html !== undefined) lines.push(`the sweep's HTML report: ${html}`);
  return lines.join('\n');
}

/**
 * The output `--output` asks for; undefined for a findings format (csv, html, ocsf) when the workflow
 * FAILED before its summary, since there are no findings to write (the exit code and its line say why).
 */
function render(sweep: LocalSweep, flags: LocalSweepOptions, runtime: CliRuntime): string | undefined {
  const { filteredReport, renderReport, reportDocument } = rendering();
  const { report: run, findings } = sweep;
  const report = findings === undefined ? undefined : filteredReport(findings, flags);
  switch (flags.output) {
    case 'json':
      return JSON.stringify(report === undefined ? run : { ...run, report: reportDocument(report) });
    case 'table':
      return formatSweepRun(
        run,
        report === undefined || findings === undefined
          ? undefined
          : renderReport(report, findings, flags, runtime),
        sweep.html,
      );
    default:
      return report === undefined || findings === undefined
        ? undefined
        : renderReport(report, findings, flags, runtime);
  }
}

/** `orgmfa local sweep`: runs the scheduled sweep workflow once, locally. */
export function registerLocalSweep(local: Command, runtime: CliRuntime): void {
  const command = local
    .command('sweep')
    .description('run the organization-wide sweep workflow (the deployed ASL, the real handlers) once');
  addReportOptions(
    addLocalOptions(command),
    'the run\'s summary with the report document under "report"; --json is the same',
  )
    .addHelpText(
      'after',
      `
The sweep writes its report into the hub's state bucket, as deployed: per account (format=jsonl,
format=csv), and for the organization one HTML page (format=html/report.html) and OCSF findings
(format=ocsf/); --state-out keeps them in the state file. --output renders the same findings here.

Examples:
  orgmfa local sweep --org examples/organization.json
  orgmfa local sweep --org examples/organization.json --output html --out report.html
  orgmfa local sweep --org org.json --severity critical,high --output csv
  orgmfa local sweep --org org.json --state-out org-after.json   # findings under accounts[].securityHub

Exit codes: 0 every account swept, 1 the workflow FAILED (or an unexpected error: --debug for the
stack), 2 bad arguments, unreadable files or a --config of another organization, 3 incomplete (an
account not swept, without Security Hub CSPM, with warnings, or no account at all), as orgmfa audit
and sweep start --wait. The output is printed in every case but 2.`,
    )
    .action(async (options: LocalSweepOptions) => {
      if (options.json === true && options.output !== 'table' && options.output !== 'json')
        throw new UsageError(
          `--json is --output json: it cannot be combined with --output ${options.output}`,
        );
      const flags: LocalSweepOptions = options.json === true ? { ...options, output: 'json' } : options;
      checkReportOutput(flags);
      const sweep = await loadLocalBackend().runLocalSweep(flags, runtime);
      const output = render(sweep, flags, runtime);
      if (output !== undefined) writeReportOutput(output, flags, runtime);
      if (sweep.report.status === 'FAILED')
        throw new CommandFailedError(`the sweep workflow FAILED: ${sweep.report.error}`);
      const verdict = runVerdict({ incomplete: sweepCoverage(sweep.report), findings: undefined });
      if (verdict !== undefined) throw verdict;
    });
}
