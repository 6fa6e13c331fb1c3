import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORGANIZATIONS_PACE } from '../functions/aws/organizations-calls';
import { parseConfig, type OrgMfaConfig } from '../functions/core/config';
import type { ListedAccount } from '../functions/core/organization-listing';
import { sweepPlan } from '../functions/core/sweep-plan';
import { FUNCTION_SIZES } from '../infra/function-sizes';
import { simulatedBackend, type Backend } from '../local/runner/backend';
import type { RecordedCall } from '../local/runner/call-recorder';
import { runSweepWorkflow, type SweepRun } from '../local/runner/sweep-run';
import { VirtualClock } from '../local/sim/virtual-clock';
import { describeLatencyModel, LAMBDA_INVOKE_OVERHEAD_MS, LATENCY_MS } from './latency-model';
import { configRulesCost, sweepCost, sweepsPerMonth } from './sweep-cost';
import { callsByAccount, criticalPathMs, modelPasses, pacedMs, type ModelledAccount } from './sweep-model';
import { account, organization, SYNTHETIC_ROOT } from './synthetic-org';

const ROOT_DIR = join(__dirname, '..');
const NOW = new Date('2026-11-21T09:00:00Z');

/** The large sweep: accounts × users (BENCH_SWEEP_ACCOUNTS overrides the accounts, for a quicker try). */
const ACCOUNTS = Number(process.env.BENCH_SWEEP_ACCOUNTS ?? 10_000);
const USERS = 50;
/** How long IAM takes to build a credential report, in the model (and in the simulation's clock). */
const REPORT_BUILD_MS = 7_000;
/** First-pass accounts one child works on at once (functions/sweep-account/start-reports.ts). */
const REPORTS_AT_ONCE = 4;

/** The project's configuration (cdk.json), its sweep aimed at the synthetic organization's root. */
function baseConfig(): OrgMfaConfig {
  const config = parseConfig(JSON.parse(readFileSync(join(ROOT_DIR, 'cdk.json'), 'utf8')));
  return { ...config, targetOrganizationalUnitIds: [SYNTHETIC_ROOT] };
}

/** A sweep's calls in one account: all of them, and the read-back's pages of findings among them. */
interface AccountCalls {
  readonly calls: number;
  readonly readBack: number;
  /** ListMFADeviceTags: one per ORGMFA.4 candidate (see isSeedCandidate). */
  readonly seedTags: number;
}

/** Calls made in one member account by a first and a steady-state sweep, for `users` users. */
async function callsPerAccount(users: number): Promise<{ first: AccountCalls; steady: AccountCalls }> {
  const fixture = organization(2, 1);
  fixture.accounts[1] = account(fixture.accounts[1]!.id, users, fixture.accounts[1]!.parentId);
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(fixture, baseConfig(), { clock });
  const member = fixture.accounts[1]!.id;
  const count = (run: SweepRun): AccountCalls => {
    const calls = run.report.apiCalls.filter((c) => c.accountId === member);
    return {
      calls: calls.length,
      readBack: calls.filter((c) => c.operation === 'GetFindings').length,
      seedTags: calls.filter((c) => c.operation === 'ListMFADeviceTags').length,
    };
  };
  const first = count(await runSweepWorkflow(backend, { sweepId: 'first' }));
  // Six hours later (the default schedule): the report is regenerated, nothing else changed.
  clock.set(new Date(NOW.getTime() + 6 * 3600_000));
  const steady = count(await runSweepWorkflow(backend, { sweepId: 'steady' }));
  return { first, steady };
}

/** The calls of a run by service, operations of Organizations apart. */
function byService(calls: readonly RecordedCall[]): string {
  const counts = new Map<string, number>();
  for (const call of calls) counts.set(call.service, (counts.get(call.service) ?? 0) + 1);
  const organizations = new Map<string, number>();
  for (const call of calls.filter((c) => c.service === 'organizations'))
    organizations.set(call.operation, (organizations.get(call.operation) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([service, n]) =>
      service === 'organizations'
        ? `organizations ${n} (${[...organizations].map(([op, k]) => `${op} ${k}`).join(', ')})`
        : `${service} ${n}`,
    )
    .join(', ');
}

/**
 * The execution data Step Functions would log (the workflow logs ALL, with data): every state's input
 * and output in the parent and the children, without what only the local emulation of the Distributed
 * Maps carries (the item list and results it keeps in state, its own read and write steps).
 */
function executionDataBytes(run: SweepRun): number {
  const local = /__(ReadItems|WriteResults)$/;
  return run.execution.history
    .filter((event) => !('state' in event && local.test(event.state.name)))
    .reduce(
      (bytes, event) =>
        bytes +
        Buffer.byteLength(
          JSON.stringify(event, (key, value: unknown) =>
            key.startsWith('__localDistributedMap') ? undefined : value,
          ),
        ),
      0,
    );
}

/** The sweep functions' deployed memory, as the figures are computed with it (`SweepAccount 512 MB, …`). */
function sweepFunctionSizes(): string {
  return (['SweepAccountFunctionArn', 'ListAccountsFunctionArn', 'SummarizeSweepFunctionArn'] as const)
    .map((name) => `${name.replace(/FunctionArn$/, '')} ${FUNCTION_SIZES[name].memoryMb} MB`)
    .join(', ');
}

const dollars = (amount: number) => `$${amount.toFixed(amount < 1 ? 3 : 2)}`;
const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** One real sweep of the large organization, measured and modelled. */
async function largeSweep(config: OrgMfaConfig, backend: Backend, sweepId: string) {
  const firstCall = backend.recorder.calls.length;
  const cpuBefore = process.cpuUsage();
  const simBefore = backend.sim!.handlerMs;
  const began = performance.now();
  const run = await runSweepWorkflow(backend, { sweepId });
  const wallMs = performance.now() - began;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const simMs = backend.sim!.handlerMs - simBefore;
  if (run.report.accounts.succeeded !== ACCOUNTS)
    throw new Error(
      `the benchmark sweep did not sweep every account: ${JSON.stringify(run.report.accounts.failed.slice(0, 3))}`,
    );
  const calls = backend.recorder.calls.slice(firstCall);
  const hub = backend.settings.hubAccountId;
  // The Maps' reads of the item list mark where each pass begins.
  const passStarts = calls
    .filter((c) => c.operation === 'GetObject' && c.subject === `sweeps/${sweepId}/accounts.json`)
    .map((c) => c.startedAt)
    .sort((a, b) => a - b);
  const [reportsStart, sweepStart] = [passStarts[0]!, passStarts[1]!];
  const listing = calls.filter((c) => c.startedAt < reportsStart);
  const summary = calls.filter(
    (c) =>
      c.subject?.startsWith(`sweeps/${sweepId}/results/`) === true ||
      c.subject === `reports/sweep=${sweepId}/summary.json`,
  );
  const perAccount = callsByAccount(
    calls.filter((c) => c.startedAt >= reportsStart),
    hub,
  );
  const bucket = backend.sim!.account(hub)!.s3!.buckets.find((b) => b.name === backend.stateBucket)!;
  const items = JSON.parse(
    bucket.objects.find((o) => o.key === `sweeps/${sweepId}/accounts.json`)!.body,
  ) as ListedAccount[];
  const accounts: ModelledAccount[] = items.map((item) => {
    const mine = perAccount.get(item.accountId) ?? [];
    return {
      accountId: item.accountId,
      reportsMs: criticalPathMs(mine.filter((c) => c.startedAt < sweepStart)),
      sweepMs: criticalPathMs(mine.filter((c) => c.startedAt >= sweepStart)),
      swept: item.state === 'ACTIVE',
    };
  });
  const plan = sweepPlan(config.compliance);
  const organizationsCalls = listing.filter((c) => c.service === 'organizations');
  const listingInvocations = run.execution.history.filter(
    (e) => e.type === 'StateEntered' && 'state' in e && e.state.name === 'ListAccounts',
  ).length;
  const listingMs =
    listingInvocations * LAMBDA_INVOKE_OVERHEAD_MS +
    pacedMs(organizationsCalls.length, criticalPathMs(organizationsCalls), ORGANIZATIONS_PACE) +
    criticalPathMs(listing.filter((c) => c.service === 's3'));
  const passes = modelPasses(
    accounts,
    {
      batchSize: plan.sweep.batchSize,
      reports: plan.reports,
      sweep: plan.sweep,
      reportsAtOnce: REPORTS_AT_ONCE,
      reportBuildMs: REPORT_BUILD_MS,
    },
    listingMs,
  );
  const summaryMs = LAMBDA_INVOKE_OVERHEAD_MS + criticalPathMs(summary);
  const modelledMs = passes.sweepEnd + summaryMs;
  const children = [...passes.reportChildren, ...passes.sweepChildren];
  const childMs = children.map((c) => c.end - c.start);
  const gb = (name: keyof typeof FUNCTION_SIZES) => FUNCTION_SIZES[name].memoryMb / 1024;
  const lambdaGbSeconds =
    (listingMs / 1000) * gb('ListAccountsFunctionArn') +
    (childMs.reduce((a, b) => a + b, 0) / 1000) * gb('SweepAccountFunctionArn') +
    (summaryMs / 1000) * gb('SummarizeSweepFunctionArn');
  const s3 = (operation: string) =>
    calls.filter((c) => c.service === 's3' && c.operation === operation).length;
  const quantities = {
    parentTransitions: run.report.stateTransitions,
    children: run.report.mapChildren,
    childMs,
    lambdaInvocations: listingInvocations + run.report.mapChildren + 1,
    lambdaGbSeconds,
    s3Puts: s3('PutObject'),
    s3Gets: s3('GetObject'),
    findingsImportedPerAccount: run.report.findings.imported / ACCOUNTS,
    accounts: ACCOUNTS,
    executionDataBytes: executionDataBytes(run),
  };
  return {
    run,
    calls,
    wallMs,
    cpuMs,
    simMs,
    organizationsCalls: organizationsCalls.length,
    listingMs,
    passes,
    summaryMs,
    modelledMs,
    perAccountMs: accounts.filter((a) => a.swept).map((a) => a.sweepMs),
    quantities,
    cost: sweepCost(quantities),
  };
}

/** The sweep's figures: calls per account versus users, and a real sweep of a large organization under the latency model. */
export async function benchSweep(): Promise<string[]> {
  const lines = [
    'Sweep: AWS calls in one member account, first sweep / steady state (6 h later); every fifth user lacks MFA',
  ];
  for (const users of [1, 100, 10_000]) {
    const { first, steady } = await callsPerAccount(users);
    lines.push(
      `  ${String(users).padStart(6)} users: ${first.calls} / ${steady.calls} calls, of which GetFindings pages (read-back) ${first.readBack} / ${steady.readBack}, ListMFADeviceTags (ORGMFA.4 candidates) ${first.seedTags} / ${steady.seedTags} (a per-user approach: ${1 + users})`,
    );
  }
  lines.push(
    '  constant in users but for pages: 1,000 users per GetAccountAuthorizationDetails and ListVirtualMFADevices page, 100 findings per GetFindings page;',
    '  plus one ListMFADeviceTags per device named as orgmfa names it and enabled within the seed lifetime plus 7 days, or with an active ORGMFA.4 finding (none here: every device was enabled long ago)',
  );

  const config = baseConfig();
  const plan = sweepPlan(config.compliance);
  // The clock follows real time here: the first pass's reports are built (7 s of it) before the sweep
  // reads them, as they are in AWS, where the first pass takes longer than that.
  const clock = new VirtualClock();
  const backend = simulatedBackend(organization(ACCOUNTS, USERS), config, {
    clock,
    faults: { latencyMs: (service) => LATENCY_MS[service], credentialReportBuildMs: REPORT_BUILD_MS },
  });
  const first = await largeSweep(config, backend, 'bench');
  // Six hours later (the default schedule): reports regenerated, nothing else changed.
  clock.set(new Date(clock.now().getTime() + 6 * 3600_000));
  const steady = await largeSweep(config, backend, 'bench-steady');
  const perMonth = sweepsPerMonth(config.compliance.sweepSchedule);
  const users = ACCOUNTS * USERS;
  // AWS Config at the same frequency: iam-user-mfa-enabled for every user, root-account-mfa-enabled
  // for every account (orgmfa's six controls need more rules than these two).
  const evaluations = perMonth === undefined ? undefined : (users + ACCOUNTS) * perMonth;
  const configMonthly = evaluations === undefined ? undefined : configRulesCost(evaluations);
  const orgmfaMonthly = perMonth === undefined ? undefined : steady.cost.total * perMonth;
  const sorted = [...first.perAccountMs].sort((a, b) => a - b);
  const { quantities: q, cost } = first;
  const breakdown = (c: typeof cost) =>
    `Step Functions ${dollars(c.stepFunctions)}, Lambda ${dollars(c.lambda)}, S3 ${dollars(c.s3)}, Security Hub CSPM ${dollars(c.securityHub)}, CloudWatch Logs ${dollars(c.logs)}, X-Ray ${dollars(c.xray)}`;
  return [
    ...lines,
    '',
    `Sweep of ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users, a real local run (no extrapolation): Map concurrency ${plan.sweep.concurrency}, batches of ${plan.sweep.batchSize}, first pass ${plan.reports.concurrency} at once, ${config.compliance.sweepAssumeRolesPerSecond} role assumptions/s`,
    `  ${describeLatencyModel()}; IAM builds a credential report in ${REPORT_BUILD_MS / 1000} s; Organizations paced at ${ORGANIZATIONS_PACE.perSecond}/s, ${ORGANIZATIONS_PACE.maxInFlight} in flight`,
    `  wall time here: ${minutes(first.wallMs)} (latency really waited, pacing and report waits modelled); CPU ${(first.cpuMs / 1000).toFixed(0)} s, of which the simulator's handlers ${((100 * first.simMs) / first.cpuMs).toFixed(1)}%`,
    `  modelled AWS time: ${minutes(first.modelledMs)} = listing ${(first.listingMs / 1000).toFixed(1)} s + first pass ${((first.passes.reportsEnd - first.listingMs) / 1000).toFixed(1)} s + sweep ${((first.passes.sweepEnd - first.passes.reportsEnd) / 1000).toFixed(1)} s + summary ${(first.summaryMs / 1000).toFixed(1)} s (its S3 calls only: SummarizeSweep's own work, measured in "SummarizeSweep over …", is in neither this time nor the GB-s) (goal < 5 min); reports still building when reached: ${first.passes.waits.accounts} accounts`,
    `  per account (critical path of its calls under the model): median ${sorted[Math.floor(sorted.length / 2)]} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]} ms`,
    `  AWS calls: ${first.calls.length} (${(first.calls.length / ACCOUNTS).toFixed(1)} per account): ${byService(first.calls)}`,
    `  Organizations: ${first.organizationsCalls} calls for ${ACCOUNTS.toLocaleString('en-US')} accounts (pages of 20 per parent; none per account)`,
    `  Map children: ${q.children} (${first.passes.reportChildren.length} + ${first.passes.sweepChildren.length}); billed transitions: ${q.parentTransitions} (the parent's states and one per child) + ${first.run.report.childStateTransitions} inside EXPRESS children (billed per request and GB-second instead)`,
    `  Lambda: ${q.lambdaInvocations} invocations, ${q.lambdaGbSeconds.toFixed(0)} GB-s at the deployed sizes (${sweepFunctionSizes()}); Express ${cost.expressGbSeconds.toFixed(0)} GB-s; S3 ${q.s3Puts} PUT, ${q.s3Gets} GET; findings imported ${first.run.report.findings.imported}`,
    `  cost per sweep, first run: ${dollars(cost.total)} (${breakdown(cost)})`,
    `  cost per sweep, steady state (6 h later, nothing changed): ${dollars(steady.cost.total)} (${breakdown(steady.cost)}); modelled ${minutes(steady.modelledMs)}, ${steady.calls.length} calls, S3 ${steady.quantities.s3Puts} PUT, ${steady.quantities.s3Gets} GET (goal < $0.25)`,
    perMonth === undefined || configMonthly === undefined || orgmfaMonthly === undefined
      ? `  per month: the schedule ${config.compliance.sweepSchedule} is not a rate() expression`
      : `  per month at ${config.compliance.sweepSchedule} (${perMonth.toFixed(0)} sweeps): orgmfa ${dollars(orgmfaMonthly)}; AWS Config's periodic rules at the same frequency (iam-user-mfa-enabled per user, root-account-mfa-enabled per account: ${(evaluations! / 1e6).toFixed(1)} M evaluations at $0.001 / $0.0008 / $0.0005 per evaluation over 100,000 / 500,000 a month) ${dollars(configMonthly)} → ${Math.round(configMonthly / orgmfaMonthly)}× (configuration items not counted)`,
  ];
}
