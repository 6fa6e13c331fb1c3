import type { WorkflowAction } from '../../functions/core/actions';
import { HUB_FUNCTIONS } from '../../functions/core/naming';
import { cleanUpOrphan } from '../../functions/cleanup-orphan/cleanup-orphan';
import { parseEvent } from '../../functions/parse-event/parse-event';
import { provisionMfa } from '../../functions/provision-mfa/provision-mfa';
import { evaluateUserStep } from '../../functions/evaluate-user/evaluate-user';
import { CollectingMetrics } from './collecting-metrics';
import { localFunctionArns, type Backend } from './backend';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { deployedDefinition } from './definition';
import { runWorkflow, type ExecutionResult, type LocalFunction } from './workflow-runner';

/** The report of one local event-workflow run: the `orgmfa local run-event --json` contract. */
export interface EventRunReport {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  /** Why nothing was done, when the workflow decided not to act. */
  readonly reason?: string;
  readonly outcome?: string;
  readonly actions: readonly WorkflowAction[];
  readonly stateTransitions: number;
  readonly apiCalls: readonly { service: string; operation: string; accountId: string }[];
}

/** The report plus what tests and benchmarks inspect. */
export interface EventRun {
  readonly report: EventRunReport;
  readonly execution: ExecutionResult;
  readonly log: CollectingLog;
  readonly metrics: CollectingMetrics;
}

/** Options of a local run. */
export interface EventRunOptions {
  /** Milliseconds each Lambda invocation adds (latency model); 0 by default. */
  readonly invokeOverheadMs?: number;
  /** Where handler log lines go as they are written (e.g. stderr with --verbose). */
  readonly logSink?: (line: string) => void;
  /**
   * How many of a function's first invocations Lambda refuses, as it does while the function's
   * reserved concurrency is in use: `Lambda.TooManyRequestsException`, the handler not run.
   */
  readonly throttledInvocations?: Partial<Record<keyof typeof HUB_FUNCTIONS, number>>;
}

/** `fn`, whose first `times` invocations fail as a throttled Lambda invocation does. */
function throttledFirst(fn: LocalFunction, times: number): LocalFunction {
  let refused = 0;
  return (payload) => {
    if (refused >= times) return fn(payload);
    refused += 1;
    const error = new Error('Rate Exceeded.');
    error.name = 'Lambda.TooManyRequestsException';
    throw error;
  };
}

/**
 * Runs the event workflow on one EventBridge event: the deployed ASL file with the hub's
 * substitutions, each Lambda task running the real handler code against the backend.
 */
export async function runEventWorkflow(
  backend: Backend,
  event: unknown,
  options: EventRunOptions = {},
): Promise<EventRun> {
  const log = new CollectingLog(options.logSink);
  const metrics = new CollectingMetrics();
  const substitutions = localFunctionArns(backend, HUB_FUNCTIONS);
  const definition = deployedDefinition('event-workflow', backend.settings.partition, substitutions);

  const { settings, clients } = backend;
  const handlers: Record<keyof typeof HUB_FUNCTIONS, LocalFunction> = {
    ParseEventFunctionArn: (payload) => parseEvent({ settings, log }, payload),
    CleanUpOrphanFunctionArn: (payload) =>
      cleanUpOrphan(
        {
          settings,
          clients,
          log,
          hub: backend.hubScope('cleanUpOrphan'),
          organizationView: backend.organizationView,
          stateBucket: backend.stateBucket,
          compliance: backend.compliance,
          clock: backend.clock,
        },
        payload,
      ),
    ProvisionMfaFunctionArn: (payload) =>
      provisionMfa(
        {
          settings,
          clients,
          log,
          metrics,
          hub: backend.hubScope('provisionMfa'),
          organizationView: backend.organizationView,
          provisioning: backend.provisioning,
          stateBucket: backend.stateBucket,
          compliance: backend.compliance,
          clock: backend.clock,
          sleep: backend.sleep,
        },
        payload,
      ),
    EvaluateUserFunctionArn: (payload) =>
      evaluateUserStep(
        {
          settings,
          clients,
          log,
          hub: backend.hubScope('evaluateUser'),
          organizationView: backend.organizationView,
          stateBucket: backend.stateBucket,
          compliance: backend.compliance,
          region: backend.region,
          clock: backend.clock,
        },
        payload,
      ),
  };
  const functions = Object.fromEntries(
    Object.entries(handlers).map(([key, fn]) => {
      const throttled = options.throttledInvocations?.[key as keyof typeof HUB_FUNCTIONS] ?? 0;
      return [substitutions[key as keyof typeof substitutions], throttledFirst(fn, throttled)];
    }),
  );
  const firstCall = backend.recorder.calls.length;
  const execution = await runWorkflow(definition, event, {
    functions,
    clock: { now: backend.clock, sleep: backend.sleep },
    ...(options.invokeOverheadMs === undefined ? {} : { invokeOverheadMs: options.invokeOverheadMs }),
  });
  // The membership check re-reads the organization view without waiting for it: its calls belong to
  // this event all the same.
  await backend.organizationView.settled();
  const output = (execution.output ?? {}) as {
    outcome?: string;
    reason?: string | null;
    actions?: WorkflowAction[];
  };
  const report: EventRunReport = {
    status: execution.status,
    ...(execution.status === 'FAILED' ? { error: `${execution.error}: ${execution.cause}` } : {}),
    ...(output.outcome === undefined ? {} : { outcome: output.outcome }),
    ...(typeof output.reason === 'string' ? { reason: output.reason } : {}),
    actions: output.actions ?? [],
    stateTransitions: execution.stateTransitions,
    apiCalls: backend.recorder.summarySince(firstCall),
  };
  return { report, execution, log, metrics };
}
