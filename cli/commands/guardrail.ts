import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { wholeNumber } from '../option-parsers';
import { addOperatorOptions } from './operator-options';
import { runVerdict } from '../usage-error';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../guardrail/run-preview') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../guardrail/run-preview');
}

/** `orgmfa guardrail preview`: who the deny-unless-MFA guardrail would block today. */
export function registerGuardrail(program: Command, runtime: CliRuntime): void {
  const guardrail = program
    .command('guardrail')
    .description('the deny-unless-MFA guardrail (service control policies) and its rollout');
  const preview = guardrail
    .command('preview')
    .description('read-only: the IAM users the guardrail would block today, per account, and who is exempt')
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
      'exit 4 when any user would be blocked (exempt users never count), for pipelines; incomplete coverage always exits 3',
    )
    .option('--concurrency <n>', 'accounts read at once (1-64)', wholeNumber(1, 64), 8);
  addOperatorOptions(preview, 'member role name')
    .addHelpText(
      'after',
      `
Reads each account as orgmfa audit does (the organization learned from AWS, the membership gate, the
role you name, the credential report corrected by fresh reads) and changes nothing. A user would be
blocked who has a console password or an active access key and no MFA device, or active access keys
and only FIDO security keys or passkeys (GetSessionToken takes TOTP and hardware OTP only). Users
tagged orgmfa:exempt are counted apart when the guardrail honours the exemption today (a reason that
does not begin with a space; an orgmfa:exempt-until from today to 12 months ahead).

Examples:
  orgmfa guardrail preview --profile management --role-name OrganizationAccountAccessRole
  orgmfa guardrail preview --accounts 222222222222 --output csv > blocked.csv

Exit codes: 0 previewed every account (with --fail-on-findings: and nobody would be blocked),
1 failed, 2 bad arguments, 3 incomplete (an account not previewed, an account with warnings, or no
account at all), 4 users would be blocked (--fail-on-findings).`,
    )
    .action(async (flags: Parameters<ReturnType<typeof load>['runPreview']>[0]) => {
      const { runPreview, formatPreviewCsv, formatPreviewTable, previewCoverage } = load();
      const report = await runPreview(flags, runtime);
      const render = {
        json: () => JSON.stringify(report),
        csv: () => formatPreviewCsv(report),
        table: () => formatPreviewTable(report),
      };
      runtime.stdout.write(`${render[flags.output]()}\n`);
      const verdict = runVerdict({
        incomplete: previewCoverage(report),
        findings:
          flags.failOnFindings && report.summary.blocked > 0
            ? `the guardrail would block ${report.summary.blocked} user(s) today (--fail-on-findings)`
            : undefined,
      });
      if (verdict !== undefined) throw verdict;
    });
}
