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
}

const ITEMS = '$.__localDistributedMapItems';
const RESULTS = '$.__localDistributedMapResults';

function isDistributed(state: Json): boolean {
  const processor = state.ItemProcessor as Json | undefined;
  const config = processor?.ProcessorConfig as Json | undefined;
  return state.Type === 'Map' && (state.ItemReader !== undefined || config?.Mode === 'DISTRIBUTED');
}

/**
 * Rewrites each top-level Distributed Map so that aws-local-stepfunctions (which runs a Distributed Map
 * inline and ignores ItemReader and ResultWriter) reads and writes through S3 as Step Functions does:
 *
 *   X  ⟶  X__ReadItems (s3:getObject, JSON array)  →  X (inline, over the items)  →  X__WriteResults
 *
 * `X__WriteResults` writes Step Functions' ResultWriter layout (`<Prefix>/<run id>/manifest.json` and
 * `SUCCEEDED_0.json`, each entry with `Input` and `Output` as JSON strings) and returns
 * `{ ResultWriterDetails: { Bucket, Key } }`, to which the map's own ResultSelector, ResultPath, Catch
 * and Next apply. One divergence, local only: the item list and the inline results stay in the
 * execution's state under `__localDistributedMap*` keys (in AWS they live only in S3).
 */
export function emulateDistributedMaps(
  definition: { StartAt: string; States: States },
  store: ObjectStore,
): EmulatedDefinition {
  const states: States = {};
  const syntheticStates = new Set<string>();
  const childStates = new Set<string>();
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (!isDistributed(state)) {
      states[name] = state;
      continue;
    }
    const {
      ItemReader,
      ResultWriter,
      ResultSelector,
      ResultPath,
      Next,
      End,
      Catch,
      ToleratedFailurePercentage: _tolerated,
      ...map
    } = state as Json & {
      ItemReader?: { Resource: string; Parameters: Json };
      ResultWriter?: { Resource: string; Parameters: Json };
    };
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
      Parameters: ItemReader?.Parameters ?? {},
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
      Resource: ResultWriter?.Resource ?? 'arn:aws:states:::s3:putObject',
      Parameters: { ...(ResultWriter?.Parameters ?? {}), 'Items.$': ITEMS, 'Results.$': RESULTS },
      ...(ResultSelector === undefined ? {} : { ResultSelector }),
      ...(ResultPath === undefined ? {} : { ResultPath }),
      ...end,
      ...catchers,
    };

    handlers[read] = async (input) => {
      const { Bucket, Key } = input as { Bucket: string; Key: string };
      const items: unknown = JSON.parse(await store.get(Bucket, Key));
      if (!Array.isArray(items))
        throw Object.assign(new Error(`s3://${Bucket}/${Key} is not a JSON array`), {
          name: 'States.ItemReaderFailed',
        });
      return items;
    };
    handlers[write] = async (input) => {
      const { Bucket, Prefix, Items, Results } = input as {
        Bucket: string;
        Prefix: string;
        Items: unknown[];
        Results: unknown[];
      };
      const run = `${Prefix}/${randomUUID()}`;
      const entries = Results.map((output, index) => ({
        Name: String(index),
        Status: 'SUCCEEDED',
        Input: JSON.stringify(Items[index]),
        Output: JSON.stringify(output),
      }));
      const body = JSON.stringify(entries);
      await store.put(Bucket, `${run}/SUCCEEDED_0.json`, body);
      const manifest = {
        DestinationBucket: Bucket,
        ResultFiles: {
          FAILED: [],
          PENDING: [],
          SUCCEEDED: [{ Key: `${run}/SUCCEEDED_0.json`, Size: Buffer.byteLength(body) }],
        },
      };
      await store.put(Bucket, `${run}/manifest.json`, JSON.stringify(manifest));
      return { ResultWriterDetails: { Bucket, Key: `${run}/manifest.json` } };
    };
  }
  // Whatever led to a Distributed Map now leads to the reading of its items.
  const entry = (target: unknown) =>
    typeof target === 'string' && syntheticStates.has(`${target}__ReadItems`)
      ? `${target}__ReadItems`
      : target;
  for (const [name, state] of Object.entries(states)) {
    if (syntheticStates.has(name)) continue;
    const redirected: Json = { ...state };
    if (state.Next !== undefined && !syntheticStates.has(`${name}__WriteResults`))
      redirected.Next = entry(state.Next);
    if (state.Default !== undefined) redirected.Default = entry(state.Default);
    if (Array.isArray(state.Choices))
      redirected.Choices = state.Choices.map((c: Json) => ({ ...c, Next: entry(c.Next) }));
    if (Array.isArray(state.Catch))
      redirected.Catch = state.Catch.map((c: Json) => ({ ...c, Next: entry(c.Next) }));
    states[name] = redirected;
  }
  return {
    definition: { ...definition, StartAt: entry(definition.StartAt) as string, States: states },
    syntheticStates,
    childStates,
    handlers,
  };
}
