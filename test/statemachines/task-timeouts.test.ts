import { readDefinitionText, type WorkflowName } from '../../local/runner/definition';
import { FUNCTION_SIZES, TASK_TIMEOUT_MARGIN_SECONDS } from '../../infra/function-sizes';

type State = {
  Type: string;
  Parameters?: { FunctionName?: string };
  TimeoutSeconds?: number;
  HeartbeatSeconds?: number;
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { ProcessorConfig?: { ExecutionType?: string }; States: Record<string, State> };
};

/** Every Task of a definition, nested Map processors included, with whether it runs in an EXPRESS child. */
function tasksOf(
  states: Record<string, State>,
  express = false,
): { name: string; state: State; express: boolean }[] {
  return Object.entries(states).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [{ name, state, express }] : []),
    ...(state.ItemProcessor === undefined
      ? []
      : tasksOf(
          state.ItemProcessor.States,
          state.ItemProcessor.ProcessorConfig?.ExecutionType === 'EXPRESS',
        )),
    ...(state.Branches ?? []).flatMap((branch) => tasksOf(branch.States, express)),
  ]);
}

/** Step Functions' limit on an EXPRESS execution, a Distributed Map's child included. */
const EXPRESS_LIMIT_SECONDS = 300;

describe.each(['event-workflow', 'sweep-workflow'] as WorkflowName[])('%s: Task timeouts', (workflow) => {
  const tasks = tasksOf(
    (JSON.parse(readDefinitionText(workflow)) as { States: Record<string, State> }).States,
  );

  test('has Tasks to check', () => {
    expect(tasks.length).toBeGreaterThan(0);
  });

  test.each(tasks.map((t) => [t.name, t] as const))(
    '%s has an explicit TimeoutSeconds longer than its function may run, and within an EXPRESS child’s 5 minutes',
    (_name, { state, express }) => {
      // Step Functions' default is 99999999 s (a hung Task holds the execution for a year), and the local
      // interpreter's is 60 s (a long run fails there for nothing): neither is what the workflow means.
      expect(state.TimeoutSeconds).toEqual(expect.any(Number));
      const fn = /^\$\{(\w+)\}$/.exec(
        state.Parameters?.FunctionName ?? '',
      )?.[1] as keyof typeof FUNCTION_SIZES;
      expect(FUNCTION_SIZES[fn]).toBeDefined();
      expect(state.TimeoutSeconds!).toBeGreaterThanOrEqual(
        FUNCTION_SIZES[fn].timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS,
      );
      if (express) expect(state.TimeoutSeconds!).toBeLessThanOrEqual(EXPRESS_LIMIT_SECONDS);
      // Lambda invocations are request-response: no task token, so nothing could send a heartbeat.
      expect(state.HeartbeatSeconds).toBeUndefined();
    },
  );
});
