import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type OrgMfaConfig } from '../functions/core/config';
import { simulatedBackend, type Backend } from '../local/runner/backend';
import { runEventWorkflow, type EventRunReport } from '../local/runner/event-run';
import { readOrganizationFixture, type OrganizationFixture } from '../local/sim/fixture';
import { describeLatencyModel, LAMBDA_INVOKE_OVERHEAD_MS, LATENCY_MS } from './latency-model';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const RUNS = 15;

/** The project's configuration and the three-account fixture the event-path benchmarks start from. */
export function projectSetup(): { config: OrgMfaConfig; fixture: OrganizationFixture; root: string } {
  return {
    root: ROOT,
    config: parseConfig(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'))),
    fixture: readOrganizationFixture(
      JSON.parse(readFileSync(join(ROOT, 'test/fixtures/orgs/three-accounts.json'), 'utf8')),
    ),
  };
}

/**
 * Runs one event through the real ASL and handlers on a fresh simulated organization (after `before`),
 * several times, under the latency model, and returns the figure lines: sequential and total AWS calls, billed
 * transitions, processing latency. `succeeded` checks each run did what the path is for.
 */
/** One measured run: its latency, its report, and its calls on the critical path. */
async function measuredRun(
  setup: Parameters<typeof measureEventPath>[0],
  warm: boolean,
): Promise<{ latency: number; report: EventRunReport; sequential: number }> {
  const backend = simulatedBackend(setup.fixture, setup.config, {
    faults: { latencyMs: (service) => LATENCY_MS[service] },
  });
  await setup.before?.(backend);
  if (warm) {
    // An environment that learned the account within the TTL (or read the sweep's view since).
    const { organizationId, managementAccountId } = backend.settings;
    const accountId = (setup.event as { account: string }).account;
    backend.organizationView.remember({
      id: accountId,
      arn: `arn:aws:organizations::${managementAccountId}:account/${organizationId}/${accountId}`,
      state: 'ACTIVE',
    });
  }
  const firstCall = backend.recorder.calls.length;
  const began = performance.now();
  const { report } = await runEventWorkflow(backend, setup.event, {
    invokeOverheadMs: LAMBDA_INVOKE_OVERHEAD_MS,
  });
  const latency = performance.now() - began;
  if (!setup.succeeded(report))
    throw new Error(`the benchmark run failed: ${report.error ?? report.reason ?? report.outcome}`);
  return { latency, report, sequential: backend.recorder.criticalPathLength(firstCall) };
}

/**
 * Runs one event through the real ASL and handlers on a fresh simulated organization (after `before`),
 * several times, under the latency model, and returns the figure lines: sequential and total AWS calls, billed
 * transitions, processing latency, for a new Lambda environment (the membership check asks
 * Organizations) and a warm one (it knows the account). The first run of the process is not
 * measured: it validates the definition, which the deployed system does once, not per event.
 */
export async function measureEventPath(setup: {
  readonly title: string;
  readonly config: OrgMfaConfig;
  readonly fixture: OrganizationFixture;
  readonly event: unknown;
  readonly succeeded: (report: EventRunReport) => boolean;
  /** What happened before the measured event (e.g. the device's creation event), not measured. */
  readonly before?: (backend: Backend) => Promise<void>;
}): Promise<string[]> {
  await measuredRun(setup, false);
  const figures = async (warm: boolean) => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measuredRun(setup, warm));
    const latencies = runs.map((r) => r.latency);
    const { report, sequential } = runs.at(-1)!;
    const organizations = report.apiCalls.filter((c) => c.service === 'organizations').length;
    return { latencies, report, sequential, organizations };
  };
  const cold = await figures(false);
  const warm = await figures(true);
  const latency = (l: number[]) =>
    `median ${median(l).toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...l).toFixed(0)}, max ${Math.max(...l).toFixed(0)})`;
  return [
    setup.title,
    `  ${describeLatencyModel()}`,
    `  AWS calls: ${cold.sequential} sequential (critical path, role assumption included), ${cold.report.apiCalls.length} in total, ${cold.organizations} to Organizations, in a new Lambda environment; ${warm.sequential} sequential, ${warm.report.apiCalls.length} in total, ${warm.organizations} to Organizations once it knows the account (cached view)`,
    `  billed state transitions: ${cold.report.stateTransitions}`,
    `  processing latency: ${latency(cold.latencies)}; warm: ${latency(warm.latencies)} (definition validated once per process, as deployed: not in these)`,
  ];
}
