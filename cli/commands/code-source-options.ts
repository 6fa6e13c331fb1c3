import { Option, type Command } from 'commander';

/** The options that say where the MFA code comes from, shared by session, credential-process and exec. */
export function addCodeSourceOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--code-from <source>',
        "read the code from a YubiKey's OATH account (ykman oath accounts code)",
      ).choices(['ykman']),
    )
    .option(
      '--ykman-account <name>',
      "the YubiKey OATH account to read (default: the MFA device's ARN, as aws-vault names it)",
    );
}
