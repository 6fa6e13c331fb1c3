import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { CommandFailedError } from '../usage-error';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../orphans/run-orphans') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../orphans/run-orphans');
}

interface OrphansFlags {
  account: string;
  user?: string;
  dryRun?: boolean;
  output: 'table' | 'json';
  profile?: string;
  region?: string;
  roleName?: string;
  config?: string;
  verbose?: boolean;
}

function common(command: Command): Command {
  return command
    .requiredOption('--account <id>', 'the member account (12 digits)')
    .option('--user <name>', 'only devices named for this user (the name is the user name or starts with it)')
    .addOption(new Option('--output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option('--profile <name>', 'operator profile in the management or delegated administrator account')
    .option(
      '--region <region>',
      "region of the STS and Organizations calls (default: AWS_REGION, the profile's, the hub's)",
    )
    .option(
      '--role-name <name>',
      'role to assume in the member account (default: memberRoleName of the configuration)',
    )
    .option(
      '--config <file>',
      "orgmfa configuration (cdk.json context shape); default: the project's cdk.json",
    )
    .option('--verbose', "print the clean-up's log lines to stderr");
}

const ACCESS = `
Run it from the management account or the delegated administrator: the account must be an ACTIVE
member of the configured organization (organizations:DescribeAccount), and your credentials must
be able to assume the member role there (--role-name OrganizationAccountAccessRole, say).`;

/** `orgmfa orphans list|clean`: the manual clean-up of orphaned virtual MFA devices. */
export function registerOrphans(program: Command, runtime: CliRuntime): void {
  const orphans = program
    .command('orphans')
    .description("list or delete a member account's unassigned (orphaned) virtual MFA devices");

  common(orphans.command('list').description("list a member account's unassigned virtual MFA devices"))
    .addHelpText(
      'after',
      `${ACCESS}

Examples:
  orgmfa orphans list --account 222222222222 --profile management
  orgmfa orphans list --account 222222222222 --user alice --output json

Exit codes: 0 listed, 1 failed (e.g. an account outside the organization), 2 bad arguments.`,
    )
    .action(async (flags: OrphansFlags) => {
      const { runOrphansList, formatList } = load();
      const report = await runOrphansList(flags, runtime);
      runtime.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(report)}\n` : `${formatList(report)}\n`,
      );
    });

  common(
    orphans
      .command('clean')
      .description(
        "delete a member account's unassigned virtual MFA devices, under the workflow's safety rule",
      ),
  )
    .option('--dry-run', 'print what would be deleted, delete nothing')
    .addHelpText(
      'after',
      `${ACCESS}

Each device is deleted by the event workflow's own clean-up code: only if a fresh listing of the
account's unassigned devices still contains it; a device assigned meanwhile is left alone, and an
assigned device is never deleted or deactivated. A user who is enrolling right now also holds an
unassigned device: narrow with --user, and look first with --dry-run.

Examples:
  orgmfa orphans clean --account 222222222222 --user alice --dry-run
  orgmfa orphans clean --account 222222222222 --user alice --role-name OrganizationAccountAccessRole

Exit codes: 0 every device processed (outcomes: Deleted, AssignedMeanwhile, AlreadyDeleted,
NotAnOrphan, WouldDelete), 1 failed (some device Failed, or the account was refused), 2 bad arguments.`,
    )
    .action(async (flags: OrphansFlags) => {
      const { runOrphansClean, formatClean } = load();
      const report = await runOrphansClean(flags, runtime);
      runtime.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(report)}\n` : `${formatClean(report)}\n`,
      );
      const failed = report.results.filter((r) => r.outcome === 'Failed').length;
      if (failed > 0) {
        throw new CommandFailedError(
          `${failed} of ${report.results.length} devices could not be processed (see above)`,
        );
      }
    });
}
