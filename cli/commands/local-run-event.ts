import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describeAction } from '../../functions/core/actions';
import type { Backend } from '../../local/runner/backend';
import type { EventRunReport } from '../../local/runner/event-run';
import { FixtureError, readOrganizationFixture } from '../../local/sim/fixture';
import { loadLocalConfig } from '../local-config';
import { readJsonFile } from '../read-json';
import { UsageError } from '../usage-error';

// Lazy: the SDK clients and the workflow interpreter load only when the command runs (see cli/main.ts).
function loadBackend(): typeof import('../../local/runner/backend') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../local/runner/backend');
}
function loadEventRun(): typeof import('../../local/runner/event-run') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../local/runner/event-run');
}

interface RunEventOptions {
  org?: string;
  event: string;
  stateOut?: string;
  json?: boolean;
  config?: string;
  backend: string;
  verbose?: boolean;
}

/** Builds the backend a local command runs against from its `--backend`, `--org` and `--config`. */
export function backendFor(options: {
  backend: string;
  org?: string;
  config?: string;
  stateOut?: string;
}): Backend {
  const config = loadLocalConfig(options.config);
  const { awsBackend, simulatedBackend } = loadBackend();
  if (options.backend === 'aws') {
    if (options.stateOut !== undefined)
      throw new UsageError('--state-out needs the simulated backend (it dumps the simulation)');
    return awsBackend(config);
  }
  if (options.backend !== 'sim')
    throw new UsageError(`--backend must be "sim" or "aws", not ${JSON.stringify(options.backend)}`);
  if (options.org === undefined)
    throw new UsageError('--org <org.json> is required with the simulated backend');
  try {
    return simulatedBackend(
      readOrganizationFixture(readJsonFile(options.org, 'organization fixture')),
      config,
    );
  } catch (error) {
    if (error instanceof FixtureError)
      throw new UsageError(`organization fixture ${options.org}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** The human-readable rendering of a run report. */
export function formatReport(report: EventRunReport): string {
  const lines = [`status: ${report.status}${report.outcome ? ` (${report.outcome})` : ''}`];
  if (report.error !== undefined) lines.push(`error: ${report.error}`);
  if (report.reason !== undefined) lines.push(`reason: ${report.reason}`);
  for (const action of report.actions) lines.push(`action: ${describeAction(action)}`);
  if (report.actions.length === 0) lines.push('actions: none');
  lines.push(`state transitions: ${report.stateTransitions}`);
  lines.push(
    `AWS calls: ${report.apiCalls.map((c) => `${c.service}:${c.operation}@${c.accountId}`).join(', ') || 'none'}`,
  );
  return lines.join('\n');
}

/** `orgmfa local run-event`: runs the event workflow on one event, locally. */
export function registerLocalRunEvent(local: Command): void {
  local
    .command('run-event')
    .description('run the event workflow (the deployed ASL, the real handlers) on one EventBridge event')
    .requiredOption('--event <event.json>', 'the EventBridge event, exactly as AWS delivers it')
    .option('--org <org.json>', 'the simulated organization (required with --backend sim)')
    .option('--state-out <file>', 'write the simulated AWS state after the run, in the --org format')
    .option('--config <file>', "configuration (cdk.json context shape); default: the project's cdk.json")
    .option('--backend <sim|aws>', 'sim: the simulated organization; aws: real SDK clients', 'sim')
    .option('--json', 'print one JSON object (the documented contract)')
    .option('--verbose', "print the handlers' log lines to stderr")
    .addHelpText(
      'after',
      `
Examples:
  orgmfa local run-event --org test/fixtures/orgs/three-accounts.json \\
      --event test/fixtures/events/orphan-console-user.json --json
  orgmfa local run-event --backend aws --event event.json   # real AWS, default credential chain

Exit codes: 0 the workflow ran (whatever it decided), 1 an unexpected error (--debug for the
stack), 2 bad arguments or unreadable files.`,
    )
    .action(async (options: RunEventOptions) => {
      const backend = backendFor(options);
      const event = readJsonFile(options.event, 'event');
      const { report } = await loadEventRun().runEventWorkflow(backend, event, {
        ...(options.verbose ? { logSink: (line: string) => process.stderr.write(`${line}\n`) } : {}),
      });
      if (options.stateOut !== undefined && backend.sim !== undefined) {
        writeFileSync(options.stateOut, `${JSON.stringify(backend.sim.state, null, 2)}\n`, { mode: 0o600 });
      }
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
    });
}
