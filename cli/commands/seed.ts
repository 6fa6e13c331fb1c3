import type { Command } from 'commander';
import type { CliRuntime } from '../runtime';

// Lazy: the SDK clients and the QR renderer load only when the command runs (see cli/main.ts).
function load(): typeof import('../seed/run-seed') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../seed/run-seed');
}

/** `orgmfa seed`: the one-time pickup of a provisioned MFA seed. */
export function registerSeed(program: Command, runtime: CliRuntime): void {
  program
    .command('seed')
    .description('collect the MFA seed orgmfa provisioned for your IAM user, once, into an authenticator app')
    .option('--profile <name>', "your IAM user's profile (default: the SDK's default credentials)")
    .option(
      '--region <region>',
      "the orgmfa hub's region, where seeds are kept (default: AWS_REGION, the profile's region)",
    )
    .option('--code-stdin', 'read the confirming code from standard input instead of asking on the terminal')
    .addHelpText(
      'after',
      `
Reads /orgmfa/seed/<your IAM user's unique id> (the AIDA… id sts:GetCallerIdentity reports), shows
it as a QR code and an otpauth:// URI on standard output, which must be a terminal (also with
--code-stdin), asks for the code your app then shows, deletes the parameter once the code matches,
and records the pickup on the device orgmfa provisioned for you. A wrong code keeps the parameter:
run it again. The seed is never written to a file or a log; clear your terminal's scrollback
afterwards.

Examples:
  orgmfa seed --profile work --region eu-west-1
  AWS_PROFILE=work AWS_REGION=eu-west-1 orgmfa seed

Exit codes: 0 seed collected and deleted, 1 failed (no seed, wrong code: the seed is kept),
2 bad arguments or no terminal.`,
    )
    .action(async (flags: { profile?: string; region?: string; codeStdin?: boolean }) => {
      await load().runSeed(flags, runtime);
    });
}
