import type { Command } from 'commander';
import type { ExecOptions } from '../exec/run-exec';
import type { CliRuntime } from '../runtime';
import { ExitStatus } from '../usage-error';
import { addCodeSourceOptions } from './code-source-options';
import { durationOption } from '../session/duration';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../exec/run-exec') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../exec/run-exec');
}

/** `orgmfa exec`: a command run with a profile's temporary credentials in its environment. */
export function registerExec(program: Command, runtime: CliRuntime): void {
  const exec = program
    .command('exec')
    .description(
      "run a command with a profile's temporary credentials (MFA session or role) in its environment",
    )
    .argument('<command>', 'the command to run, after --')
    .argument('[args...]', 'its arguments')
    .option(
      '--profile <name>',
      'a profile with long-term keys, or a role profile (default: AWS_PROFILE, else "default")',
    )
    .option('--code <123456>', 'the current code, if a new MFA session is needed');
  addCodeSourceOptions(exec)
    .option(
      '--duration <time>',
      'length of a new MFA session, 15m-36h (e.g. 12h); default 12 hours',
      durationOption,
    )
    .option('--serial <arn>', "the MFA device; default the profile's mfa_serial, else your only device")
    .option(
      '--region <region>',
      "AWS_REGION and AWS_DEFAULT_REGION for the command; default AWS_REGION, else the profile's",
    )
    .addHelpText(
      'after',
      `
The command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION (when a region is known) and
ORGMFA_EXEC=<profile>; AWS_PROFILE and AWS_DEFAULT_PROFILE are removed so that every SDK uses these
credentials. Its exit status is orgmfa's (a command ended by a signal: 128 + the signal's number);
SIGTERM and SIGHUP sent to orgmfa are passed on to it. Nothing is written to the credentials file: a
new MFA session (asked for on the terminal, or from --code, --code-from ykman, mfa_process) and role
credentials are cached in ~/.aws/orgmfa/cache (mode 0600) and reused by the next orgmfa command.
orgmfa exec refuses to run inside another orgmfa exec.

Examples:
  orgmfa exec --profile work -- aws sts get-caller-identity
  orgmfa exec --profile work-admin -- terraform plan
  orgmfa exec --profile work-admin --code-from ykman -- aws s3 ls

Exit codes: 0 or whatever the command exits with; 1 no credentials (e.g. the code was not accepted;
the command did not run), 2 bad arguments or nested, 126/127 the command cannot run or was not found.`,
    )
    .action(async (command: string, args: string[], flags: ExecOptions) => {
      throw new ExitStatus(await load().runExec(flags, [command, ...args], runtime));
    });
}
