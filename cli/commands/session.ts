import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../session/run-session') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../session/run-session');
}
function loadProcess(): typeof import('../session/credential-process') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../session/credential-process');
}

interface SessionFlags {
  profile?: string;
  code?: string;
  codeStdin?: boolean;
  duration?: string;
  serial?: string;
  targetProfile?: string;
  force?: boolean;
  output: 'text' | 'json';
}

/** `orgmfa session` and `orgmfa credential-process`: MFA sessions for IAM users. */
export function registerSession(program: Command, runtime: CliRuntime): void {
  program
    .command('session')
    .description(
      "get an MFA session (sts:GetSessionToken) with a profile's long-term keys and write it to the shared credentials file",
    )
    .option(
      '--profile <name>',
      'profile with the IAM user\'s long-term keys (default: AWS_PROFILE, else "default")',
    )
    .option(
      '--code <123456>',
      'the current code of your MFA device (otherwise read from --code-stdin or asked on a terminal)',
    )
    .option('--code-stdin', 'read the code from the first line of standard input')
    .option(
      '--duration <seconds>',
      "session length, 900-129600 (root user: 900-3600); default AWS's 12 hours",
    )
    .option(
      '--serial <arn>',
      "the MFA device; default the profile's mfa_serial, else your only device (asked when several)",
    )
    .option(
      '--target-profile <name>',
      'profile to write the session to (default: <profile>-mfa, or mfa-<profile> if that exists)',
    )
    .option('--force', 'get a new session even if the target profile holds a valid one')
    .option(
      '--config <aws-mfa.yaml>',
      "aws-mfa's configuration (migrating): --profile names one of its profiles, which gives the keys' profile, device and duration",
    )
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
The session is written as the profile <profile>-mfa (aws_access_key_id, aws_secret_access_key,
aws_session_token, x_security_token_expires, x_orgmfa_source_profile); every other byte of the
file is kept. The write is atomic and leaves the file with mode 0600. A profile holding long-term
keys is never overwritten. While the session has more than 5 minutes left, running this again
reuses it without asking for a code.

Files and variables: AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL are honoured as by the AWS CLI.

Examples:
  orgmfa session --profile work                 # asks for the code on a terminal
  orgmfa session --profile work --code 123456 --duration 43200
  orgmfa session --config ~/.aws/aws-mfa.yaml --profile staging   # aws-mfa's profiles
  pass show totp | orgmfa session --profile work --code-stdin
  aws s3 ls --profile work-mfa

Exit codes: 0 session written or reused, 1 failed (e.g. the code was not accepted; nothing written),
2 bad arguments or a profile orgmfa will not use.`,
    )
    .action(async (flags: SessionFlags & { config?: string }) => {
      const { runSession, formatSessionReport, fromAwsMfaConfig } = load();
      const report = await runSession(fromAwsMfaConfig(flags), runtime);
      runtime.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(report)}\n` : `${formatSessionReport(report)}\n`,
      );
    });

  program
    .command('credential-process')
    .description("print the cached MFA session of a profile for the AWS SDKs' credential_process")
    .option(
      '--profile <name>',
      'the profile the session was made from (default: AWS_PROFILE, else "default")',
    )
    .option('--target-profile <name>', 'where orgmfa session wrote it, if not the default <profile>-mfa')
    .addHelpText(
      'after',
      `
Prints {"Version":1,"AccessKeyId":…,"SecretAccessKey":…,"SessionToken":…,"Expiration":…}, from
the session \`orgmfa session\` wrote, while it has more than 5 minutes left. It never asks for a
code (the SDKs run it without a terminal); without a valid session it fails and says to run
\`orgmfa session --profile <profile>\`.

Examples:
  orgmfa credential-process --profile work      # what the SDKs run
  # in ~/.aws/config, then: aws s3 ls --profile work-via-process
  [profile work-via-process]
  credential_process = orgmfa credential-process --profile work

Exit codes: 0 credentials printed, 1 no valid session, 2 bad arguments.`,
    )
    .action((flags: { profile?: string; targetProfile?: string }) => {
      runtime.stdout.write(`${loadProcess().runCredentialProcess(flags, runtime)}\n`);
    });
}
