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
export async function measureEventPath(setup: {
  readonly title: string;
  readonly config: OrgMfaConfig;
  readonly fixture: OrganizationFixture;
  readonly event: unknown;
  readonly succeeded: (report: EventRunReport) => boolean;
  /** What happened before the measured event (e.g. the device's creation event), not measured. */
  readonly before?: (backend: Backend) => Promise<void>;
}): Promise<string[]> {
  const latencies: number[] = [];
  let sequential = 0;
  let report: EventRunReport | undefined;
  for (let i = 0; i < RUNS; i++) {
    const backend = simulatedBackend(setup.fixture, setup.config, {
      faults: { latencyMs: (service) => LATENCY_MS[service] },
    });
    await setup.before?.(backend);
    const firstCall = backend.recorder.calls.length;
    const began = performance.now();
    ({ report } = await runEventWorkflow(backend, setup.event, {
      invokeOverheadMs: LAMBDA_INVOKE_OVERHEAD_MS,
    }));
    latencies.push(performance.now() - began);
    if (!setup.succeeded(report))
      throw new Error(`the benchmark run failed: ${report.error ?? report.reason ?? report.outcome}`);
    sequential = backend.recorder.criticalPathLength(firstCall);
  }
  return [
    setup.title,
    `  ${describeLatencyModel()}`,
    `  AWS calls: ${sequential} sequential (critical path, role assumption included), ${report!.apiCalls.length} in total`,
    `  billed state transitions: ${report!.stateTransitions}`,
    `  processing latency: median ${median(latencies).toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)})`,
  ];
}
