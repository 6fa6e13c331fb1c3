import { randomUUID } from 'node:crypto';

/** Where a Distributed Map reads its items and writes its results: S3, simulated or real. */
export interface ObjectStore {
  get(bucket: string, key: string): Promise<string>;
  put(bucket: string, key: string, body: string): Promise<void>;
}

type Json = Record<string, unknown>;
type States = Record<string, Json>;

/** The result of {@link emulateDistributedMaps}. */
export interface EmulatedDefinition {
  readonly definition: { StartAt: string; States: States } & Json;
  /** States the emulation added; they are not billed and not counted as transitions. */
  readonly syntheticStates: ReadonlySet<string>;
  /** States inside distributed item processors: child executions, billed on their own. */
  readonly childStates: ReadonlySet<string>;
  /** Handlers of the added states, by state name, for the runner's task overrides. */
  readonly handlers: Readonly<Record<string, (input: unknown) => Promise<unknown>>>;
  /** Child executions the Distributed Maps started so far (one per item, or per batch with an ItemBatcher). */
  readonly children: () => number;
}

const ITEMS = '$.__localDistributedMapItems';
const RESULTS = '$.__localDistributedMapResults';
const BATCHER = '__localItemBatcher';

/** ItemBatcher's limit on a batch's size when MaxInputBytesPerBatch is not given (and its maximum). */
export const MAX_INPUT_BYTES_PER_BATCH = 256 * 1024;

function isDistributed(state: Json): boolean {
  const processor = state.ItemProcessor as Json | undefined;
  const config = processor?.ProcessorConfig as Json | undefined;
  return state.Type === 'Map' && (state.ItemReader !== undefined || config?.Mode === 'DISTRIBUTED');
}

/** An ItemBatcher's fields as the read step's Parameters, so that the interpreter evaluates their paths. */
function batcherParameters(batcher: Json | undefined, state: string): Json {
  if (batcher === undefined) return {};
  const known = ['MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'BatchInput'];
  const unknown = Object.keys(batcher).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new Error(`state ${state}: the local runner does not emulate ItemBatcher.${unknown.join(', ')}`);
  const parameters: Json = {};
  if (batcher.MaxItemsPerBatchPath !== undefined)
    parameters['MaxItemsPerBatch.$'] = batcher.MaxItemsPerBatchPath;
  if (batcher.MaxItemsPerBatch !== undefined) parameters.MaxItemsPerBatch = batcher.MaxItemsPerBatch;
  if (batcher.MaxInputBytesPerBatch !== undefined)
    parameters.MaxInputBytesPerBatch = batcher.MaxInputBytesPerBatch;
  if (batcher.BatchInput !== undefined) parameters.BatchInput = batcher.BatchInput;
  return { [BATCHER]: parameters };
}

/**
 * Items grouped as ItemBatcher groups them: consecutive items, at most `MaxItemsPerBatch` each and at
 * most `MaxInputBytesPerBatch` of JSON (256 KiB by default), each batch `{ Items, BatchInput }`.
 */
function batches(items: readonly unknown[], batcher: Json): { Items: unknown[]; BatchInput?: unknown }[] {
  const maxItems = batcher.MaxItemsPerBatch;
  const maxBytes = batcher.MaxInputBytesPerBatch ?? MAX_INPUT_BYTES_PER_BATCH;
  if (maxItems !== undefined && (typeof maxItems !== 'number' || !Number.isInteger(maxItems) || maxItems < 1))
    throw Object.assign(new Error(`MaxItemsPerBatch ${JSON.stringify(maxItems)} is not a positive integer`), {
      name: 'States.Runtime',
    });
  const limit = (maxItems as number | undefined) ?? Number.POSITIVE_INFINITY;
  const extra = batcher.BatchInput === undefined ? {} : { BatchInput: batcher.BatchInput };
  const overhead = Buffer.byteLength(JSON.stringify({ Items: [], ...extra }));
  const grouped: { Items: unknown[]; BatchInput?: unknown }[] = [];
  let current: unknown[] = [];
  let bytes = overhead;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (current.length > 0 && (current.length >= limit || bytes + size > Number(maxBytes))) {
      grouped.push({ Items: current, ...extra });
      current = [];
      bytes = overhead;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) grouped.push({ Items: current, ...extra });
  return grouped;
}

/**
 * Rewrites each top-level Distributed Map so that aws-local-stepfunctions (which runs a Distributed Map
 * inline and ignores ItemReader, ItemBatcher and ResultWriter) reads, batches and writes as Step
 * Functions does:
 *
 *   X  ⟶  X__ReadItems (s3:getObject, JSON array, batched)  →  X (inline, over the items or batches)
 *         →  X__WriteResults
 *
 * With an ItemBatcher, each child execution's input is `{ Items, BatchInput }` (consecutive items, at
 * most MaxItemsPerBatch and MaxInputBytesPerBatch of them). `X__WriteResults` writes Step Functions'
 * ResultWriter layout (`<Prefix>/<run id>/manifest.json` and `SUCCEEDED_0.json`, each entry with
 * `Input` and `Output` as JSON strings) and returns `{ ResultWriterDetails: { Bucket, Key } }`; without
 * a ResultWriter it returns the children's outputs, as Step Functions does. The map's own
 * ResultSelector, ResultPath, Catch and Next apply to that. One divergence, local only: the item list
 * and the inline results stay in the execution's state under `__localDistributedMap*` keys (in AWS they
 * live only in S3).
 */
export function emulateDistributedMaps(
  definition: { StartAt: string; States: States },
  store: ObjectStore,
): EmulatedDefinition {
  const states: States = {};
  const syntheticStates = new Set<string>();
  const childStates = new Set<string>();
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  let children = 0;
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isDistributed(state)) {
      states[name] = state;
      continue;
    }
    const {
      ItemReader,
      ItemBatcher,
      ResultWriter,
      ResultSelector,
      ResultPath,
      Next,
      End,
      Catch,
      Label: _label,
      ToleratedFailurePercentage: _tolerated,
      ...map
    } = state as Json & {
      ItemReader?: { Resource: string; Parameters: Json };
      ItemBatcher?: Json;
      ResultWriter?: { Resource: string; Parameters: Json };
    };
    if (ItemBatcher !== undefined && (map.ItemSelector !== undefined || map.Parameters !== undefined))
      throw new Error(`state ${name}: the local runner does not emulate an ItemSelector with an ItemBatcher`);
    const processor = map.ItemProcessor as Json & { States: States };
    const { ProcessorConfig: _config, ...inlineProcessor } = processor;
    for (const child of Object.keys(processor.States)) childStates.add(child);
    const read = `${name}__ReadItems`;
    const write = `${name}__WriteResults`;
    syntheticStates.add(read).add(write);
    const end = End === true ? { End: true } : { Next };
    const catchers = Catch === undefined ? {} : { Catch };

    states[read] = {
      Type: 'Task',
      Resource: ItemReader?.Resource ?? 'arn:aws:states:::s3:getObject',
      Parameters: { ...(ItemReader?.Parameters ?? {}), ...batcherParameters(ItemBatcher, name) },
      ResultPath: ITEMS,
      Next: name,
      ...catchers,
    };
    states[name] = {
      ...map,
      ItemProcessor: inlineProcessor,
      ItemsPath: ITEMS,
      ResultPath: RESULTS,
      Next: write,
      ...catchers,
    };
    states[write] = {
      Type: 'Task',
      Resource: ResultWriter?.Resource ?? 'arn:aws:states:::orgmfa-local:map-results',
      Parameters: { ...(ResultWriter?.Parameters ?? {}), 'Items.$': ITEMS, 'Results.$': RESULTS },
      ...(ResultSelector === undefined ? {} : { ResultSelector }),
      ...(ResultPath === undefined ? {} : { ResultPath }),
      ...end,
      ...catchers,
    };

    handlers[read] = async (input) => {
      const { Bucket, Key, [BATCHER]: batcher } = input as { Bucket: string; Key: string } & Json;
      const items: unknown = JSON.parse(await store.get(Bucket, Key));
      if (!Array.isArray(items))
        throw Object.assign(new Error(`s3://${Bucket}/${Key} is not a JSON array`), {
          name: 'States.ItemReaderFailed',
        });
      const iterations = batcher === undefined ? items : batches(items, batcher as Json);
      children += iterations.length;
      return iterations;
    };
    handlers[write] = async (input) => {
      const { Bucket, Prefix, Items, Results } = input as {
        Bucket?: string;
        Prefix: string;
        Items: unknown[];
        Results: unknown[];
      };
      if (ResultWriter === undefined) return Results;
      const run = `${Prefix}/${randomUUID()}`;
      const entries = Results.map((output, index) => ({
        Name: String(index),
        Status: 'SUCCEEDED',
        Input: JSON.stringify(Items[index]),
        Output: JSON.stringify(output),
      }));
      const body = JSON.stringify(entries);
      await store.put(Bucket!, `${run}/SUCCEEDED_0.json`, body);
      const manifest = {
        DestinationBucket: Bucket,
        ResultFiles: {
          FAILED: [],
          PENDING: [],
          SUCCEEDED: [{ Key: `${run}/SUCCEEDED_0.json`, Size: Buffer.byteLength(body) }],
        },
      };
      await store.put(Bucket!, `${run}/manifest.json`, JSON.stringify(manifest));
      return { ResultWriterDetails: { Bucket, Key: `${run}/manifest.json` } };
    };
  }
  // Whatever led to a Distributed Map (another map's results included) now leads to the reading of its
  // items; only the reading itself leads to the map.
  for (const [name, state] of Object.entries(states)) {
    const entry = (target: unknown) =>
      typeof target === 'string' &&
      syntheticStates.has(`${target}__ReadItems`) &&
      name !== `${target}__ReadItems`
        ? `${target}__ReadItems`
        : target;
    const redirected: Json = { ...state };
    if (state.Next !== undefined) redirected.Next = entry(state.Next);
    if (state.Default !== undefined) redirected.Default = entry(state.Default);
    if (Array.isArray(state.Choices))
      redirected.Choices = state.Choices.map((c: Json) => ({ ...c, Next: entry(c.Next) }));
    if (Array.isArray(state.Catch))
      redirected.Catch = state.Catch.map((c: Json) => ({ ...c, Next: entry(c.Next) }));
    states[name] = redirected;
  }
  const start = syntheticStates.has(`${definition.StartAt}__ReadItems`)
    ? `${definition.StartAt}__ReadItems`
    : definition.StartAt;
  return {
    definition: { ...definition, StartAt: start, States: states },
    syntheticStates,
    childStates,
    handlers,
    children: () => children,
  };
}
