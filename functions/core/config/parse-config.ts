import type { z } from 'zod';
import { partitionOfRegion, type Partition } from '../naming';
import { CONFIG_CONTEXT_KEY, configSchema, KNOWN_KEYS } from './schema';

/** A configuration value is missing, malformed or unknown. The message names the key and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** orgmfa's validated configuration, with its defaults filled and the hub's partition derived. */
export type OrgMfaConfig = Readonly<
  Omit<z.output<typeof configSchema>, 'hubAccountId'> & {
    /** The account that runs the hub stack. */
    readonly hubAccountId: string;
    /** The partition of `hubRegion`; events from other partitions are rejected. */
    readonly partition: Partition;
  }
>;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Edit distance, for "did you mean": a misspelt key is usually one or two edits away. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known key closest to `key`, when it is close enough to be a typo of it. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(key, candidate);
    if (best === undefined || d < best.distance) best = { key: candidate, distance: d };
  }
  return best !== undefined && best.distance <= Math.max(2, Math.floor(key.length / 3))
    ? best.key
    : undefined;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path)
    value = isRecord(value) || Array.isArray(value) ? (value as Raw)[key as string] : undefined;
  return value;
}

/** One line for the first problem zod found, in orgmfa's words: the key's full path and what it expects. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, root: string, sections: string): string {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const parent = path.map(String).join('.');
    const known = KNOWN_KEYS[[sections, parent].filter((p) => p !== '').join('.')] ?? [];
    return issue.keys
      .map((key) => {
        const hint = didYouMean(key, known);
        const where = [root, parent, key].filter((p) => p !== '').join('.');
        return `${where} is not a configuration key${hint === undefined ? '' : ` (did you mean ${hint}?)`}`;
      })
      .join('; ');
  }
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const where = [root, ...path.slice(0, -1).map(String)].join('.');
    return `${where} has ${JSON.stringify(valueAt(raw, path))}, which is not ${issue.message}`;
  }
  const where = [root, ...path.map(String)].join('.');
  return `${where} must be ${issue.message}, got ${JSON.stringify(valueAt(raw, path)) ?? 'nothing'}`;
}

/**
 * Validates `raw` against one schema of the configuration and returns its output, or throws
 * {@link ConfigError} naming the first bad key as `root.<path>`. `section` is the schema's own path
 * below `orgmfa` (`provisioning` for that section), for the "did you mean" of an unknown key. The Lambda
 * functions use it on the settings their environment carries; {@link parseConfig} on the whole.
 */
export function parseSection<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  root: string,
  section = '',
): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  // Unknown keys first: a misspelt key explains a "missing" one better than the other way round.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  throw new ConfigError(describeIssue(issues[0]!, raw, root, section));
}

/** Lambda keeps this much of an account's concurrency unreserved: reservations must leave it. */
export const LAMBDA_UNRESERVED_MINIMUM = 100;

/**
 * The reserved concurrency of the event functions and of the sweep must fit in the hub's Lambda pool
 * with the 100 Lambda keeps unreserved (otherwise the deployment fails); without reservations, the
 * sweep's children alone must fit in the pool, or most of them would be throttled.
 */
function checkLambdaPool(parsed: z.output<typeof configSchema>): void {
  const pool = parsed.hubLambdaConcurrency;
  const sweep = parsed.compliance.sweepConcurrency;
  const events = parsed.eventFunctions;
  if (!events.reserveConcurrency) {
    if (sweep > pool)
      throw new ConfigError(
        `${CONFIG_CONTEXT_KEY}.compliance.sweepConcurrency ${sweep} exceeds the hub's Lambda pool (hubLambdaConcurrency ${pool})`,
      );
    return;
  }
  const reserved =
    events.parseEventConcurrency +
    events.cleanUpOrphanConcurrency +
    events.provisionMfaConcurrency +
    events.evaluateUserConcurrency;
  if (reserved + sweep > pool - LAMBDA_UNRESERVED_MINIMUM)
    throw new ConfigError(
      `${CONFIG_CONTEXT_KEY}.compliance.sweepConcurrency ${sweep} plus the event functions' reserved concurrency ${reserved} exceed what the hub's Lambda pool can reserve (hubLambdaConcurrency ${pool} less the ${LAMBDA_UNRESERVED_MINIMUM} Lambda keeps unreserved): lower them, raise the quota and hubLambdaConcurrency, or set eventFunctions.reserveConcurrency to false`,
    );
}

/**
 * The sweep must never delete a device the event path would still leave to someone enrolling it: its
 * grace period is at least the enrolment window.
 */
function checkOrphanTimes(parsed: z.output<typeof configSchema>): void {
  const { orphanGraceHours, enrolmentWindowMinutes } = parsed.compliance;
  if (orphanGraceHours * 60 < enrolmentWindowMinutes)
    throw new ConfigError(
      `${CONFIG_CONTEXT_KEY}.compliance.orphanGraceHours ${orphanGraceHours} is shorter than the enrolment window (enrolmentWindowMinutes ${enrolmentWindowMinutes}): the sweep would delete devices someone may still be enrolling`,
    );
}

/**
 * What of the guardrail can be checked before anything is deployed: each OU once, and a partition whose
 * SCPs take the policy language the guardrail uses. (Its SCPs fit Organizations' size limit on every
 * day for every configuration this schema accepts, the longest device name template included: a test
 * proves it, test/core/guardrail/guardrail-policies.test.ts.)
 */
function checkGuardrail(parsed: z.output<typeof configSchema>, partition: Partition): void {
  const key = `${CONFIG_CONTEXT_KEY}.guardrail.organizationalUnitIds`;
  const targets = parsed.guardrail.organizationalUnitIds;
  const twice = targets.find((id, index) => targets.indexOf(id) !== index);
  if (twice !== undefined) throw new ConfigError(`${key} lists ${twice} twice`);
  if (targets.length > 0 && partition === 'aws-cn') {
    throw new ConfigError(
      `${key}: the guardrail's SCPs use NotResource, which AWS announced for SCPs in the commercial and GovCloud (US) partitions only; in aws-cn attach the OrgMfaRequireMfa managed policy to your groups instead`,
    );
  }
}

/**
 * Reads and validates orgmfa's configuration from a CDK context object (the `context` of cdk.json) or
 * from a whole cdk.json document. Throws {@link ConfigError} with a one-line message naming the first
 * bad key, so that a wrong org id, OU id or misspelt switch fails synth before anything is deployed.
 */
export function parseConfig(source: unknown): OrgMfaConfig {
  const context = isRecord(source) && isRecord(source.context) ? source.context : source;
  if (!isRecord(context) || !isRecord(context[CONFIG_CONTEXT_KEY])) {
    throw new ConfigError(`the CDK context has no "${CONFIG_CONTEXT_KEY}" object (see cdk.json)`);
  }
  const parsed = parseSection(configSchema, context[CONFIG_CONTEXT_KEY], CONFIG_CONTEXT_KEY);
  const partition = partitionOfRegion(parsed.hubRegion);
  if (partition === undefined) {
    throw new ConfigError(
      `${CONFIG_CONTEXT_KEY}.hubRegion ${parsed.hubRegion} is not in a partition orgmfa supports (aws, aws-us-gov, aws-cn)`,
    );
  }
  const keyRegion = /^arn:[\w-]+:kms:([a-z0-9-]+):/.exec(parsed.provisioning.seedKmsKeyId)?.[1];
  if (keyRegion !== undefined && keyRegion !== parsed.hubRegion) {
    throw new ConfigError(
      `${CONFIG_CONTEXT_KEY}.provisioning.seedKmsKeyId names a key in ${keyRegion}: seeds are stored in the hub's region ${parsed.hubRegion}, and SSM encrypts only with a key of its own region`,
    );
  }
  checkGuardrail(parsed, partition);
  checkLambdaPool(parsed);
  checkOrphanTimes(parsed);
  const { hubAccountId, alarmEmail, ...rest } = parsed;
  return {
    ...rest,
    hubAccountId: hubAccountId ?? parsed.managementAccountId,
    partition,
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
  };
}
