import { Command, CommanderError } from 'commander';
import { registerLocalRunEvent } from './commands/local-run-event';
import { registerLocalSweep } from './commands/local-sweep';
import { registerOrphans } from './commands/orphans';
import { registerAudit } from './commands/audit';
import { registerGuardrail } from './commands/guardrail';
import { registerSweep } from './commands/sweep';
import { registerSeed } from './commands/seed';
import { registerSession } from './commands/session';
import { registerExec } from './commands/exec';
import { hintedLine } from './error-hints';
import { packageVersion } from './package-info';
import { processRuntime, type CliRuntime } from './runtime';
import {
  CommandFailedError,
  EXIT,
  EXIT_CODE_TABLE,
  ExitStatus,
  FindingsFoundError,
  IncompleteRunError,
  UsageError,
} from './usage-error';

/*
 * Start-up time: this file and cli/commands/* load only commander and small modules. Each command
 * loads its implementation (the AWS SDK clients, the workflow interpreter, the QR renderer) with
 * `require` inside its action, so `orgmfa --help` does not pay for them (see bench/cli-startup.ts).
 * It is `require`, not `import()`: under `module: nodenext` TypeScript keeps `import()` in CommonJS
 * output as a native dynamic import, which neither tsx's CommonJS hook (extension-less TypeScript
 * paths) nor Jest without --experimental-vm-modules can load.
 */

/** The exit code table for `orgmfa --help`, each meaning wrapped to the width of the help text. */
function exitCodeLines(width = 100): string[] {
  const indent = ' '.repeat(9);
  return EXIT_CODE_TABLE.flatMap(([code, meaning]) => {
    const lines: string[] = [];
    let line = `  ${code.padEnd(5)}  `;
    for (const word of meaning.split(' ')) {
      if (line.trim() !== code && line.length + word.length > width) {
        lines.push(line.trimEnd());
        line = indent;
      }
      line += `${word} `;
    }
    return [...lines, line.trimEnd()];
  });
}

/** Builds the `orgmfa` command tree. */
export function buildProgram(runtime: CliRuntime = processRuntime()): Command {
  const program = new Command('orgmfa')
    .description(
      'IAM-user MFA across an AWS Organization: MFA sessions, seed pickup, orphan clean-up, local simulation',
    )
    .version(packageVersion(), '-V, --version', 'print the version of orgmfa')
    .option('--debug', 'print stack traces for errors')
    .configureOutput({
      writeOut: (text) => runtime.stdout.write(text),
      writeErr: (text) => runtime.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  orgmfa session --profile work                      # MFA session into the profile work-mfa
  orgmfa exec --profile work-admin -- aws s3 ls       # a command with a role's credentials
  orgmfa seed --profile work --region eu-west-1       # collect a provisioned MFA seed, once
  orgmfa orphans list --account 222222222222          # operators: unassigned MFA devices
  orgmfa guardrail preview                            # operators: who the MFA guardrail would block
  orgmfa local run-event --org org.json --event event.json --json
  orgmfa <command> --help                             # each command's options and examples

Exit codes, the same for the same condition in every command (--debug adds stack traces to
unexpected errors):
${exitCodeLines().join('\n')}`,
    );
  registerSession(program, runtime);
  registerExec(program, runtime);
  registerSeed(program, runtime);
  registerOrphans(program, runtime);
  registerAudit(program, runtime);
  registerGuardrail(program, runtime);
  registerSweep(program, runtime);
  const local = program.command('local').description('run orgmfa locally, on a simulated organization');
  registerLocalRunEvent(local, runtime);
  registerLocalSweep(local, runtime);
  return program;
}

/** Runs the command line; returns the exit code. Errors are one line, stack traces only with --debug. */
export async function main(argv: readonly string[], runtime: CliRuntime = processRuntime()): Promise<number> {
  const program = buildProgram(runtime);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ExitStatus) return error.exitCode;
    // A run's verdict, not an error: the same exit code with or without --debug.
    if (error instanceof IncompleteRunError || error instanceof FindingsFoundError) {
      runtime.stderr.write(`orgmfa: ${error.message}\n`);
      return error instanceof IncompleteRunError ? EXIT.incomplete : EXIT.findings;
    }
    // Only orgmfa's own options: what follows -- belongs to the command orgmfa exec runs.
    const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
    const debug = own.includes('--debug');
    if (debug && error instanceof Error && !(error instanceof UsageError)) {
      runtime.stderr.write(`${error.stack}\n`);
      return EXIT.failed;
    }
    if (error instanceof UsageError) {
      runtime.stderr.write(`orgmfa: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof CommandFailedError) {
      runtime.stderr.write(`orgmfa: ${error.message}\n`);
      return EXIT.failed;
    }
    const hinted = hintedLine(error);
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    runtime.stderr.write(
      hinted === undefined ? `orgmfa: ${message} (run with --debug for details)\n` : `orgmfa: ${hinted}\n`,
    );
    return EXIT.failed;
  }
}
