import {
  DEFAULT_EVENT_BUS_NAME,
  DEFAULT_MEMBER_ROLE_NAME,
  partitionOfRegion,
  type Partition,
} from '../functions/core/naming';
import { IAM_PATH } from '../functions/core/iam-names';
import { DEFAULT_PROVISIONING, type ProvisioningSettings } from '../functions/core/provisioning-settings';
import { DEFAULT_COMPLIANCE, type ComplianceSettings } from '../functions/core/compliance-settings';
import { ConfigError, ConfigReader, isRecord } from './config-reader';

export { ConfigError } from './config-reader';

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
  /** Provisioning of MFA for new IAM users: off unless OUs or accounts are listed. */
  readonly provisioning: ProvisioningSettings;
  /** Compliance reporting and the scheduled sweep. */
  readonly compliance: ComplianceSettings;
  /** Optional e-mail address subscribed to orgmfa's alarm topic. */
  readonly alarmEmail?: string;
}

/** The CDK context key under which orgmfa's configuration lives. */
export const CONFIG_CONTEXT_KEY = 'orgmfa';

/** An organization id. Also the `AllowedPattern` of the member template's parameter. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An AWS account id. Also the `AllowedPattern` of the member template's parameter. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** Organizations' own patterns for an OU id or a root id. */
const OU_OR_ROOT_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
const OU_OR_ROOT = 'an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)';
/** An IAM role name (no path). Also the `AllowedPattern` of the member template's parameter. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const EVENT_BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const KMS_KEY =
  /^(alias\/[\w/+=,.@-]{1,250}|arn:[\w-]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w/+=,.@-]+|[0-9a-f-]{36})$/;

function readCompliance(reader: ConfigReader): ComplianceSettings {
  const d = DEFAULT_COMPLIANCE;
  return {
    sweepSchedule: reader.optionalString(
      'sweepSchedule',
      /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/,
      'a schedule expression such as rate(6 hours)',
      d.sweepSchedule,
    ),
    sweepConcurrency: reader.integer('sweepConcurrency', 1, 1000, d.sweepConcurrency),
    orphanGraceHours: reader.integer('orphanGraceHours', 1, 24 * 90, d.orphanGraceHours),
    deleteOrphans: reader.boolean('deleteOrphans', d.deleteOrphans),
  };
}

function readProvisioning(reader: ConfigReader): ProvisioningSettings {
  const d = DEFAULT_PROVISIONING;
  const template = reader.optionalString(
    'deviceNameTemplate',
    /^[\w+=,.@{}-]{1,226}$/,
    'a device name, {userName} for the user name',
    d.deviceNameTemplate,
  );
  return {
    organizationalUnitIds: reader.list('organizationalUnitIds', OU_OR_ROOT_ID, OU_OR_ROOT),
    accountIds: reader.list('accountIds', ACCOUNT_ID_PATTERN, 'a 12-digit account id'),
    excludedAccountIds: reader.list('excludedAccountIds', ACCOUNT_ID_PATTERN, 'a 12-digit account id'),
    exemptPaths: reader.list('exemptPaths', IAM_PATH, 'an IAM path (/…/)', { fallback: [...d.exemptPaths] }),
    deviceNameTemplate: template,
    seedKmsKeyId: reader.optionalString(
      'seedKmsKeyId',
      KMS_KEY,
      'a KMS key id, key ARN or alias',
      d.seedKmsKeyId,
    ),
    seedExpirationDays: reader.integer('seedExpirationDays', 1, 365, d.seedExpirationDays),
    deleteUserOnFailure: reader.boolean('deleteUserOnFailure', d.deleteUserOnFailure),
    setInitialPassword: reader.boolean('setInitialPassword', d.setInitialPassword),
  };
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
  const reader = new ConfigReader(context[CONFIG_CONTEXT_KEY], CONFIG_CONTEXT_KEY);
  const hubRegion = reader.string('hubRegion', REGION, 'a region name such as us-east-1');
  const partition = partitionOfRegion(hubRegion);
  if (partition === undefined) {
    throw new ConfigError(
      `orgmfa.hubRegion ${hubRegion} is not in a partition orgmfa supports (aws, aws-us-gov, aws-cn)`,
    );
  }
  const managementAccountId = reader.string(
    'managementAccountId',
    ACCOUNT_ID_PATTERN,
    'a 12-digit account id',
  );
  const alarmEmail = reader.optionalString('alarmEmail', EMAIL, 'an e-mail address', '');
  return {
    organizationId: reader.string(
      'organizationId',
      ORGANIZATION_ID_PATTERN,
      'an organization id such as o-a1b2c3d4e5',
    ),
    managementAccountId,
    hubAccountId: reader.optionalString(
      'hubAccountId',
      ACCOUNT_ID_PATTERN,
      'a 12-digit account id',
      managementAccountId,
    ),
    hubRegion,
    partition,
    targetOrganizationalUnitIds: reader.list('targetOrganizationalUnitIds', OU_OR_ROOT_ID, OU_OR_ROOT, {
      required: true,
    }),
    memberRoleName: reader.optionalString(
      'memberRoleName',
      ROLE_NAME_PATTERN,
      'an IAM role name',
      DEFAULT_MEMBER_ROLE_NAME,
    ),
    eventBusName: reader.optionalString(
      'eventBusName',
      EVENT_BUS_NAME,
      'an event bus name',
      DEFAULT_EVENT_BUS_NAME,
    ),
    provisioning: readProvisioning(reader.section('provisioning')),
    compliance: readCompliance(reader.section('compliance')),
    ...(alarmEmail === '' ? {} : { alarmEmail }),
  };
}
