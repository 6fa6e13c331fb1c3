import { runWorkflow } from '../../local/runner/workflow-runner';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:probe';

/** A one-Task workflow whose payload carries $$.State.RetryCount, retried on `Flaky` up to `max` times. */
function definition(max: number, extra: Record<string, unknown> = {}) {
  return {
    StartAt: 'Probe',
    States: {
      Probe: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: FN, Payload: { 'retryCount.$': '$$.State.RetryCount', fixed: 1 } },
        Retry: [
          { ErrorEquals: ['Other'], MaxAttempts: 5 },
          { ErrorEquals: ['Flaky'], MaxAttempts: max },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Fail', Error: 'GaveUp' },
      ...extra,
    },
  };
}

/** A function that fails with `Flaky` for its first `failures` calls and records each payload. */
function flaky(failures: number) {
  const payloads: unknown[] = [];
  const fn = (payload: unknown) => {
    payloads.push(payload);
    if (payloads.length <= failures) throw Object.assign(new Error('again'), { name: 'Flaky' });
    return { ok: true };
  };
  return { payloads, fn };
}

describe('the local runner supplies $$.State.RetryCount (aws-local-stepfunctions does not)', () => {
  test('each retry of a Task sees its retry count, as Step Functions gives it', async () => {
    const { payloads, fn } = flaky(2);

    const result = await runWorkflow(definition(4), {}, { functions: { [FN]: fn } });

    expect(result.status).toBe('SUCCEEDED');
    expect(payloads).toEqual([
      { retryCount: 0, fixed: 1 },
      { retryCount: 1, fixed: 1 },
      { retryCount: 2, fixed: 1 },
    ]);
    // The interpreter's own history agrees: two retries.
    expect(result.history.filter((e) => e.type === 'StateRetried')).toHaveLength(2);
  });

  test('the last retry the Retry rule allows carries MaxAttempts; after it the error is caught', async () => {
    const { payloads, fn } = flaky(10);

    const result = await runWorkflow(definition(3), {}, { functions: { [FN]: fn } });

    expect(result).toMatchObject({ status: 'FAILED', error: 'GaveUp' });
    expect(payloads.map((p) => (p as { retryCount: number }).retryCount)).toEqual([0, 1, 2, 3]);
  });

  test('a state entered again (here through its Catch) starts again at 0', async () => {
    const { payloads, fn } = flaky(3);
    const { Failed: _unused, ...states } = definition(1).States;
    const looping = {
      StartAt: 'Probe',
      States: {
        ...states,
        Probe: {
          ...states.Probe,
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Probe' }],
        },
      },
    };

    const result = await runWorkflow(looping, {}, { functions: { [FN]: fn } });

    expect(result.status).toBe('SUCCEEDED');
    expect(payloads.map((p) => (p as { retryCount: number }).retryCount)).toEqual([0, 1, 0, 1]);
  });

  test('inside a Map, where one state runs many times at once, the runner refuses rather than miscount', async () => {
    const inMap = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: { StartAt: 'Probe', States: { Probe: definition(1).States.Probe } },
          End: true,
        },
      },
    };
    inMap.States.Each.ItemProcessor.States.Probe = {
      ...definition(1).States.Probe,
      Catch: undefined,
    } as never;

    await expect(runWorkflow(inMap, { items: [1] }, { functions: {} })).rejects.toThrow(
      'state Each: the local runner supplies $$.State.RetryCount to top-level Tasks only',
    );
  });
});
