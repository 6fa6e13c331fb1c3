/**
 * `$$.State.RetryCount` for the local runner. Step Functions' context object gives a state the number
 * of retries it is on; aws-local-stepfunctions 3.0.0 has no `State` in its context (the path fails with
 * "does not point to a value"). The runner therefore rewrites, at load time, each Task parameter that
 * reads `$$.State.RetryCount` into a marker, and fills the marker in on every invocation with the count
 * Step Functions would give: the retries of this entry into the state, decided by the state's own
 * `Retry` rules exactly as the interpreter applies them (first retrier whose `ErrorEquals` names the
 * error, `States.ALL`, or `States.TaskFailed`, while its `MaxAttempts` last).
 */

const RETRY_COUNT_PATH = '$$.State.RetryCount';
const MARKER = '__orgmfaLocalStateRetryCount';

type Json = Record<string, unknown>;

/** A Retry rule as the ASL writes it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}

/** Step Functions' default MaxAttempts. */
const DEFAULT_MAX_ATTEMPTS = 3;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Parameters` with each `"k.$": "$$.State.RetryCount"` turned into `"k": MARKER`, and whether any was. */
export function markRetryCount(parameters: unknown): {
  readonly parameters: unknown;
  readonly marked: boolean;
} {
  if (!isRecord(parameters)) return { parameters, marked: false };
  let marked = false;
  const out: Json = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (key.endsWith('.$') && value === RETRY_COUNT_PATH) {
      out[key.slice(0, -2)] = MARKER;
      marked = true;
      continue;
    }
    const inner = markRetryCount(value);
    out[key] = inner.parameters;
    marked ||= inner.marked;
  }
  return { parameters: out, marked };
}

/** Whether a state's definition reads `$$.State.RetryCount` anywhere. */
export function readsRetryCount(state: unknown): boolean {
  return JSON.stringify(state).includes(`"${RETRY_COUNT_PATH}"`);
}

/** `input` with every marker replaced by `count`. */
export function fillRetryCount(input: unknown, count: number): unknown {
  if (input === MARKER) return count;
  if (Array.isArray(input)) return input.map((item) => fillRetryCount(item, count));
  if (!isRecord(input)) return input;
  return Object.fromEntries(Object.entries(input).map(([key, value]) => [key, fillRetryCount(value, count)]));
}

/**
 * Counts one top-level Task state's retries across its invocations. An invocation after a failure the
 * state's Retry rules retry is retry n+1; any other invocation (the first, or after a success or a
 * caught failure) is a new entry into the state, retry 0.
 */
export class RetryCounter {
  private used: number[];
  private count = 0;
  private lastError: string | undefined;

  constructor(private readonly retriers: readonly Retrier[]) {
    this.used = retriers.map(() => 0);
  }

  /** The RetryCount of the invocation about to run. */
  next(): number {
    const error = this.lastError;
    this.lastError = undefined;
    const index =
      error === undefined
        ? -1
        : this.retriers.findIndex((r) =>
            r.ErrorEquals.some(
              (e) =>
                e === error ||
                e === 'States.ALL' ||
                (e === 'States.TaskFailed' && error !== 'States.Timeout'),
            ),
          );
    const retrier = this.retriers[index];
    if (retrier !== undefined && this.used[index]! < (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
      this.used[index]!++;
      return ++this.count;
    }
    this.used = this.retriers.map(() => 0);
    this.count = 0;
    return 0;
  }

  /** Records how the invocation ended: the error's name, or undefined for a success. */
  ended(errorName: string | undefined): void {
    this.lastError = errorName;
  }
}
