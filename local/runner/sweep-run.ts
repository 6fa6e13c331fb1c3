import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SWEEP_FUNCTIONS } from '../../functions/core/naming';
import { listAccounts } from '../../functions/list-accounts/list-accounts';
import type { SweepSummary } from '../../functions/core/sweep-results';
import type { ReportInput } from '../../functions/core/report/report-model';
import { summarizeSweepWithReport } from '../../functions/summarize-sweep/summarize-sweep';
import { sweepBatch } from '../../functions/sweep-account/sweep-batch';
import { localFunctionArns, type Backend } from './backend';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { CollectingMetrics } from './collecting-metrics';
import { deployedDefinition } from './definition';
import type { ObjectStore } from './distributed-map';
import { runWorkflow, type ExecutionResult, type LocalFunction } from './workflow-runner';

/** The `orgmfa local sweep --json` contract. */
export interface SweepRunReport {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  readonly accounts: SweepSummary['accounts'];
  readonly usersEvaluated: number;
  readonly orphansDeleted: number;
  readonly findings: SweepSummary['findings'];
  readonly tampering: SweepSummary['tampering'];
  /**
   * Billed transitions of the parent (STANDARD) execution: its states entered and retried, plus the
   * one Step Functions bills for each Distributed Map child execution it starts.
   */
  readonly stateTransitions: number;
  /** Transitions inside the Distributed Maps' child executions (EXPRESS, billed by request and duration instead). */
  readonly childStateTransitions: number;
  /** Child executions the Distributed Maps started (a batch of accounts each). */
  readonly mapChildren: number;
  readonly apiCalls: readonly { service: string; operation: string; accountId: string }[];
}

/** The report plus what tests and benchmarks inspect. */
export interface SweepRun {
  readonly report: SweepRunReport;
  readonly summary?: SweepSummary;
  /** What the sweep's HTML and OCSF report were built from (absent when SummarizeSweep did not run). */
  readonly findingsReport?: ReportInput;
  readonly execution: ExecutionResult;
  readonly log: CollectingLog;
  readonly metrics: CollectingMetrics;
}

/** The hub's state bucket as the Distributed Map's item reader and result writer see it. */
function objectStore(backend: Backend): ObjectStore {
  const s3 = backend.clients.s3(backend.hubScope('sweepAccount'));
  return {
    get: async (bucket, key) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await object.Body?.transformToString()) ?? '';
    },
    put: async (bucket, key, body) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
  };
}

/**
 * Runs the sweep workflow: the deployed ASL file (its Distributed Map emulated over the backend's S3),
 * each Lambda task running the real handler code against the backend.
 */
export async function runSweepWorkflow(
  backend: Backend,
  options: {
    readonly sweepId?: string;
    readonly logSink?: (line: string) => void;
    /** orgmfa's version, named in the sweep's OCSF findings. */
    readonly productVersion?: string;
    /**
     * Organizations calls one ListAccounts invocation may make before it saves its progress and lets
     * the workflow call it again (in Lambda, its remaining time decides); unlimited by default.
     */
    readonly listingCallsPerInvocation?: number;
  } = {},
): Promise<SweepRun> {
  const log = new CollectingLog(options.logSink);
  const metrics = new CollectingMetrics();
  const substitutions = localFunctionArns(backend, SWEEP_FUNCTIONS);
  const definition = deployedDefinition('sweep-workflow', backend.settings.partition, substitutions);
  const { clients, settings, stateBucket, compliance } = backend;
  let findingsReport: ReportInput | undefined;
  const listingCalls = () => backend.recorder.calls.filter((call) => call.service === 'organizations').length;
  const handlers: Record<keyof typeof SWEEP_FUNCTIONS, LocalFunction> = {
    ListAccountsFunctionArn: (payload) => {
      const limit = options.listingCallsPerInvocation;
      const before = listingCalls();
      return listAccounts(
        {
          clients,
          hub: backend.hubScope('listAccounts'),
          settings,
          stateBucket,
          compliance,
          targets: backend.targets,
          clock: backend.clock,
          log,
        },
        payload,
        () => limit !== undefined && listingCalls() - before >= limit,
      );
    },
    SweepAccountFunctionArn: (payload) =>
      sweepBatch(
        {
          settings,
          clients,
          log,
          hub: backend.hubScope('sweepAccount'),
          stateBucket,
          compliance,
          provisioning: backend.provisioning,
          region: backend.region,
          clock: backend.clock,
          sleep: backend.sleep,
          pacing: backend.pacing,
        },
        payload,
      ),
    SummarizeSweepFunctionArn: async (payload) => {
      const { summary, report } = await summarizeSweepWithReport(
        {
          clients,
          hub: backend.hubScope('summarizeSweep'),
          log,
          metrics,
          settings,
          region: backend.region,
          clock: backend.clock,
          productVersion: options.productVersion ?? 'local',
        },
        payload,
      );
      findingsReport = report;
      return summary;
    },
  };
  const functions = Object.fromEntries(
    Object.entries(handlers).map(([key, fn]) => [substitutions[key as keyof typeof substitutions], fn]),
  );
  const firstCall = backend.recorder.calls.length;
  const execution = await runWorkflow(
    definition,
    {},
    {
      functions,
      objectStore: objectStore(backend),
      executionName: options.sweepId ?? `sweep-${backend.clock().toISOString().replace(/[:.]/g, '-')}`,
    },
  );
  const summary = execution.status === 'SUCCEEDED' ? (execution.output as SweepSummary) : undefined;
  const report: SweepRunReport = {
    status: execution.status,
    ...(execution.status === 'FAILED' ? { error: `${execution.error}: ${execution.cause}` } : {}),
    accounts: summary?.accounts ?? {
      total: 0,
      succeeded: 0,
      failed: [],
      skipped: [],
      securityHubNotEnabled: [],
      warnings: [],
    },
    usersEvaluated: summary?.usersEvaluated ?? 0,
    orphansDeleted: summary?.orphansDeleted ?? 0,
    findings: summary?.findings ?? { imported: 0, resolved: 0, active: 0, exempt: 0, tampered: 0 },
    tampering: summary?.tampering ?? [],
    stateTransitions: execution.stateTransitions + execution.mapChildren,
    childStateTransitions: execution.childStateTransitions,
    mapChildren: execution.mapChildren,
    apiCalls: backend.recorder.summarySince(firstCall),
  };
  return {
    report,
    ...(summary === undefined ? {} : { summary }),
    ...(summary === undefined || findingsReport === undefined ? {} : { findingsReport }),
    execution,
    log,
    metrics,
  };
}
