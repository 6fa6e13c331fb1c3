import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import type { LocalBackendOptions } from './commands/local-options';
import type { CliRuntime } from './runtime';
import { createAwsClients } from '../functions/aws/clients';
import type { OrgMfaConfig } from '../functions/core/config';
import type { ReportInput } from '../functions/core/report/report-model';
import { awsBackend, simulatedBackend, type Backend } from '../local/runner/backend';
import { runEventWorkflow, type EventRunReport } from '../local/runner/event-run';
import { runSweepWorkflow, type SweepRunReport } from '../local/runner/sweep-run';
import { FixtureError, readOrganizationFixture, type OrganizationFixture } from '../local/sim/fixture';
import { loadLocalConfig, simulationConfig } from './local-config';
import { learnOrganization, requireSameOrganization } from './organization-identity';
import { packageVersion } from './package-info';
import { readJsonFile } from './read-json';
import { UsageError } from './usage-error';

/**
 * The `local` commands' implementation, loaded lazily as one module: the backend, the simulation and
 * the workflow runner. One module, so that the SDK clients a backend creates and the handlers that use
 * them come from the same copy of the SDK in the published bundle (a paginator checks its client's class).
 */

/**
 * Refuses a configuration of another organization than the credentials are in (DescribeOrganization,
 * GetCallerIdentity): a real organization is never run with the wrong configuration.
 */
async function checkOrganization(config: OrgMfaConfig, path: string, runtime: CliRuntime): Promise<void> {
  const decorate = runtime.decorateClient;
  const clients = createAwsClients({
    region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || config.hubRegion,
    ...(decorate === undefined ? {} : { decorate: (client) => decorate(client) }),
  });
  // The credentials' own account is not known yet: this scope only selects them (no assumed role).
  const own = { accountId: 'caller' };
  const who = 'your credentials';
  const identity = await learnOrganization(
    { sts: clients.sts(own), organizations: clients.organizations(own) },
    who,
  );
  requireSameOrganization(config, path, identity, who);
}

/** Builds the backend a local command runs against from its `--backend`, `--org` and `--config`. */
export async function backendFor(options: LocalBackendOptions, runtime: CliRuntime): Promise<Backend> {
  if (options.backend === 'aws') {
    if (options.stateOut !== undefined) {
      throw new UsageError('--state-out needs the simulated backend (it dumps the simulation)');
    }
    if (options.config === undefined) {
      throw new UsageError(
        '--backend aws needs --config: the configuration of the organization to run against',
      );
    }
    const config = loadLocalConfig(options.config);
    await checkOrganization(config, options.config, runtime);
    const decorate = runtime.decorateClient;
    return awsBackend(config, decorate === undefined ? {} : { decorate: (client) => decorate(client) });
  }
  if (options.org === undefined)
    throw new UsageError('--org <org.json> is required with the simulated backend');
  let fixture: OrganizationFixture;
  try {
    fixture = readOrganizationFixture(readJsonFile(options.org, 'organization fixture'));
  } catch (error) {
    if (error instanceof FixtureError) {
      throw new UsageError(`organization fixture ${options.org}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return simulatedBackend(fixture, simulationConfig(options.config, fixture));
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

/** `orgmfa local run-event`: one event through the event workflow, on the chosen backend. */
export async function runLocalEvent(
  options: LocalBackendOptions,
  event: unknown,
  runtime: CliRuntime,
): Promise<EventRunReport> {
  const backend = await backendFor(options, runtime);
  const { report } = await runEventWorkflow(backend, event, logSinkFor(options, runtime));
  writeStateOut(backend, options.stateOut);
  return report;
}

/** `orgmfa local sweep`: the sweep workflow once, on the chosen backend. */
export async function runLocalSweep(options: LocalBackendOptions, runtime: CliRuntime): Promise<LocalSweep> {
  const backend = await backendFor(options, runtime);
  const { report, summary, findingsReport } = await runSweepWorkflow(backend, {
    ...logSinkFor(options, runtime),
    productVersion: packageVersion(),
  });
  writeStateOut(backend, options.stateOut);
  return {
    report,
    ...(findingsReport === undefined ? {} : { findings: findingsReport }),
    ...(summary === undefined ? {} : { html: `s3://${summary.report.bucket}/${summary.report.html}` }),
  };
}

/** A local sweep: the run's report, the findings report's input, and where the sweep wrote its HTML page. */
export interface LocalSweep {
  readonly report: SweepRunReport;
  /** Absent when the workflow FAILED before its summary. */
  readonly findings?: ReportInput;
  /** `s3://…/format=html/report.html` in the (simulated) state bucket. */
  readonly html?: string;
}
