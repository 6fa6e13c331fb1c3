import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { main } from '../cli/main';
import { createAwsClients } from '../functions/aws/clients';
import { TRUSTED_HUB_ROLE_NAMES } from '../functions/core/naming';
import type { EventRunReport } from '../local/runner/event-run';
import { createSimulation } from '../local/sim/create-simulation';
import { readOrganizationFixture, type OrganizationFixture } from '../local/sim/fixture';
import { attachSimulatedAws } from '../local/sim/sdk-bridge';

/** The shipped examples the demo plays: the organization, the events, the configuration. */
export const EXAMPLES = join(__dirname, '..', 'examples');

/** What one run of the orgmfa command printed, and its exit code. */
export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a command of the demo runs: on a terminal or not, with an answer to what it printed. */
export interface CommandOptions {
  /** Standard output (and error) are a terminal, as when a person runs it: colours, QR codes. */
  readonly terminal?: boolean;
  /** Shows what the command prints as it prints it. */
  readonly echo?: boolean;
  /** Typed on standard input once the output shows what it needs (an app's code, once the seed is shown). */
  readonly answer?: (printed: string) => Promise<string | undefined>;
  /** The simulated organization the command's AWS clients talk to (for commands other than `local`). */
  readonly aws?: ReturnType<DemoWorld['simulation']>;
}

/**
 * The demo's world: the simulated organization in a state file (the `--org` and `--state-out` of
 * every `orgmfa local` command the demo runs), a timeline printer, people's consoles on the
 * simulation, and the real `orgmfa` command run in this process.
 */
export class DemoWorld {
  readonly state: string;
  private readonly start = Date.now();

  constructor(readonly dir: string) {
    this.state = join(dir, 'organization.json');
    copyFileSync(join(EXAMPLES, 'organization.json'), this.state);
  }

  /** One line of the timeline: seconds since the start, who, what. */
  say(who: string, text: string): void {
    const t = ((Date.now() - this.start) / 1000).toFixed(2).padStart(6);
    process.stdout.write(`  +${t}s  ${who.padEnd(12)} ${text}\n`);
  }

  /** A heading between the stories. */
  heading(text: string): void {
    process.stdout.write(`\n${text}\n\n`);
  }

  /** Text the demo shows as it is (a command's own output), indented under the timeline. */
  show(text: string): void {
    process.stdout.write(`${text.replace(/\n$/, '').replace(/^/gm, '      ')}\n`);
  }

  /** The organization as the state file has it now. */
  organization(): OrganizationFixture {
    return readOrganizationFixture(JSON.parse(readFileSync(this.state, 'utf8')));
  }

  /** The simulation over the state file, for people's consoles; `save()` writes it back. */
  simulation() {
    const sim = createSimulation(this.organization(), {
      memberRoleName: 'OrgMfaMemberRole',
      trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    });
    const clients = createAwsClients({
      region: 'us-east-1',
      decorate: (client) => attachSimulatedAws(sim, client),
    });
    return {
      sim,
      /** The IAM console of `userName` in `accountId`. */
      iamOf: (accountId: string, userName: string) =>
        clients.iam({ accountId, credentials: sim.issueUserCredentials(accountId, userName) }),
      save: () => writeFileSync(this.state, JSON.stringify(sim.state, null, 2)),
    };
  }

  /** Writes an event the member rule forwards into the demo's folder. */
  eventFile(name: string, event: Record<string, unknown>): string {
    const file = join(this.dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(event, null, 2));
    return file;
  }

  /** Runs `orgmfa args…` in this process (the real command: its parser, its code, its output). */
  async orgmfa(args: readonly string[], options: CommandOptions = {}): Promise<CommandRun> {
    const stdin = new PassThrough();
    let stdout = '';
    let stderr = '';
    let answered = false;
    let lineStart = true;
    // Shown indented under the timeline, line by line, whatever the chunks.
    const echo = (text: string) => {
      for (const piece of text.split(/(?<=\n)/)) {
        process.stdout.write(lineStart ? `      ${piece}` : piece);
        lineStart = piece.endsWith('\n');
      }
    };
    const stream = (onText: (text: string) => void) =>
      Object.assign(
        new Writable({
          write: (chunk, _encoding, done) => {
            const text = String(chunk);
            onText(text);
            if (options.echo) echo(text);
            if (!answered && options.answer !== undefined)
              void options.answer(stdout + stderr).then((line) => {
                if (line === undefined || answered) return;
                answered = true;
                stdin.end(`${line}\n`);
              });
            done();
          },
        }),
        { isTTY: options.terminal === true },
      );
    const aws = options.aws;
    const code = await main(args, {
      stdin: Object.assign(stdin, { isTTY: false }),
      stdout: stream((text) => (stdout += text)),
      stderr: stream((text) => (stderr += text)),
      now: () => new Date(),
      ...(aws === undefined ? {} : { decorateClient: (client) => attachSimulatedAws(aws.sim, client) }),
    });
    return { code, stdout, stderr };
  }

  /** Runs one event through the event workflow on the organization (`orgmfa local run-event`). */
  async runEvent(eventFile: string, config?: string): Promise<EventRunReport> {
    const began = Date.now();
    const run = await this.orgmfa([
      'local',
      'run-event',
      '--org',
      this.state,
      '--event',
      eventFile,
      '--state-out',
      this.state,
      ...(config === undefined ? [] : ['--config', config]),
      '--json',
    ]);
    if (run.code !== 0) throw new Error(`orgmfa local run-event exited ${run.code}: ${run.stderr.trim()}`);
    const report = JSON.parse(run.stdout) as EventRunReport;
    this.say(
      'orgmfa',
      `event workflow ${report.status} in ${Date.now() - began} ms: ${report.stateTransitions} state transitions, ${report.apiCalls.length} AWS calls`,
    );
    return report;
  }
}
