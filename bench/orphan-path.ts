import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../infra/config';
import { simulatedBackend } from '../local/runner/backend';
import { runEventWorkflow } from '../local/runner/event-run';
import { readOrganizationFixture } from '../local/sim/fixture';
import { describeLatencyModel, LAMBDA_INVOKE_OVERHEAD_MS, LATENCY_MS } from './latency-model';
import { median } from './stats';

const ROOT = join(__dirname, '..');
const RUNS = 15;

/** The orphan path: one EntityAlreadyExists event through the real ASL and handlers, under the latency model. */
export async function benchOrphanPath(): Promise<string[]> {
  const config = parseConfig(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')));
  const fixture = readOrganizationFixture(
    JSON.parse(readFileSync(join(ROOT, 'test/fixtures/orgs/three-accounts.json'), 'utf8')),
  );
  const event = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/events/orphan-console-user.json'), 'utf8'));
  const latencies: number[] = [];
  let sequential = 0;
  let total = 0;
  let transitions = 0;
  for (let i = 0; i < RUNS; i++) {
    const backend = simulatedBackend(fixture, config, {
      faults: { latencyMs: (service) => LATENCY_MS[service] },
    });
    const began = performance.now();
    const { report } = await runEventWorkflow(backend, event, {
      invokeOverheadMs: LAMBDA_INVOKE_OVERHEAD_MS,
    });
    latencies.push(performance.now() - began);
    if (report.actions.length !== 1) throw new Error('the benchmark run did not delete the orphan');
    sequential = backend.recorder.criticalPathLength();
    total = report.apiCalls.length;
    transitions = report.stateTransitions;
  }
  return [
    'Orphan path (EntityAlreadyExists → orphan deleted), event workflow',
    `  ${describeLatencyModel()}`,
    `  AWS calls: ${sequential} sequential (critical path, role assumption included), ${total} in total`,
    `  billed state transitions: ${transitions}`,
    `  Lambda invocations: 2 (ParseEvent, CleanUpOrphan)`,
    `  processing latency: median ${median(latencies).toFixed(0)} ms over ${RUNS} runs (min ${Math.min(...latencies).toFixed(0)}, max ${Math.max(...latencies).toFixed(0)})`,
    '  goal: ≤ 3 sequential calls, ≤ 8 transitions, < 1 s (the single-account fix it replaces reports 5–10 s)',
  ];
}
