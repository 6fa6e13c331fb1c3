import { Command, CommanderError } from 'commander';
import { registerLocalRunEvent } from './commands/local-run-event';
import { EXIT, UsageError } from './usage-error';

// The SDK warns on every run under Node 20 about its future Node 22 requirement; orgmfa supports
// Node 20 today, so the warning is noise for its users (they can still set the variable to "false").
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Builds the `orgmfa` command tree. */
export function buildProgram(): Command {
  const program = new Command('orgmfa')
    .description(
      'IAM-user MFA across an AWS Organization: orphan clean-up, audits, sessions, local simulation',
    )
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const local = program.command('local').description('run orgmfa locally, on a simulated organization');
  registerLocalRunEvent(local);
  return program;
}

/** Runs the command line; returns the exit code. Errors are one line, stack traces only with --debug. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const debug = argv.includes('--debug');
    if (error instanceof UsageError) {
      process.stderr.write(`orgmfa: ${error.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(
      debug && error instanceof Error
        ? `${error.stack}\n`
        : `orgmfa: ${(error as Error).message ?? String(error)} (run with --debug for details)\n`,
    );
    return EXIT.failed;
  }
}
