import aslValidator from 'asl-validator';
import { DEFAULT_COMPLIANCE } from '../../functions/core/config';
import { SWEEP_FUNCTIONS } from '../../functions/core/naming';
import { sweepPlan } from '../../functions/core/sweep-plan';
import { placeholdersOf } from '../../functions/core/workflow-integrations';
import { readDefinitionText, substitute } from '../../local/runner/definition';

type State = {
  Type: string;
  Label?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string | null }[];
  ItemProcessor?: {
    ProcessorConfig?: { Mode?: string; ExecutionType?: string };
    StartAt: string;
    States: Record<string, State>;
  };
  ItemReader?: { Resource: string; Parameters: Record<string, string> };
  ItemBatcher?: { MaxItemsPerBatchPath?: string; BatchInput?: Record<string, string> };
  ItemSelector?: unknown;
  MaxConcurrencyPath?: string;
  ResultWriter?: { Resource: string };
  ResultSelector?: Record<string, string>;
  ResultPath?: string | null;
  ToleratedFailurePercentage?: number;
  Choices?: { Variable: string; BooleanEquals?: boolean; Next: string }[];
  Default?: string;
  Next?: string;
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
const definition = substitute(text, substitutions) as { StartAt: string; States: Record<string, State> };
const reports = definition.States.StartCredentialReports!;
const sweep = definition.States.SweepAccounts!;
const maps = [reports, sweep];

describe('sweep workflow definition (statemachines/sweep-workflow.asl.json)', () => {
  test('is valid Amazon States Language once substituted, in JSONPath', () => {
    // asl-validator fills in defaults in place: give it a copy.
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errors).toEqual([]);
    expect(JSON.parse(text).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect([...placeholdersOf(text)].sort()).toEqual(Object.keys(substitutions).sort());
  });

  test('ListAccounts loops until its listing is done, then the first pass starts', () => {
    expect(definition.StartAt).toBe('ListAccounts');
    expect(definition.States.ListAccounts!.Next).toBe('AccountsListed');
    expect(definition.States.AccountsListed).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.sweep.done', BooleanEquals: true, Next: 'StartCredentialReports' }],
      Default: 'ListAccounts',
    });
    expect(reports.Next).toBe('SweepAccounts');
    expect(sweep.Next).toBe('SummarizeSweep');
  });

  test('both passes are Distributed Maps over the same account list in S3, with EXPRESS children', () => {
    for (const map of maps) {
      expect(map.ItemReader).toEqual(sweep.ItemReader);
      expect(map.ItemReader?.Resource).toBe('arn:aws:states:::s3:getObject');
      expect(map.ItemReader?.Parameters).toEqual({
        'Bucket.$': '$.sweep.bucket',
        'Key.$': '$.sweep.accountsKey',
      });
      expect(map.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
      // One account's failure never stops the others.
      expect(map.ToleratedFailurePercentage).toBe(100);
    }
    // The sweep's results go to S3, never through state; the first pass's are discarded.
    expect(sweep.ResultWriter?.Resource).toBe('arn:aws:states:::s3:putObject');
    expect(reports.ResultWriter).toBeUndefined();
    expect(reports.ResultPath).toBeNull();
    // Labels, so `orgmfa sweep status` tells the Map Runs apart.
    expect(maps.map((m) => m.Label)).toEqual(['StartCredentialReports', 'SweepAccounts']);
  });

  test('both Maps batch the accounts in the same batches, with the concurrency ListAccounts took from the configuration', () => {
    for (const [map, phase] of [
      [reports, 'reports'],
      [sweep, 'sweep'],
    ] as const) {
      expect(map.ItemBatcher).toEqual({
        MaxItemsPerBatchPath: '$.sweep.batchSize',
        BatchInput: { 'sweepId.$': '$.sweep.sweepId', phase },
      });
      // ItemBatcher passes the items whole: an ItemSelector would reshape each (and the runner refuses it).
      expect(map.ItemSelector).toBeUndefined();
    }
    expect(sweep.MaxConcurrencyPath).toBe('$.sweep.concurrency');
    expect(reports.MaxConcurrencyPath).toBe('$.sweep.reportsConcurrency');
    // What ListAccounts hands on is exactly what those paths read.
    expect(definition.States.ListAccounts!.ResultSelector).toMatchObject({
      'concurrency.$': '$.Payload.concurrency',
      'reportsConcurrency.$': '$.Payload.reportsConcurrency',
      'batchSize.$': '$.Payload.batchSize',
    });
    // And it comes from the configuration, the first pass sized by the STS budget.
    expect(sweepPlan(DEFAULT_COMPLIANCE)).toEqual({
      reports: { concurrency: 15, batchSize: 25, assumeRolesPerSecond: 20 },
      sweep: { concurrency: 100, batchSize: 25, assumeRolesPerSecond: 3 },
    });
  });

  test('every Task retries throttling and Lambda service errors and catches the rest', () => {
    const tasks = [
      ...Object.values(definition.States),
      ...maps.flatMap((m) => Object.values(m.ItemProcessor!.States)),
    ].filter((s) => s.Type === 'Task');
    expect(tasks).toHaveLength(4);
    for (const task of tasks) {
      const retried = task.Retry?.flatMap((r) => r.ErrorEquals) ?? [];
      expect(retried).toEqual(
        expect.arrayContaining(['Throttled', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
      );
      expect(task.Catch?.at(-1)?.ErrorEquals).toEqual(['States.ALL']);
    }
  });

  test("a batch whose Lambda fails after its retries becomes one FAILED result per account, and the first pass's failures never fail the sweep", () => {
    const child = sweep.ItemProcessor!;
    expect(child.States.SweepAccount!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'BatchFailed' },
    ]);
    expect(child.States.BatchFailed).toMatchObject({
      Type: 'Pass',
      Parameters: {
        batchFailed: {
          'accountIds.$': '$.Items[*].accountId',
          'reason.$': "States.Format('{}: {}', $.error.Error, $.error.Cause)",
        },
      },
    });
    expect(reports.ItemProcessor!.States.StartReports!.Catch![0]!.Next).toBe('ReportsNotRequested');
    expect(reports.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'SweepAccounts' }]);
  });
});
