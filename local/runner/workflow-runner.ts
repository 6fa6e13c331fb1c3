import { randomUUID } from 'node:crypto';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { emulateDistributedMaps, type EmulatedDefinition, type ObjectStore } from './distributed-map';
import {
  fillRetryCount,
  markRetryCount,
  readsRetryCount,
  RetryCounter,
  type Retrier,
} from './state-retry-count';
import { emulateWaits, type RunClock } from './waits';

const NO_OBJECT_STORE: ObjectStore = {
  get: () => Promise.reject(new Error('this run has no object store for Distributed Map items')),
  put: () => Promise.reject(new Error('this run has no object store for Distributed Map results')),
};

// The package does not export these two of its types; derive them from its API.
type JSONValue = Parameters<StateMachine['run']>[0];
/** One entry of an execution's history. */
export type EventLog =
  ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** A Lambda function of the hub, run in-process: receives the payload, returns the result. */
export type LocalFunction = (payload: unknown) => Promise<unknown> | unknown;

/** The outcome of one local execution, shaped like Step Functions' DescribeExecution. */
export interface ExecutionResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  /** Billed state transitions: states entered plus retries, as Step Functions Standard bills them. */
  readonly stateTransitions: number;
  /**
   * Transitions inside Distributed Map child executions (EXPRESS: billed by requests and duration,
   * not by transition), counted apart.
   */
  readonly childStateTransitions: number;
  /**
   * Child executions the Distributed Maps started: each is billed one state transition in the parent
   * (as Step Functions bills a Distributed Map), on top of its own EXPRESS request and duration.
   */
  readonly mapChildren: number;
  /** The execution history (the runner's event log). */
  readonly history: readonly EventLog[];
}

export interface RunOptions {
  /** Lambda functions by ARN, as the definition's substitutions name them. */
  readonly functions: Readonly<Record<string, LocalFunction>>;
  /** Milliseconds a Lambda invocation adds on top of its handler (the latency model); 0 by default. */
  readonly invokeOverheadMs?: number;
  /** Milliseconds to wait before each `Retry` attempt, instead of the definition's interval. */
  readonly retryDelayMs?: number;
  /** Where Distributed Maps read items and write results; required when the definition has one. */
  readonly objectStore?: ObjectStore;
  /** The execution's name (`$$.Execution.Name`); a random one by default. */
  readonly executionName?: string;
  /** The clock Wait states wait on (the simulation's VirtualClock); real time by default. */
  readonly clock?: RunClock;
}

const REAL_TIME: RunClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

type Definition = ConstructorParameters<typeof StateMachine>[0];
type State = Definition['States'][string];

const LAMBDA_INVOKE = /^arn:[\w-]+:states:::lambda:invoke$/;

/**
 * Definitions the package has already validated. Its validation (asl-validator) takes about 100 ms, far
 * more than a run; it is deterministic, so each distinct definition is validated once per process.
 */
const VALIDATED = new Set<string>();

function stateMachineOf(definition: Definition): StateMachine {
  const text = JSON.stringify(definition);
  const validationOptions = VALIDATED.has(text) ? { noValidate: true } : { checkArn: false };
  const machine = new StateMachine(definition, { validationOptions });
  VALIDATED.add(text);
  return machine;
}

/** Every Task and retrying state of a definition, nested Parallel branches and Map processors included. */
function* statesOf(definition: Pick<Definition, 'States'>): Generator<[string, State]> {
  for (const [name, state] of Object.entries(definition.States)) {
    yield [name, state];
    if (state.Type === 'Parallel') for (const branch of state.Branches) yield* statesOf(branch);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor !== undefined) yield* statesOf(processor);
    }
  }
}

/**
 * The definition with `$$.State.RetryCount` supplied to its top-level Task states (see
 * state-retry-count.ts), and a counter per such state. Inside a Map or Parallel, where one state runs
 * many times at once, the runner cannot tell the runs apart: it refuses rather than miscount.
 */
function supplyRetryCounts(definition: EmulatedDefinition['definition']): {
  definition: EmulatedDefinition['definition'];
  counters: Map<string, RetryCounter>;
} {
  const counters = new Map<string, RetryCounter>();
  const states: Record<string, Record<string, unknown>> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (!readsRetryCount(state)) {
      states[name] = state;
      continue;
    }
    if (state.Type !== 'Task') {
      throw new Error(`state ${name}: the local runner supplies $$.State.RetryCount to top-level Tasks only`);
    }
    const marked = markRetryCount(state.Parameters);
    if (!marked.marked) {
      throw new Error(`state ${name}: the local runner supplies $$.State.RetryCount in Parameters only`);
    }
    counters.set(name, new RetryCounter((state.Retry ?? []) as Retrier[]));
    states[name] = { ...state, Parameters: marked.parameters };
  }
  return { definition: { ...definition, States: states }, counters };
}

/** Lambda's JSON boundary: what a function returns reaches the state machine as parsed JSON. */
function overTheWire(value: unknown): JSONValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JSONValue;
}

/**
 * Runs an ASL definition locally with aws-local-stepfunctions. `lambda:invoke` tasks call the given
 * in-process functions and return Step Functions' invoke result (`{ Payload, StatusCode }`); a thrown
 * error keeps its `name`, which is what Lambda reports as the error type for `Retry` and `Catch`.
 */
export async function runWorkflow(
  original: unknown,
  input: unknown,
  options: RunOptions,
): Promise<ExecutionResult> {
  const waits = emulateWaits(original as EmulatedDefinition['definition'], options.clock ?? REAL_TIME);
  const { definition: withRetryCounts, counters } = supplyRetryCounts(waits.definition);
  const emulated = emulateDistributedMaps(withRetryCounts, options.objectStore ?? NO_OBJECT_STORE);
  const definition = emulated.definition as unknown as Definition;
  const machine = stateMachineOf(definition);
  const taskHandlers: Record<string, (input: JSONValue) => Promise<JSONValue>> = {};
  for (const [name, handler] of Object.entries({ ...waits.handlers, ...emulated.handlers })) {
    taskHandlers[name] = async (taskInput) => overTheWire(await handler(taskInput));
  }
  const retryIntervalOverrides: Record<string, number> = {};
  for (const [name, state] of statesOf(definition)) {
    if ('Retry' in state && state.Retry !== undefined)
      retryIntervalOverrides[name] = options.retryDelayMs ?? 0;
    if (state.Type !== 'Task' || name in taskHandlers) continue;
    if (!LAMBDA_INVOKE.test(state.Resource)) {
      throw new Error(`state ${name}: the local runner does not run ${state.Resource}`);
    }
    const counter = counters.get(name);
    taskHandlers[name] = async (rawInput) => {
      const retryCount = counter?.next();
      const taskInput = retryCount === undefined ? rawInput : fillRetryCount(rawInput, retryCount);
      const { FunctionName, Payload } = taskInput as { FunctionName: string; Payload: unknown };
      const fn = options.functions[FunctionName];
      if (fn === undefined) throw new Error(`state ${name}: no local function ${FunctionName}`);
      if (options.invokeOverheadMs) await new Promise((r) => setTimeout(r, options.invokeOverheadMs));
      try {
        const result = await fn(overTheWire(Payload));
        counter?.ended(undefined);
        return { StatusCode: 200, ExecutedVersion: '$LATEST', Payload: overTheWire(result) };
      } catch (error) {
        counter?.ended(error instanceof Error ? error.name : 'Error');
        throw error;
      }
    };
  }

  const execution = machine.run(overTheWire(input), {
    overrides: { taskResourceLocalHandlers: taskHandlers, retryIntervalOverrides },
    context: {
      Execution: {
        Name: options.executionName ?? randomUUID(),
        StartTime: new Date().toISOString(),
        Input: overTheWire(input),
      },
    },
  });
  const history: EventLog[] = [];
  const drained = (async () => {
    for await (const event of execution.eventLogs) history.push(event);
  })();
  let outcome: Pick<ExecutionResult, 'status' | 'output' | 'error' | 'cause'>;
  try {
    outcome = { status: 'SUCCEEDED', output: await execution.result };
    await drained;
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    await drained;
    const failure = history.find((e) => e.type === 'ExecutionFailed');
    outcome = {
      status: 'FAILED',
      error: failure && 'Error' in failure ? String(failure.Error) : error.name,
      cause: failure && 'Cause' in failure ? String(failure.Cause) : error.message,
    };
  }
  const billed = history.filter(
    (e) =>
      (e.type === 'StateEntered' || e.type === 'StateRetried') && !emulated.syntheticStates.has(e.state.name),
  );
  const child = billed.filter((e) => 'state' in e && emulated.childStates.has(e.state.name)).length;
  return {
    ...outcome,
    stateTransitions: billed.length - child,
    childStateTransitions: child,
    mapChildren: emulated.children(),
    history,
  };
}
