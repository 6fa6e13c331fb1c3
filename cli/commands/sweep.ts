import { Option, type Command } from 'commander';
import { seconds } from '../option-parsers';
import type { CliRuntime } from '../runtime';
import { sweepCoverage } from '../sweep-summary';
import { CommandFailedError, runVerdict } from '../usage-error';

// Lazy: the SDK clients load only when the command runs (see cli/main.ts).
function load(): typeof import('../sweep/run-sweep') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../sweep/run-sweep');
}

type Flags = Parameters<ReturnType<typeof load>['runSweepStart']>[0];

function common(command: Command): Command {
  return command
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('--wait', 'follow the sweep with a progress bar until it ends, then print its summary')
    .option('--interval <seconds>', 'seconds between polls while waiting (0.01-300)', seconds(0.01, 300), 5)
    .option('--profile <name>', 'operator profile in the hub account')
    .option('--region <region>', "the hub's region (default: AWS_REGION, the profile's, the configuration's)")
    .option(
      '--config <file>',
      "orgmfa configuration (cdk.json context shape) naming the hub; default: the credentials' own account (refused when it names another organization)",
    );
}

/** `orgmfa sweep start|status`: run and follow the deployed organization-wide sweep. */
export function registerSweep(program: Command, runtime: CliRuntime): void {
  const sweep = program
    .command('sweep')
    .description('start and follow the deployed organization-wide sweep (Step Functions)');
  const print = async (
    run: () => Promise<Awaited<ReturnType<ReturnType<typeof load>['runSweepStart']>>>,
    flags: Flags,
  ) => {
    const { formatSweepStatus } = load();
    const status = await run();
    runtime.stdout.write(
      flags.output === 'json' ? `${JSON.stringify(status)}\n` : `${formatSweepStatus(status)}\n`,
    );
    if (status.status !== 'RUNNING' && status.status !== 'SUCCEEDED') {
      throw new CommandFailedError(
        `the sweep ended ${status.status}${status.error === undefined ? '' : `: ${status.error}`}`,
      );
    }
    const verdict = runVerdict({
      incomplete: status.summary === undefined ? undefined : sweepCoverage(status.summary),
      findings: undefined,
    });
    if (verdict !== undefined) throw verdict;
  };
  common(sweep.command('start').description('start the sweep now (it also runs on its schedule)'))
    .addHelpText(
      'after',
      `
Examples:
  orgmfa sweep start --profile hub
  orgmfa sweep start --wait --output json > sweep-summary.json

Exit codes: 0 started (with --wait: every account swept), 1 failed or the sweep FAILED,
2 bad arguments (or --config names another organization), 3 incomplete (an account not swept, without
Security Hub CSPM, with warnings, or no account at all), as orgmfa audit and local sweep.`,
    )
    .action((flags: Flags) => print(() => load().runSweepStart(flags, runtime), flags));
  common(
    sweep.command('status').description('the latest sweep (or --execution ARN): progress, or its summary'),
  )
    .option('--execution <arn>', 'a sweep execution ARN (default: the latest)')
    .addHelpText(
      'after',
      `
Examples:
  orgmfa sweep status --profile hub
  orgmfa sweep status --wait

Exit codes: 0 running, or succeeded with every account swept, 1 the sweep FAILED (or could not be
read), 2 bad arguments, 3 succeeded but incomplete (as sweep start --wait).`,
    )
    .action((flags: Flags) => print(() => load().runSweepStatus(flags, runtime), flags));
}
