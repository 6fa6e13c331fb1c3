import aslValidator from 'asl-validator';
import { HUB_FUNCTIONS } from '../../functions/core/naming';
import { placeholdersOf } from '../../functions/core/workflow-integrations';
import { readDefinitionText, substitute } from '../../local/runner/definition';

type State = {
  Type: string;
  Resource?: string;
  TimestampPath?: string;
  ResultPath?: string | null;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; [field: string]: unknown }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Next?: string;
  Default?: string;
  Choices?: { Next: string }[];
  End?: boolean;
};

const text = readDefinitionText('event-workflow');
const substitutions = {
  LambdaInvoke: 'arn:aws:states:::lambda:invoke',
  ...Object.fromEntries(
    Object.entries(HUB_FUNCTIONS).map(([key, name]) => [
      key,
      `arn:aws:lambda:us-east-1:111111111111:function:${name}`,
    ]),
  ),
};
const definition = substitute(text, substitutions) as { StartAt: string; States: Record<string, State> };

describe('event workflow definition (statemachines/event-workflow.asl.json)', () => {
  test('is valid Amazon States Language once substituted', () => {
    // asl-validator fills in defaults in place: give it a copy.
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  test('uses JSONPath, not JSONata (the local interpreter cannot run JSONata)', () => {
    expect(JSON.parse(text).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    for (const state of Object.values(definition.States)) expect(state).not.toHaveProperty('QueryLanguage');
  });

  test('every placeholder has a substitution and every substitution a placeholder', () => {
    expect([...placeholdersOf(text)].sort()).toEqual(Object.keys(substitutions).sort());
    expect(() => substitute(text, { ...substitutions, Extra: 'x' })).toThrow('unused [Extra]');
    const { LambdaInvoke: _omitted, ...missing } = substitutions;
    expect(() => substitute(text, missing)).toThrow('missing [LambdaInvoke]');
  });

  test('every Task retries throttling and Lambda service errors, and catches everything else', () => {
    const tasks = Object.entries(definition.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(0);
    for (const [, task] of tasks) {
      const retried = task.Retry?.flatMap((r) => r.ErrorEquals) ?? [];
      expect(retried).toEqual(
        expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
      );
      expect(task.Catch?.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
    }
    expect(definition.States.CleanUpOrphan?.Retry?.[0]?.ErrorEquals).toEqual(['Throttled', 'RecordConflict']);
  });

  test('every Lambda task waits out Lambda throttling (reserved concurrency) with one and the same retrier, longer than other errors', () => {
    const lambdaTasks = Object.entries(definition.States).filter(
      ([, s]) => s.Type === 'Task' && s.Resource === substitutions.LambdaInvoke,
    );
    expect(lambdaTasks.map(([name]) => name).sort()).toEqual([
      'CleanUpOrphan',
      'EvaluateUser',
      'ParseEvent',
      'ProvisionMfa',
      'RecordDeviceChange',
    ]);
    for (const [name, task] of lambdaTasks) {
      const throttled = task.Retry?.filter((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'));
      // About 2.5 minutes of backoff in all (1, 2, 4, 8, 16, then 20 s, jittered): a burst of
      // CreateUser from Terraform or SCIM queues behind the reserved concurrency instead of failing.
      expect({ name, throttled }).toEqual({
        name,
        throttled: [
          {
            ErrorEquals: ['Lambda.TooManyRequestsException'],
            IntervalSeconds: 1,
            MaxAttempts: 8,
            BackoffRate: 2,
            MaxDelaySeconds: 20,
            JitterStrategy: 'FULL',
          },
        ],
      });
    }
  });

  test('a decision to wait loops: DecideAgainLater → WaitForEnrolmentWindow (until the recorded time) → CleanUpOrphan', () => {
    expect(definition.States.CleanUpOrphan?.Next).toBe('DecideAgainLater');
    expect(definition.States.DecideAgainLater).toMatchObject({
      Type: 'Choice',
      Choices: [{ Not: { Variable: '$.device', IsNull: true }, Next: 'WaitForEnrolmentWindow' }],
      Default: 'DeviceEventHandled',
    });
    expect(definition.States.WaitForEnrolmentWindow).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.device.waitUntil',
      Next: 'CleanUpOrphan',
    });
  });

  test('a device in the way of a new user’s loops: ProvisionAgainLater → WaitForStaleDevice (until the time handed back) → ProvisionMfa', () => {
    expect(definition.States.ProvisionMfa?.Next).toBe('ProvisionAgainLater');
    expect(definition.States.ProvisionMfa).toMatchObject({
      ResultSelector: {
        'outcome.$': '$.Payload.outcome',
        'reason.$': '$.Payload.reason',
        'actions.$': '$.Payload.actions',
        'user.$': '$.Payload.recheck',
      },
    });
    expect(definition.States.ProvisionAgainLater).toMatchObject({
      Type: 'Choice',
      Choices: [{ Not: { Variable: '$.user', IsNull: true }, Next: 'WaitForStaleDevice' }],
      Default: 'ProvisioningHandled',
    });
    expect(definition.States.WaitForStaleDevice).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.user.waitUntil',
      Next: 'ProvisionMfa',
    });
    expect(definition.States.ProvisioningHandled).toMatchObject({ Type: 'Pass', End: true });
  });

  test('an enabled or deactivated device is recorded before the re-evaluation, which runs even if recording fails', () => {
    expect(definition.States.RecordDeviceChange).toMatchObject({
      Type: 'Task',
      ResultPath: null,
      Next: 'EvaluateUser',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'EvaluateUser' }],
    });
  });

  test('no Choice rule tests IsNull or IsPresent false: the local interpreter reads those as never true', () => {
    expect(text).not.toMatch(/"(IsNull|IsPresent)":\s*false/);
  });

  test('a missing member role ends in its own Fail state, distinct from other failures', () => {
    const catchers = definition.States.CleanUpOrphan?.Catch ?? [];
    expect(catchers[0]).toEqual({
      ErrorEquals: ['MemberRoleUnavailable'],
      ResultPath: '$.error',
      Next: 'MemberRoleUnavailable',
    });
    expect(definition.States.MemberRoleUnavailable?.Type).toBe('Fail');
  });

  test('ProvisionMfa knows its last try: its retry count, and the MaxAttempts of its Throttled retrier', () => {
    const provision = definition.States.ProvisionMfa as Omit<State, 'Retry'> & {
      Parameters: { Payload: Record<string, unknown> };
      Retry: { ErrorEquals: string[]; MaxAttempts: number }[];
    };
    const throttled = provision.Retry.find((r) => r.ErrorEquals.includes('Throttled'))!;
    expect(provision.Parameters.Payload).toEqual({
      'user.$': '$.user',
      'retryCount.$': '$$.State.RetryCount',
      throttledRetries: throttled.MaxAttempts,
      'execution.$': '$$.Execution.Name',
    });
    // Every final failure of provisioning is ProvisioningFailed (a missing member role included), the
    // function's own (timeout, out of memory, still refused) through a state that names it.
    expect(provision.Catch?.map((c) => [c.ErrorEquals, c.Next])).toEqual([
      [['ProvisioningFailed'], 'ProvisioningFailed'],
      [['States.ALL'], 'ProvisionMfaItselfFailed'],
    ]);
    expect(definition.States.ProvisionMfaItselfFailed).toMatchObject({
      Type: 'Pass',
      Parameters: { Error: 'ProvisioningFailed' },
      ResultPath: '$.error',
      Next: 'ProvisioningFailed',
    });
  });

  test('every state is reachable from StartAt and every transition names an existing state', () => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      const state = definition.States[name];
      expect(state).toBeDefined();
      seen.add(name);
      const next = [
        state!.Next,
        state!.Default,
        ...(state!.Choices ?? []).map((c) => c.Next),
        ...(state!.Catch ?? []).map((c) => c.Next),
      ];
      next.filter((n): n is string => n !== undefined).forEach(visit);
    };
    visit(definition.StartAt);
    expect([...seen].sort()).toEqual(Object.keys(definition.States).sort());
  });
});
