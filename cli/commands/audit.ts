import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { runVerdict } from '../usage-error';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../audit/run-audit') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../audit/run-audit');
}

/** `orgmfa audit`: a read-only audit of the organization, with the sweep's evaluation code. */
export function registerAudit(program: Command, runtime: CliRuntime): void {
  program
    .command('audit')
    .description("read-only audit of the organization's IAM-user MFA, with the same controls as the sweep")
    .option('--accounts <ids>', 'comma-separated account ids (default: every account of the organization)')
    .option(
      '--role-name <name>',
      'role to assume in each account (default: memberRoleName of the configuration)',
    )
    .addOption(
      new Option('--output <format>', 'table, json or csv')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .option(
      '--fail-on-findings',
      'exit 4 when any control fails (exemptions never do), for pipelines; incomplete coverage always exits 3',
    )
    .option('--concurrency <n>', 'accounts audited at once (1-64)', '8')
    .option('--profile <name>', 'operator profile in the management or delegated administrator account')
    .option(
      '--region <region>',
      "region of the STS and Organizations calls (default: AWS_REGION, the profile's, the hub's)",
    )
    .option(
      '--config <file>',
      'orgmfa configuration (cdk.json context shape): compliance settings and member role name; refused when it names another organization',
    )
    .addHelpText(
      'after',
      `
Learns the organization from AWS (organizations:DescribeOrganization, sts:GetCallerIdentity), reads
each account through the workflow's membership gate (an ACTIVE account of that organization) with the
role you name, and evaluates ORGMFA.1-6 from the credential report corrected by fresh reads (users,
virtual MFA devices, the account summary). Nothing is imported, tagged or deleted. A progress bar is
shown on a terminal; accounts that cannot be read are listed with the reason. Exemptions in force are
EXEMPT, counted apart, and never fail a run.

Examples:
  orgmfa audit --profile management --role-name OrganizationAccountAccessRole
  orgmfa audit --accounts 222222222222,333333333333 --output csv > audit.csv
  orgmfa audit --output json --fail-on-findings

Exit codes: 0 audited every account (with --fail-on-findings: and no control fails), 1 failed,
2 bad arguments (or --config names another organization), 3 incomplete (an account not audited, an
account with warnings, or no account at all), 4 failing controls (--fail-on-findings).`,
    )
    .action(async (flags: Parameters<ReturnType<typeof load>['runAudit']>[0]) => {
      const { runAudit, formatCsv, formatTable, hasFindings, auditCoverage } = load();
      const report = await runAudit(flags, runtime);
      const render = {
        json: () => JSON.stringify(report),
        csv: () => formatCsv(report),
        table: () => formatTable(report),
      };
      runtime.stdout.write(`${render[flags.output]()}\n`);
      const verdict = runVerdict({
        incomplete: auditCoverage(report),
        findings:
          flags.failOnFindings && hasFindings(report)
            ? 'the audit found failing controls (--fail-on-findings)'
            : undefined,
      });
      if (verdict !== undefined) throw verdict;
    });
}
