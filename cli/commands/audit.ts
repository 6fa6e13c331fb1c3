import type { Command } from 'commander';
import { wholeNumber } from '../option-parsers';
import { addOperatorOptions } from './operator-options';
import { addReportOptions, checkReportOutput, writeReportOutput } from '../report-output';
import type { CliRuntime } from '../runtime';
import { runVerdict } from '../usage-error';

// Lazy: the SDK clients and the renderers load only when the command runs (see cli/main.ts).
function load(): typeof import('../audit/run-audit') & typeof import('../report-rendering') {
  return {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ...(require('../audit/run-audit') as typeof import('../audit/run-audit')),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ...(require('../report-rendering') as typeof import('../report-rendering')),
  };
}

/** `orgmfa audit`: a read-only audit of the organization, with the sweep's evaluation code. */
export function registerAudit(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('audit')
    .description("read-only audit of the organization's IAM-user MFA, with the same controls as the sweep")
    .option('--accounts <ids>', 'comma-separated account ids (default: every account of the organization)')
    .option(
      '--role-name <name>',
      'role to assume in each account (default: memberRoleName of the configuration)',
    );
  addReportOptions(command, 'one document: summary and rows')
    .option(
      '--fail-on-findings',
      'exit 4 when a failing finding is shown (after --severity/--control; exemptions never fail), for pipelines; incomplete coverage always exits 3',
    )
    .option('--concurrency <n>', 'accounts audited at once (1-64)', wholeNumber(1, 64), 8);
  addOperatorOptions(command, 'compliance settings and member role name')
    .addHelpText(
      'after',
      `
Learns the organization from AWS (organizations:DescribeOrganization, sts:GetCallerIdentity) and its
accounts' names (organizations:ListAccounts), reads each account through the workflow's membership
gate (an ACTIVE account of that organization) with the role you name, and evaluates ORGMFA.1-6 from
the credential report corrected by fresh reads (users, virtual MFA devices, the account summary).
Nothing is imported, tagged or deleted. A progress bar is shown on a terminal. The table shows the
summary (accounts assessed and not, with reasons; findings by severity and control; exemptions apart),
then one row per failing finding sorted by severity, account and resource. Exemptions in force are
EXEMPT, listed apart, and never fail a run.

Examples:
  orgmfa audit --profile management --role-name OrganizationAccountAccessRole
  orgmfa audit --severity critical,high --control ORGMFA.1,ORGMFA.5
  orgmfa audit --output html --out report.html
  orgmfa audit --accounts 222222222222,333333333333 --output csv > audit.csv
  orgmfa audit --output ocsf --out findings.ocsf.jsonl
  orgmfa audit --output json --fail-on-findings

Exit codes: 0 audited every account (with --fail-on-findings: and no failing finding shown), 1 failed,
2 bad arguments (or --config names another organization), 3 incomplete (an account not audited, an
account with warnings, or no account at all), 4 failing findings (--fail-on-findings).`,
    )
    .action(async (flags: Parameters<ReturnType<typeof load>['runAudit']>[0]) => {
      checkReportOutput(flags);
      const { runAudit, auditCoverage, filteredReport, renderReport } = load();
      const input = await runAudit(flags, runtime);
      const report = filteredReport(input, flags);
      writeReportOutput(renderReport(report, input, flags, runtime), flags, runtime);
      const verdict = runVerdict({
        incomplete: auditCoverage(report.summary),
        findings:
          flags.failOnFindings && report.rows.some((row) => row.status === 'FAILED')
            ? 'the audit found failing controls (--fail-on-findings)'
            : undefined,
      });
      if (verdict !== undefined) throw verdict;
    });
}
