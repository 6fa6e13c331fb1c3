import type { ObjectStore } from '../../local/runner/distributed-map';
import { runWorkflow } from '../../local/runner/workflow-runner';

const FN = 'arn:aws:lambda:us-east-1:111111111111:function:child';

/** An in-memory S3 for the Distributed Map's item list and results. */
function store(items: unknown[]): ObjectStore & { objects: Map<string, string> } {
  const objects = new Map<string, string>([['b/items.json', JSON.stringify(items)]]);
  return {
    objects,
    get: async (bucket, key) => objects.get(`${bucket}/${key}`)!,
    put: async (bucket, key, body) => void objects.set(`${bucket}/${key}`, body),
  };
}

/** A workflow of one Distributed Map over `b/items.json`, batched by `batcher`, its child a Lambda. */
function definition(batcher: Record<string, unknown> | undefined, resultWriter: boolean) {
  return {
    StartAt: 'Map',
    States: {
      Map: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: 'b', Key: 'items.json' },
        },
        ...(batcher === undefined ? {} : { ItemBatcher: batcher }),
        MaxConcurrency: 2,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'Child',
          States: {
            Child: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: FN, 'Payload.$': '$' },
              OutputPath: '$.Payload',
              TimeoutSeconds: 10,
              End: true,
            },
          },
        },
        ...(resultWriter
          ? {
              ResultWriter: {
                Resource: 'arn:aws:states:::s3:putObject',
                Parameters: { Bucket: 'b', Prefix: 'results' },
              },
            }
          : {}),
        ResultPath: '$.results',
        End: true,
      },
    },
  };
}

describe('the local Distributed Map with an ItemBatcher, as Step Functions batches', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ accountId: String(i) }));

  test('GIVEN MaxItemsPerBatchPath and a BatchInput with a path THEN each child gets { Items, BatchInput } of consecutive items', async () => {
    const inputs: unknown[] = [];
    const result = await runWorkflow(
      definition({ MaxItemsPerBatchPath: '$.size', BatchInput: { 'id.$': '$.id', phase: 'p' } }, false),
      { size: 3, id: 'sweep-1' },
      {
        functions: {
          [FN]: (payload) => (inputs.push(payload), { n: (payload as { Items: unknown[] }).Items.length }),
        },
        objectStore: store(items),
      },
    );

    expect(result.status).toBe('SUCCEEDED');
    expect(inputs).toEqual([
      { Items: items.slice(0, 3), BatchInput: { id: 'sweep-1', phase: 'p' } },
      { Items: items.slice(3, 6), BatchInput: { id: 'sweep-1', phase: 'p' } },
      { Items: items.slice(6), BatchInput: { id: 'sweep-1', phase: 'p' } },
    ]);
    // Without a ResultWriter the children's outputs come back into state.
    expect(result.output).toMatchObject({ results: [{ n: 3 }, { n: 3 }, { n: 1 }] });
    expect(result.mapChildren).toBe(3);
  });

  test('GIVEN MaxInputBytesPerBatch THEN a batch never exceeds it', async () => {
    const sizes: number[] = [];
    await runWorkflow(
      definition({ MaxItemsPerBatch: 100, MaxInputBytesPerBatch: 60 }, false),
      {},
      {
        functions: { [FN]: (payload) => (sizes.push(Buffer.byteLength(JSON.stringify(payload))), {}) },
        objectStore: store(items),
      },
    );
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(60);
  });

  test('GIVEN a ResultWriter THEN each batch is one entry of the results file, its Input the batch', async () => {
    const objects = store(items);
    const result = await runWorkflow(
      definition({ MaxItemsPerBatch: 4 }, true),
      {},
      { functions: { [FN]: () => ({ ok: true }) }, objectStore: objects },
    );

    const manifestKey = (result.output as { results: { ResultWriterDetails: { Key: string } } }).results
      .ResultWriterDetails.Key;
    const manifest = JSON.parse(objects.objects.get(`b/${manifestKey}`)!);
    const entries = JSON.parse(objects.objects.get(`b/${manifest.ResultFiles.SUCCEEDED[0].Key}`)!);
    expect(entries.map((e: { Input: string }) => JSON.parse(e.Input).Items.length)).toEqual([4, 3]);
  });

  test('an ItemSelector beside an ItemBatcher is refused rather than emulated wrongly', async () => {
    const withSelector = definition({ MaxItemsPerBatch: 2 }, false);
    (withSelector.States.Map as Record<string, unknown>).ItemSelector = { 'x.$': '$$.Map.Item.Value' };
    await expect(
      runWorkflow(withSelector, {}, { functions: { [FN]: () => ({}) }, objectStore: store(items) }),
    ).rejects.toThrow('the local runner does not emulate an ItemSelector with an ItemBatcher');
  });
});
