import type { Command } from 'commander';
import type { CliRuntime } from '../runtime';
import { describeAction } from '../../functions/core/actions';
import type { EventRunReport } from '../../local/runner/event-run';
import { addLocalOptions, loadLocalBackend, type LocalBackendOptions } from './local-options';
import { readJsonFile } from '../read-json';

interface RunEventOptions extends LocalBackendOptions {
  event: string;
  json?: boolean;
  verbose?: boolean;
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
export function registerLocalRunEvent(local: Command, runtime: CliRuntime): void {
  const command = local
    .command('run-event')
    .description('run the event workflow (the deployed ASL, the real handlers) on one EventBridge event')
    .requiredOption('--event <event.json>', 'the EventBridge event, exactly as AWS delivers it');
  addLocalOptions(command)
    .addHelpText(
      'after',
      `
Examples:
  orgmfa local run-event --org examples/organization.json \\
      --event examples/events/orphan-clash.json --json
  orgmfa local run-event --org examples/organization.json --config examples/config.json \\
      --event examples/events/create-user.json --state-out after.json
  orgmfa local run-event --backend aws --event event.json   # real AWS, default credential chain

Exit codes: 0 the workflow ran (whatever it decided), 1 an unexpected error (--debug for the
stack), 2 bad arguments or unreadable files.`,
    )
    .action(async (options: RunEventOptions) => {
      const event = readJsonFile(options.event, 'event');
      const report = await loadLocalBackend().runLocalEvent(options, event, runtime);
      runtime.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
    });
}
