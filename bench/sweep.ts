import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, type OrgMfaConfig } from '../functions/core/config';
import { simulatedBackend } from '../local/runner/backend';
import { runSweepWorkflow } from '../local/runner/sweep-run';
import { VirtualClock } from '../local/sim/virtual-clock';
import { describeLatencyModel, LATENCY_MS } from './latency-model';
import { median } from './stats';
import { account, organization } from './synthetic-org';

const ROOT = join(__dirname, '..');
const NOW = new Date('2026-11-21T09:00:00Z');

/**
 * List prices (us-east-1) the cost model uses; orgmfa's functions run on ARM with 256 MB, EXPRESS
 * child executions are billed in 64 MB steps.
 */
const PRICE = {
  standardTransition: 0.025 / 1000,
  expressRequest: 1.0 / 1_000_000,
  expressGbSecond: 0.00001667,
  lambdaRequest: 0.2 / 1_000_000,
  lambdaArmGbSecond: 0.0000133334,
  securityHubFindingIngestion: 0.00003,
  s3Put: 0.005 / 1000,
  s3Get: 0.0004 / 1000,
  awsConfigEvaluation: 0.001,
};
/** How long IAM takes to build a credential report, and so how long the sweep's Lambda waits (1+2+4 s polls). */
const REPORT_WAIT_S = 7;
const LAMBDA_GB = 0.25;
const EXPRESS_GB = 0.0625;

function baseConfig(concurrency: number): OrgMfaConfig {
  const config = parseConfig(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')));
  return { ...config, compliance: { ...config.compliance, sweepConcurrency: concurrency } };
}

/** A sweep's calls in one account: all of them, and the read-back's pages of findings among them. */
interface AccountCalls {
  readonly calls: number;
  readonly readBack: number;
}

/** Calls made in one member account by a first and a steady-state sweep, for `users` users. */
async function callsPerAccount(users: number): Promise<{ first: AccountCalls; steady: AccountCalls }> {
  const fixture = organization(2, 1);
  fixture.accounts[1] = account(fixture.accounts[1]!.id, users);
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(fixture, baseConfig(10), { clock });
  const member = fixture.accounts[1]!.id;
  const count = (run: Awaited<ReturnType<typeof runSweepWorkflow>>): AccountCalls => {
    const calls = run.report.apiCalls.filter((c) => c.accountId === member);
    return { calls: calls.length, readBack: calls.filter((c) => c.operation === 'GetFindings').length };
  };
  const first = count(await runSweepWorkflow(backend, { sweepId: 'first' }));
  // Six hours later (the default schedule): the report is regenerated, nothing else changed.
  clock.set(new Date(NOW.getTime() + 6 * 3600_000));
  const steady = count(await runSweepWorkflow(backend, { sweepId: 'steady' }));
  return { first, steady };
}

/** Dollars for one sweep of `accounts` accounts × `users` users, from measured counts. */
function costOf(measured: {
  accounts: number;
  parentTransitions: number;
  perAccountSeconds: number;
  s3Puts: number;
  s3Gets: number;
  findingsImported: number;
}) {
  const lambdaSeconds = measured.accounts * (measured.perAccountSeconds + REPORT_WAIT_S);
  const stepFunctions =
    measured.parentTransitions * PRICE.standardTransition +
    measured.accounts * PRICE.expressRequest +
    lambdaSeconds * EXPRESS_GB * PRICE.expressGbSecond;
  const lambda =
    (measured.accounts + 2) * PRICE.lambdaRequest + lambdaSeconds * LAMBDA_GB * PRICE.lambdaArmGbSecond;
  // Security Hub bills finding ingestion after the first 10,000 events per account and month.
  const perAccount = measured.findingsImported / measured.accounts;
  const securityHub =
    Math.max(0, perAccount - 10_000) * measured.accounts * PRICE.securityHubFindingIngestion;
  const s3 = measured.s3Puts * PRICE.s3Put + measured.s3Gets * PRICE.s3Get;
  return { stepFunctions, lambda, securityHub, s3, total: stepFunctions + lambda + securityHub + s3 };
}

/** The sweep's figures: calls per account versus users, and a large organization under the latency model. */
export async function benchSweep(): Promise<string[]> {
  const lines = [
    'Sweep: AWS calls in one member account, first sweep / steady state (6 h later); every fifth user lacks MFA',
  ];
  for (const users of [1, 100, 10_000]) {
    const { first, steady } = await callsPerAccount(users);
    lines.push(
      `  ${String(users).padStart(6)} users: ${first.calls} / ${steady.calls} calls, of which GetFindings pages (read-back) ${first.readBack} / ${steady.readBack} (a per-user approach: ${1 + users})`,
    );
  }
  lines.push(
    '  constant in users but for pages: 1,000 users per GetAccountAuthorizationDetails and ListVirtualMFADevices page, 100 findings per GetFindings page',
  );

  const ACCOUNTS = 1_000;
  const USERS = 50;
  // The configuration's default concurrency, as a deployment without overrides runs it.
  const CONCURRENCY = parseConfig(JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8'))).compliance
    .sweepConcurrency;
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(organization(ACCOUNTS, USERS), baseConfig(CONCURRENCY), {
    clock,
    faults: { latencyMs: (service) => LATENCY_MS[service] },
  });
  const began = performance.now();
  const run = await runSweepWorkflow(backend, { sweepId: 'bench' });
  const wallSeconds = (performance.now() - began) / 1000;
  if (run.report.accounts.succeeded !== ACCOUNTS)
    throw new Error(`the benchmark sweep failed: ${JSON.stringify(run.report.accounts.failed[0])}`);
  const spans = new Map<string, { start: number; end: number }>();
  for (const call of backend.recorder.calls) {
    const span = spans.get(call.accountId) ?? { start: call.startedAt, end: call.endedAt };
    spans.set(call.accountId, {
      start: Math.min(span.start, call.startedAt),
      end: Math.max(span.end, call.endedAt),
    });
  }
  const perAccountSeconds = median([...spans.values()].map((s) => (s.end - s.start) / 1000));
  const calls = run.report.apiCalls;
  const measured = {
    accounts: ACCOUNTS,
    parentTransitions: run.report.stateTransitions,
    perAccountSeconds,
    s3Puts: calls.filter((c) => c.service === 's3' && c.operation === 'PutObject').length,
    s3Gets: calls.filter((c) => c.service === 's3' && c.operation === 'GetObject').length,
    findingsImported: run.report.findings.imported,
  };
  const scale = 10;
  const at10k = costOf({
    ...measured,
    accounts: ACCOUNTS * scale,
    s3Puts: measured.s3Puts * scale,
    s3Gets: measured.s3Gets * scale,
    findingsImported: measured.findingsImported * scale,
  });
  const steady = costOf({
    ...measured,
    accounts: ACCOUNTS * scale,
    s3Puts: measured.s3Puts * scale,
    s3Gets: measured.s3Gets * scale,
    findingsImported: 0,
  });
  const batches = Math.ceil((ACCOUNTS * scale) / CONCURRENCY);
  const modeledMinutes = (batches * (perAccountSeconds + REPORT_WAIT_S)) / 60;
  const configCost = ACCOUNTS * scale * USERS * PRICE.awsConfigEvaluation;
  return [
    ...lines,
    '',
    `Sweep of ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users (measured), Map concurrency ${CONCURRENCY}`,
    `  ${describeLatencyModel()}; IAM builds a credential report in ${REPORT_WAIT_S} s (the Lambda waits)`,
    `  wall time here: ${wallSeconds.toFixed(1)} s (report waits simulated, not slept); per account: median ${perAccountSeconds.toFixed(2)} s of AWS calls`,
    `  billed transitions: ${measured.parentTransitions} (parent, STANDARD) + ${run.report.childStateTransitions} in ${ACCOUNTS} EXPRESS child executions (billed per request and duration)`,
    `  AWS calls: ${calls.length} (${(calls.length / ACCOUNTS).toFixed(1)} per account); findings imported: ${measured.findingsImported}`,
    `Extrapolated to ${(ACCOUNTS * scale).toLocaleString('en-US')} accounts × ${USERS} users (accounts are independent; the Map's concurrency bounds the time)`,
    `  processing time: ${batches} waves × ${(perAccountSeconds + REPORT_WAIT_S).toFixed(1)} s = ${modeledMinutes.toFixed(1)} min (goal < 15 min)`,
    `  cost per sweep, first run: $${at10k.total.toFixed(2)} (Step Functions $${at10k.stepFunctions.toFixed(2)}, Lambda $${at10k.lambda.toFixed(2)}, Security Hub CSPM ingestion $${at10k.securityHub.toFixed(2)} (within the free 10,000 per account), S3 $${at10k.s3.toFixed(2)})`,
    `  cost per sweep, steady state (no finding changes): $${steady.total.toFixed(2)}`,
    `  AWS Config rule evaluations for the same ${(ACCOUNTS * scale * USERS).toLocaleString('en-US')} users at $0.001 each: $${configCost.toFixed(0)} → ${Math.round(configCost / at10k.total)}× cheaper (goal ≥ 100×)`,
  ];
}
