import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { addOperatorOptions } from './operator-options';
import { CommandFailedError } from '../usage-error';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../orphans/run-orphans') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../orphans/run-orphans');
}

interface OrphansFlags {
  account: string;
  user?: string;
  device?: string;
  dryRun?: boolean;
  yes?: boolean;
  includeRecent?: boolean;
  output: 'table' | 'json';
  profile?: string;
  region?: string;
  roleName?: string;
  config?: string;
  verbose?: boolean;
}

function common(command: Command): Command {
  return addOperatorOptions(command, 'enrolment window and member role name')
    .requiredOption('--account <id>', 'the member account (12 digits)')
    .option(
      '--user <name>',
      "only this user's devices: named exactly <name>, or created by IAM user <name> (orgmfa's record)",
    )
    .option('--device <name>', 'only the device named exactly <name> (or with this serial number)')
    .addOption(new Option('--output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .option(
      '--role-name <name>',
      'role to assume in the member account (default: memberRoleName of the configuration)',
    )
    .option('--verbose', "print the clean-up's log lines to stderr");
}

const ACCESS = `
Run it from the hub account (the management account or the delegated administrator): the account
must be an ACTIVE member of the configured organization (organizations:DescribeAccount), your
credentials must be able to assume the member role there (--role-name OrganizationAccountAccessRole,
say), and read orgmfa's device record in the hub's state bucket (s3:GetObject on
orgmfa-state-<hub>/devices/*, s3:ListBucket on the bucket), which proves each device's age.`;

/** `orgmfa orphans list|clean`: the manual clean-up of orphaned virtual MFA devices. */
export function registerOrphans(program: Command, runtime: CliRuntime): void {
  const orphans = program
    .command('orphans')
    .description("list or delete a member account's unassigned (orphaned) virtual MFA devices");

  common(
    orphans
      .command('list')
      .description("list a member account's unassigned virtual MFA devices, with their proven ages"),
  )
    .addHelpText(
      'after',
      `${ACCESS}

Examples:
  orgmfa orphans list --account 222222222222 --profile hub
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
    .option('--yes', 'delete without asking (required when not on a terminal)')
    .option(
      '--include-recent',
      'also delete devices not proven unassigned for the whole enrolment window (someone may be enrolling them)',
    )
    .addHelpText(
      'after',
      `${ACCESS}

The devices to delete are listed with how long orgmfa's record proves each unassigned, then deleted
after you confirm on the terminal (--yes for scripts; without a terminal --yes is required). A device
not proven unassigned for the whole enrolment window (compliance.enrolmentWindowMinutes, 15 by
default), or whose age orgmfa's record does not know, is skipped: a user may be enrolling it right
now. --include-recent deletes those too. Each device is deleted by the event workflow's own clean-up
code: only if a fresh listing of the account's unassigned devices still contains it; a device
assigned meanwhile is left alone, and an assigned device is never deleted or deactivated.

Examples:
  orgmfa orphans clean --account 222222222222 --user alice --dry-run
  orgmfa orphans clean --account 222222222222 --device alice-phone --role-name OrganizationAccountAccessRole
  orgmfa orphans clean --account 222222222222 --user alice --yes --output json

Exit codes: 0 every device processed (outcomes: Deleted, AssignedMeanwhile, AlreadyDeleted,
NotAnOrphan, SkippedRecent, WouldDelete), 1 failed (some device Failed, not confirmed, or the
account or its record refused), 2 bad arguments (or no terminal and no --yes).`,
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
