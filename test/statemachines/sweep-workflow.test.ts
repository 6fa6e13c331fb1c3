import aslValidator from 'asl-validator';
import { SWEEP_FUNCTIONS } from '../../functions/core/naming';
import { placeholdersOf } from '../../functions/core/workflow-integrations';
import { readDefinitionText, substitute } from '../../local/runner/definition';

type State = {
  Type: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  ItemProcessor?: {
    ProcessorConfig?: { Mode?: string; ExecutionType?: string };
    States: Record<string, State>;
  };
  ItemReader?: { Resource: string };
  ResultWriter?: { Resource: string };
  ToleratedFailurePercentage?: number;
};

const text = readDefinitionText('sweep-workflow');
const substitutions = {
  LambdaInvoke: 'arn:aws:states:::lambda:invoke',
  S3GetObject: 'arn:aws:states:::s3:getObject',
  S3PutObject: 'arn:aws:states:::s3:putObject',
  ...Object.fromEntries(
    Object.entries(SWEEP_FUNCTIONS).map(([key, name]) => [
      key,
      `arn:aws:lambda:us-east-1:111111111111:function:${name}`,
    ]),
  ),
};
const definition = substitute(text, substitutions) as { States: Record<string, State> };
const map = definition.States.SweepAccounts!;

describe('sweep workflow definition (statemachines/sweep-workflow.asl.json)', () => {
  test('is valid Amazon States Language once substituted, in JSONPath', () => {
    // asl-validator fills in defaults in place: give it a copy.
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(JSON.parse(text).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect([...placeholdersOf(text)].sort()).toEqual(Object.keys(substitutions).sort());
  });

  test('the account list and the results go through S3: a Distributed Map with ItemReader and ResultWriter', () => {
    expect(map.ItemReader?.Resource).toBe('arn:aws:states:::s3:getObject');
    expect(map.ResultWriter?.Resource).toBe('arn:aws:states:::s3:putObject');
    expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    // One account's failure never stops the others.
    expect(map.ToleratedFailurePercentage).toBe(100);
  });

  test('every Task retries throttling and Lambda service errors and catches the rest', () => {
    const tasks = [...Object.values(definition.States), ...Object.values(map.ItemProcessor!.States)].filter(
      (s) => s.Type === 'Task',
    );
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      const retried = task.Retry?.flatMap((r) => r.ErrorEquals) ?? [];
      expect(retried).toEqual(
        expect.arrayContaining(['Throttled', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
      );
      expect(task.Catch?.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
    }
    expect(map.ItemProcessor!.States.SweepAccount!.Retry![0]!.ErrorEquals).toEqual([
      'Throttled',
      'RecordConflict',
    ]);
  });
});
