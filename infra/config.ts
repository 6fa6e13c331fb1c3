import {
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_MEMBER_ROLE_NAME,
  partitionOfRegion,
  type Partition,
} from '../functions/core/naming';

/**
 * orgmfa's configuration, read from the `orgmfa` key of the CDK context (cdk.json) or, for local runs,
 * from a JSON file of the same shape (`orgmfa local run-event --config`).
 */
export interface OrgMfaConfig {
  /** The organization orgmfa serves (`o-...`). Events from accounts outside it are rejected. */
  readonly organizationId: string;
  /** The management account: it gets the member stack directly, because StackSets never target it. */
  readonly managementAccountId: string;
  /** The account that runs the hub stack: the management account or a delegated administrator. */
  readonly hubAccountId: string;
  /** The region of the hub stack (central bus, workflows, functions). */
  readonly hubRegion: string;
  /** The partition of `hubRegion`; events from other partitions are rejected. */
  readonly partition: Partition;
  /** OUs (or the root, `r-...`) whose accounts get the member stack through the StackSet. */
  readonly targetOrganizationalUnitIds: readonly string[];
  /** Name of the role the hub assumes in each member account. */
  readonly memberRoleName: string;
  /** Name of the central event bus in the hub account. */
  readonly eventBusName: string;
  /** Optional e-mail address subscribed to orgmfa's alarm topic. */
  readonly alarmEmail?: string;
}

/** The CDK context key under which orgmfa's configuration lives. */
export const CONFIG_CONTEXT_KEY = 'orgmfa';

/** A configuration value is missing or malformed. The message names the key and what it expects. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An organization id. Also the `AllowedPattern` of the member template's parameter. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An AWS account id. Also the `AllowedPattern` of the member template's parameter. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
// Organizations' own patterns for a root id and an OU id.
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
/** An IAM role name (no path). Also the `AllowedPattern` of the member template's parameter. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const EVENT_BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(raw: Raw, key: string, pattern: RegExp, expected: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new ConfigError(`orgmfa.${key} must be ${expected}, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

function optionalString(raw: Raw, key: string, pattern: RegExp, expected: string, fallback: string): string {
  return raw[key] === undefined ? fallback : requireString(raw, key, pattern, expected);
}

function requireOuIds(raw: Raw): string[] {
  const value = raw.targetOrganizationalUnitIds;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError('orgmfa.targetOrganizationalUnitIds must be a non-empty list of OU or root ids');
  }
  return value.map((id: unknown) => {
    if (typeof id !== 'string' || !(OU_ID.test(id) || ROOT_ID.test(id))) {
      throw new ConfigError(
        `orgmfa.targetOrganizationalUnitIds has ${JSON.stringify(id)}, which is neither an OU id (ou-xxxx-xxxxxxxx) nor a root id (r-xxxx)`,
      );
    }
    return id;
  });
}

/**
 * Reads and validates orgmfa's configuration from a CDK context object (the `context` of cdk.json) or
 * from a whole cdk.json document. Throws {@link ConfigError} with a one-line message naming the first
 * bad key, so that a wrong org id or OU id fails synth before anything is deployed.
 */
export function parseConfig(source: unknown): OrgMfaConfig {
  const context = isRecord(source) && isRecord(source.context) ? source.context : source;
  if (!isRecord(context) || !isRecord(context[CONFIG_CONTEXT_KEY])) {
    throw new ConfigError(`the CDK context has no "${CONFIG_CONTEXT_KEY}" object (see cdk.json)`);
  }
  const raw = context[CONFIG_CONTEXT_KEY];
  const hubRegion = requireString(
    raw,
    'hubRegion',
    /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/,
    'a region name such as us-east-1',
  );
  const partition = partitionOfRegion(hubRegion);
  if (partition === undefined) {
    throw new ConfigError(
      `orgmfa.hubRegion ${hubRegion} is not in a partition orgmfa supports (aws, aws-us-gov, aws-cn)`,
    );
  }
  const managementAccountId = requireString(
    raw,
    'managementAccountId',
    ACCOUNT_ID_PATTERN,
    'a 12-digit account id',
  );
  const alarmEmail =
    raw.alarmEmail === undefined ? undefined : requireString(raw, 'alarmEmail', EMAIL, 'an e-mail address');
  return {
    organizationId: requireString(
      raw,
      'organizationId',
      ORGANIZATION_ID_PATTERN,
      'an organization id such as o-a1b2c3d4e5',
    ),
    managementAccountId,
    hubAccountId: optionalString(
      raw,
      'hubAccountId',
      ACCOUNT_ID_PATTERN,
      'a 12-digit account id',
      managementAccountId,
    ),
    hubRegion,
    partition,
    targetOrganizationalUnitIds: requireOuIds(raw),
    memberRoleName: optionalString(
      raw,
      'memberRoleName',
      ROLE_NAME_PATTERN,
      'an IAM role name',
      DEFAULT_MEMBER_ROLE_NAME,
    ),
    eventBusName: optionalString(
      raw,
      'eventBusName',
      EVENT_BUS_NAME,
      'an event bus name',
      DEFAULT_EVENT_BUS_NAME,
    ),
    ...(alarmEmail === undefined ? {} : { alarmEmail }),
  };
}
