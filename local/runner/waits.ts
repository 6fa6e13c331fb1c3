import { parseTimestamp } from '../../functions/core/compliance/time';

/** The time a local run sees, and how it waits: the simulation's VirtualClock moves instead of sleeping. */
export interface RunClock {
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

type Json = Record<string, unknown>;

/** The reserved resource of a Wait state rewritten for the local run. */
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::orgmfa-local:wait';

/** The value at a plain `$.a.b` path of `input` (the only JSONPath orgmfa's Wait states use). */
function valueAt(input: unknown, path: string, state: string): unknown {
  if (!/^\$(\.[A-Za-z_][\w-]*)+$/.test(path)) {
    throw new Error(`state ${state}: the local runner reads only $.a.b paths in a Wait, not ${path}`);
  }
  let value = input;
  for (const key of path.slice(2).split('.')) {
    value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
  }
  return value;
}

/** When a Wait state ends, in epoch milliseconds, from whichever of its four fields it has. */
function endOf(state: Json, input: unknown, name: string, now: number): number {
  const seconds =
    state.SecondsPath === undefined ? state.Seconds : valueAt(input, String(state.SecondsPath), name);
  if (seconds !== undefined) {
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw Object.assign(new Error(`state ${name}: ${JSON.stringify(seconds)} is not a number of seconds`), {
        name: 'States.Runtime',
      });
    }
    return now + seconds * 1000;
  }
  const timestamp =
    state.TimestampPath === undefined ? state.Timestamp : valueAt(input, String(state.TimestampPath), name);
  const end = typeof timestamp === 'string' ? parseTimestamp(timestamp) : undefined;
  if (end === undefined) {
    throw Object.assign(
      new Error(`state ${name}: ${JSON.stringify(timestamp)} is not an RFC 3339 timestamp`),
      {
        name: 'States.Runtime',
      },
    );
  }
  return end;
}

/**
 * Rewrites each top-level Wait state for a local run, so that it waits on the run's clock. The package
 * can only skip a wait (`waitTimeOverrides`), not move the simulation's VirtualClock by it, and its
 * zero-length wait completes synchronously, before anything watching the execution history could move
 * the clock: so each Wait becomes a Task of the same name (entered once, as the Wait is, so billed
 * transitions do not change) whose handler sleeps on the run's clock until the Wait would end, and
 * passes its input on unchanged (`ResultPath: null`). InputPath and OutputPath are refused: the Task
 * would apply them differently from a Wait, and orgmfa's Wait states have none.
 */
export function emulateWaits(
  definition: { StartAt: string; States: Record<string, Json> } & Json,
  clock: RunClock,
): {
  readonly definition: { StartAt: string; States: Record<string, Json> } & Json;
  readonly handlers: Readonly<Record<string, (input: unknown) => Promise<unknown>>>;
} {
  const states: Record<string, Json> = {};
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Wait') {
      states[name] = state;
      continue;
    }
    if (state.InputPath !== undefined || state.OutputPath !== undefined) {
      throw new Error(`state ${name}: the local runner does not emulate a Wait with InputPath or OutputPath`);
    }
    states[name] = {
      Type: 'Task',
      Resource: LOCAL_WAIT_RESOURCE,
      ResultPath: null,
      ...(state.Comment === undefined ? {} : { Comment: state.Comment }),
      ...(state.End === true ? { End: true } : { Next: state.Next }),
    };
    handlers[name] = async (input) => {
      const now = clock.now().getTime();
      await clock.sleep(Math.max(0, endOf(state, input, name, now) - now));
      return null;
    };
  }
  return { definition: { ...definition, States: states }, handlers };
}
