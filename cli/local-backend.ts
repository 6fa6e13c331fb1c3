import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliRuntime } from './runtime';
import type { Backend } from '../local/runner/backend';
import { FixtureError, readOrganizationFixture } from '../local/sim/fixture';
import { loadLocalConfig } from './local-config';
import { readJsonFile } from './read-json';
import { UsageError } from './usage-error';

/** The options every `orgmfa local` command takes to choose where it runs. */
export interface LocalBackendOptions {
  org?: string;
  stateOut?: string;
  config?: string;
  backend: string;
  json?: boolean;
  verbose?: boolean;
}

// Lazy: the SDK clients and the simulation load only when a command runs (see cli/main.ts).
function loadBackend(): typeof import('../local/runner/backend') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../local/runner/backend');
}

/** Adds the backend options (`--org`, `--state-out`, `--config`, `--backend`, `--json`, `--verbose`). */
export function addLocalOptions(command: Command): Command {
  return command
    .option('--org <org.json>', 'the simulated organization (required with --backend sim)')
    .option('--state-out <file>', 'write the simulated AWS state after the run, in the --org format')
    .option('--config <file>', "configuration (cdk.json context shape); default: the project's cdk.json")
    .option('--backend <sim|aws>', 'sim: the simulated organization; aws: real SDK clients', 'sim')
    .option('--json', 'print one JSON object (the documented contract)')
    .option('--verbose', "print the handlers' log lines to stderr");
}

/** Builds the backend a local command runs against from its `--backend`, `--org` and `--config`. */
export function backendFor(options: LocalBackendOptions): Backend {
  const config = loadLocalConfig(options.config);
  const { awsBackend, simulatedBackend } = loadBackend();
  if (options.backend === 'aws') {
    if (options.stateOut !== undefined) {
      throw new UsageError('--state-out needs the simulated backend (it dumps the simulation)');
    }
    return awsBackend(config);
  }
  if (options.backend !== 'sim') {
    throw new UsageError(`--backend must be "sim" or "aws", not ${JSON.stringify(options.backend)}`);
  }
  if (options.org === undefined)
    throw new UsageError('--org <org.json> is required with the simulated backend');
  try {
    return simulatedBackend(
      readOrganizationFixture(readJsonFile(options.org, 'organization fixture')),
      config,
    );
  } catch (error) {
    if (error instanceof FixtureError) {
      throw new UsageError(`organization fixture ${options.org}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Writes the simulated AWS state (`--state-out`), mode 0600: it is storage, seeds included. The mode
 * is set on the open file before anything is written, because `writeFileSync`'s `mode` applies only
 * to a file it creates: an existing, world-readable file would otherwise keep its mode.
 */
export function writeStateOut(backend: Backend, path: string | undefined): void {
  if (path === undefined || backend.sim === undefined) return;
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeFileSync(fd, `${JSON.stringify(backend.sim.state, null, 2)}\n`);
  } finally {
    closeSync(fd);
  }
}

/** Where `--verbose` sends the handlers' log lines. */
export function logSinkFor(
  options: LocalBackendOptions,
  runtime: CliRuntime,
): { logSink?: (line: string) => void } {
  return options.verbose ? { logSink: (line: string) => runtime.stderr.write(`${line}\n`) } : {};
}
