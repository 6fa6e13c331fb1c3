import { Option, type Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { addCodeSourceOptions } from './code-source-options';
import type { CredentialProcessOptions } from '../session/credential-process';
import type { SessionOptions } from '../session/run-session';
import { durationOption } from '../session/duration';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../session/run-session') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../session/run-session');
}
function loadProcess(): typeof import('../session/credential-process') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../session/credential-process');
}

/** `orgmfa session` and `orgmfa credential-process`: MFA sessions for IAM users. */
export function registerSession(program: Command, runtime: CliRuntime): void {
  const session = program
    .command('session')
    .description(
      "get an MFA session (sts:GetSessionToken) with a profile's long-term keys and write it to the shared credentials file; for a role profile, the role's credentials from that MFA session",
    )
    .option(
      '--profile <name>',
      'profile with the IAM user\'s long-term keys, or a role profile (source_profile, role_arn) (default: AWS_PROFILE, else "default")',
    )
    .option(
      '--code <123456>',
      "the current code of your MFA device (otherwise --code-stdin, --code-from, the profile's mfa_process, or asked on a terminal)",
    )
    .option('--code-stdin', 'read the code from the first line of standard input');
  addCodeSourceOptions(session)
    .option(
      '--duration <time>',
      "MFA session length, 15m-36h as seconds or e.g. 12h, 90m (root user: up to 1h); default AWS's 12 hours",
      durationOption,
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
aws_session_token, x_security_token_expires, x_orgmfa_source_profile, and the profile's region if
the section has none); every other byte of the file is kept. aws-mfa's layout works as is: keys in
[<profile>-long-term], session written to [<profile>]. The write is atomic and leaves the file with
mode 0600. A profile holding long-term keys is never overwritten. While the session has more than
5 minutes left, running this again reuses it without asking for a code.

A role profile (role_arn + source_profile, as for the AWS CLI; role_session_name, external_id,
duration_seconds up to 3600 and chained source_profiles honoured) is assumed with the MFA session of
the keys at the end of its source_profile chain: one code serves every role profile on those keys
until the MFA session expires. Role credentials and MFA sessions made for role profiles are cached
in ~/.aws/orgmfa/cache (mode 0600); the credentials file is not touched. Use them with orgmfa exec
or orgmfa credential-process.

The code: --code, --code-stdin, --code-from ykman, mfa_process in the profile (a command that
prints the code, run by /bin/sh), else asked on the terminal. A user whose only MFA devices are
security keys or passkeys is told to use \`aws login\` (AWS CLI 2.32.0 or later) instead.

Files and variables: AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE, AWS_PROFILE, AWS_REGION,
AWS_ENDPOINT_URL are honoured as by the AWS CLI.

Examples:
  orgmfa session --profile work                 # asks for the code on a terminal
  orgmfa session --profile work --code 123456 --duration 12h
  orgmfa session --profile work-admin           # role profile: one code for all roles on work
  orgmfa session --profile work --code-from ykman
  orgmfa session --config ~/.aws/aws-mfa.yaml --profile staging   # aws-mfa's profiles
  pass show totp | orgmfa session --profile work --code-stdin
  aws s3 ls --profile work-mfa

Exit codes: 0 session written or reused, 1 failed (e.g. the code was not accepted; nothing written),
2 bad arguments or a profile orgmfa will not use.`,
    )
    .action(async (flags: SessionOptions & { config?: string }) => {
      const { runSession, formatSessionReport, fromAwsMfaConfig } = load();
      const report = await runSession(fromAwsMfaConfig(flags), runtime);
      runtime.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(report)}\n` : `${formatSessionReport(report)}\n`,
      );
    });

  const credentialProcess = program
    .command('credential-process')
    .description(
      "print a profile's MFA session, or a role profile's credentials, for the AWS SDKs' credential_process",
    )
    .option(
      '--profile <name>',
      'the profile with the long-term keys, or a role profile (default: AWS_PROFILE, else "default")',
    )
    .option(
      '--target-profile <name>',
      'where orgmfa session wrote the session, if not the default <profile>-mfa',
    )
    .option('--no-prompt', 'never ask for a code on the terminal (unattended use)');
  addCodeSourceOptions(credentialProcess)
    .addHelpText(
      'after',
      `
Prints {"Version":1,"AccessKeyId":…,"SecretAccessKey":…,"SessionToken":…,"Expiration":…}: the MFA
session (the one \`orgmfa session\` wrote, or one orgmfa cached) while it has more than 5 minutes
left; for a role profile, the role's cached credentials, assumed again from the MFA session without
a code when they run out. When a new MFA session is needed, the code comes from --code-from ykman or
the profile's mfa_process, else it is asked on your terminal (/dev/tty: the SDKs hide standard error),
unless --no-prompt. Without any of these it fails and says to run \`orgmfa session --profile <the
profile with the keys>\`.

Examples:
  orgmfa credential-process --profile work      # what the SDKs run
  # in ~/.aws/config, then: aws s3 ls --profile work-via-process
  [profile work-via-process]
  credential_process = orgmfa credential-process --profile work
  [profile admin-via-process]
  credential_process = orgmfa credential-process --profile work-admin --no-prompt

Exit codes: 0 credentials printed, 1 no valid session and no code, 2 bad arguments.`,
    )
    .action(async (flags: CredentialProcessOptions) => {
      runtime.stdout.write(`${await loadProcess().runCredentialProcess(flags, runtime)}\n`);
    });
}
