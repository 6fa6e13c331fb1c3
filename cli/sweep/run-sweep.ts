import { pacedOrganizationsClient } from '../../functions/aws/organizations-calls';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { sweepStateMachineArn } from '../../functions/core/naming';
import type { SweepSummary } from '../../functions/core/sweep-results';
import { profileName, readSharedFiles, requireProfile } from '../aws-files/shared-files';
import { decorated, resolveRegion, sdkConfig } from '../aws-sdk';
import { credentialsName, hintedLine } from '../error-hints';
import { loadLocalConfig } from '../local-config';
import { learnOrganization, requireSameOrganization } from '../organization-identity';
import { ProgressBar } from '../progress-bar';
import { sweepSummaryLines } from '../sweep-summary';
import type { CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

/** `orgmfa sweep start|status` options. */
export interface SweepCommandOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly config?: string;
  readonly output: 'text' | 'json';
  readonly wait?: boolean;
  readonly execution?: string;
  /** Seconds between polls while waiting (checked by the option parser, which gives the default). */
  readonly interval: number;
}

/** Where a sweep execution stands. */
export interface SweepStatus {
  readonly executionArn: string;
  readonly status: string;
  readonly startDate?: string;
  readonly stopDate?: string;
  /** The Distributed Map's progress over the accounts, once it runs. */
  readonly accounts?: { readonly total: number; readonly done: number; readonly failed: number };
  readonly summary?: SweepSummary;
  readonly error?: string;
}

/**
 * The deployed sweep: in the credentials' own account and region (the hub), as AWS says, unless
 * `--config` names the hub (and the same organization as the credentials).
 */
async function client(options: SweepCommandOptions, runtime: CliRuntime) {
  const config = options.config === undefined ? undefined : loadLocalConfig(options.config);
  const files = readSharedFiles();
  requireProfile(files, options.profile);
  const region = resolveRegion(options.region, files, profileName(options.profile)) ?? config?.hubRegion;
  if (region === undefined) {
    throw new UsageError(
      "no region: pass --region (the hub's), set AWS_REGION, or give the profile a region",
    );
  }
  const settings = sdkConfig({
    region,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  });
  const who = credentialsName(options);
  const identity = await learnOrganization(
    {
      sts: decorated(runtime, new STSClient(settings)),
      organizations: decorated(runtime, pacedOrganizationsClient(settings)),
    },
    who,
  );
  if (config !== undefined && options.config !== undefined) {
    requireSameOrganization(config, options.config, identity, who);
  }
  return {
    sfn: decorated(runtime, new SFNClient(settings)),
    stateMachineArn: sweepStateMachineArn(
      identity.partition,
      config?.hubRegion ?? region,
      config?.hubAccountId ?? identity.callerAccountId,
    ),
  };
}

/** An SDK failure as one line that says what to do. */
function failure(error: unknown, options: SweepCommandOptions): Error {
  const who = credentialsName(options);
  if (error instanceof Error && error.name === 'AccessDeniedException') {
    return new CommandFailedError(`${who} may not run or read the sweep (${error.message})`, {
      cause: error,
    });
  }
  const line = hintedLine(error, { who });
  return line === undefined ? (error as Error) : new CommandFailedError(line, { cause: error });
}

/** The status of one execution, with the Map run's progress and, when it succeeded, its summary. */
async function describe(sfn: SFNClient, executionArn: string): Promise<SweepStatus> {
  const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  const mapRuns = await sfn.send(new ListMapRunsCommand({ executionArn }));
  // The sweep proper (its Map's Label); the first pass, which only starts credential reports, is not
  // what "accounts done" means.
  const mapRunArn = mapRuns.mapRuns?.find((run) =>
    run.mapRunArn?.includes(`/${SWEEP_MAP_LABEL}:`),
  )?.mapRunArn;
  const counts =
    mapRunArn === undefined
      ? undefined
      : (await sfn.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts;
  return {
    executionArn,
    status: execution.status ?? 'UNKNOWN',
    ...(execution.startDate === undefined ? {} : { startDate: execution.startDate.toISOString() }),
    ...(execution.stopDate === undefined ? {} : { stopDate: execution.stopDate.toISOString() }),
    ...(counts === undefined
      ? {}
      : {
          accounts: {
            total: counts.total ?? 0,
            done: (counts.succeeded ?? 0) + (counts.failed ?? 0),
            failed: counts.failed ?? 0,
          },
        }),
    ...(execution.status === 'SUCCEEDED' && execution.output !== undefined
      ? { summary: JSON.parse(execution.output) as SweepSummary }
      : {}),
    ...(execution.error === undefined ? {} : { error: `${execution.error}: ${execution.cause ?? ''}` }),
  };
}

/** The Label of the sweep workflow's Map that sweeps the accounts: its Map Run ARNs carry it. */
const SWEEP_MAP_LABEL = 'SweepAccounts';

/** What a running sweep is doing, as its Map run shows it. */
function phaseOf(status: SweepStatus): string {
  const accounts = status.accounts;
  if (accounts === undefined) return "listing the organization's accounts";
  if (accounts.done < accounts.total) return `sweeping ${accounts.total} accounts`;
  return 'summarizing the results and writing the report';
}

/**
 * Polls until the execution ends. Says first what it waits for (which execution, how often it asks,
 * that Ctrl-C stops the waiting and not the sweep), then each step the sweep reaches, on standard
 * error; on a terminal a progress bar follows the accounts.
 */
async function waitFor(
  sfn: SFNClient,
  executionArn: string,
  options: SweepCommandOptions,
  runtime: CliRuntime,
): Promise<SweepStatus> {
  const { interval } = options;
  runtime.stderr.write(
    `orgmfa: waiting for the sweep ${executionArn.slice(executionArn.lastIndexOf(':') + 1)} to end (${executionArn}), asking Step Functions every ${interval} s; Ctrl-C stops the waiting, not the sweep\n`,
  );
  const bar = new ProgressBar(runtime.stderr, 'accounts');
  let phase: string | undefined;
  for (;;) {
    const status = await describe(sfn, executionArn);
    if (status.status !== 'RUNNING') {
      bar.finish();
      return status;
    }
    if (phaseOf(status) !== phase) {
      phase = phaseOf(status);
      bar.finish();
      runtime.stderr.write(`orgmfa: the sweep is ${phase}\n`);
    }
    if (status.accounts !== undefined) bar.update(status.accounts.done, status.accounts.total);
    await new Promise((resolve) => setTimeout(resolve, interval * 1000));
  }
}

/** `orgmfa sweep start [--wait]`: starts the deployed sweep now, and optionally follows it to its end. */
export async function runSweepStart(options: SweepCommandOptions, runtime: CliRuntime): Promise<SweepStatus> {
  const { sfn, stateMachineArn } = await client(options, runtime);
  try {
    const name = `manual-${runtime.now().toISOString().replace(/[:.]/g, '-')}`;
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: '{}' }),
    );
    if (executionArn === undefined) throw new CommandFailedError('Step Functions returned no execution ARN');
    return options.wait
      ? await waitFor(sfn, executionArn, options, runtime)
      : { executionArn, status: 'RUNNING' };
  } catch (error) {
    throw error instanceof CommandFailedError || error instanceof UsageError
      ? error
      : failure(error, options);
  }
}

/** `orgmfa sweep status [--execution ARN]`: the latest sweep (or the one named), with its progress or summary. */
export async function runSweepStatus(
  options: SweepCommandOptions,
  runtime: CliRuntime,
): Promise<SweepStatus> {
  const { sfn, stateMachineArn } = await client(options, runtime);
  try {
    const executionArn =
      options.execution ??
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1 }))).executions?.[0]
        ?.executionArn;
    if (executionArn === undefined)
      throw new CommandFailedError(`${stateMachineArn} has not run yet: start it with orgmfa sweep start`);
    return options.wait
      ? await waitFor(sfn, executionArn, options, runtime)
      : await describe(sfn, executionArn);
  } catch (error) {
    throw error instanceof CommandFailedError || error instanceof UsageError
      ? error
      : failure(error, options);
  }
}

/** The text rendering of a sweep's status. */
export function formatSweepStatus(status: SweepStatus): string {
  const lines = [`${status.executionArn}: ${status.status}`];
  if (status.accounts !== undefined)
    lines.push(`accounts: ${status.accounts.done}/${status.accounts.total} processed`);
  if (status.error !== undefined) lines.push(`error: ${status.error}`);
  const summary = status.summary;
  if (summary !== undefined) {
    lines.push(...sweepSummaryLines(summary));
    lines.push(`report: s3://${summary.report.bucket}/${summary.report.prefix}`);
    // A sweep deployed before the HTML report has none.
    if (typeof summary.report.html === 'string')
      lines.push(`HTML report: s3://${summary.report.bucket}/${summary.report.html}`);
  }
  return lines.join('\n');
}
