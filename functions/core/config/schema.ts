import { z } from 'zod';
import { IAM_PATH, templatedDeviceName, VIRTUAL_MFA_DEVICE_NAME } from '../iam-names';
import { DEFAULT_EVENT_BUS_NAME, DEFAULT_MEMBER_ROLE_NAME } from '../naming';

/**
 * orgmfa's configuration schema: the one definition that `cdk synth` (cdk.json's `orgmfa` context), the
 * Lambda functions (their environment) and every CLI `--config` validate against. Objects are strict:
 * an unknown key, such as a misspelt safety switch, is an error rather than a silent default.
 */

/** The CDK context key under which orgmfa's configuration lives. */
export const CONFIG_CONTEXT_KEY = 'orgmfa';

/** An organization id. Also the `AllowedPattern` of the member template's parameter. */
export const ORGANIZATION_ID_PATTERN = /^o-[a-z0-9]{10,32}$/;
/** An AWS account id. Also the `AllowedPattern` of the member template's parameter. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** An IAM role name (no path). Also the `AllowedPattern` of the member template's parameter. */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** Organizations' own patterns for an OU id or a root id. */
export const OU_OR_ROOT_ID_PATTERN = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/;
/** A region name's shape (whether orgmfa supports its partition is checked apart). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const OU_OR_ROOT = 'an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)';
const ACCOUNT = 'a 12-digit account id';
const EVENT_BUS_NAME = /^[/.\-_A-Za-z0-9]{1,256}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An alias of a customer managed KMS key (not one of AWS's `alias/aws/…`). Also a member template pattern. */
export const SEED_KEY_ALIAS_PATTERN = /^alias\/(?!aws\/)[\w/-]{1,250}$/;
/** The ARN of a KMS key (single- or multi-Region). Also a member template pattern. */
export const SEED_KEY_ARN_PATTERN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/;
/**
 * The seed's KMS key: SSM's default key, an alias present in every member account (a key per account),
 * or a key ARN (one key the member accounts share). A bare key id or an alias ARN names a key in one
 * account only, so it cannot serve an organization.
 */
const KMS_KEY = new RegExp(`^alias/aws/ssm$|${SEED_KEY_ALIAS_PATTERN.source}|${SEED_KEY_ARN_PATTERN.source}`);
const SCHEDULE = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(.+\))$/;
/** `provisioning.deviceNameTemplate`'s shape. Also the member template's `MfaDeviceNameTemplate` pattern. */
export const DEVICE_NAME_TEMPLATE_PATTERN = /^[\w+=,.@{}-]{1,226}$/;

/** A string matching `pattern`; `expected` completes "must be …" in the error. */
function text(pattern: RegExp, expected: string) {
  return z.string({ error: expected }).regex(pattern, { error: expected });
}

/** A whole number from `min` to `max`. */
function whole(min: number, max: number) {
  const expected = `a whole number from ${min} to ${max}`;
  return z
    .number({ error: expected })
    .int({ error: expected })
    .min(min, { error: expected })
    .max(max, { error: expected });
}

const flag = () => z.boolean({ error: 'true or false' });
const list = (item: z.ZodType<string>) => z.array(item, { error: 'a list' });

/** The keys of each object of the configuration, by its path: for "did you mean" on an unknown key. */
export const PROVISIONING_SHAPE = {
  /** OUs (and their descendants) whose accounts provision MFA for new users. Off everywhere by default. */
  organizationalUnitIds: list(text(OU_OR_ROOT_ID_PATTERN, OU_OR_ROOT)).default([]),
  /** Accounts that provision regardless of their OU. */
  accountIds: list(text(ACCOUNT_ID_PATTERN, ACCOUNT)).default([]),
  /** Accounts that never provision, even inside an enabled OU. */
  excludedAccountIds: list(text(ACCOUNT_ID_PATTERN, ACCOUNT)).default([]),
  /** Users on these paths are skipped (service users). */
  exemptPaths: list(text(IAM_PATH, 'an IAM path (/…/)')).default(['/service/']),
  /** The device name; `{userName}` is replaced by the user's name. */
  deviceNameTemplate: text(DEVICE_NAME_TEMPLATE_PATTERN, 'a device name with {userName} for the user name')
    // Two users never share a device name: provisioning relies on it when a device is in a new user's way.
    .regex(/\{userName\}/, { error: 'a device name with {userName} for the user name' })
    // The longest user name IAM allows must still give a name IAM accepts: no stray braces, not too long.
    .refine((template) => VIRTUAL_MFA_DEVICE_NAME.test(templatedDeviceName(template, 'x'.repeat(64))), {
      error:
        'a device name with {userName} for the user name that stays a valid device name (at most 226 characters of [\\w+=,.@-]) for a 64-character user name',
    })
    .default('{userName}'),
  /** KMS key of the seed's SecureString. */
  seedKmsKeyId: text(
    KMS_KEY,
    'alias/aws/ssm, the alias of a customer managed key in every member account (alias/…), or a key ARN',
  ).default('alias/aws/ssm'),
  /** Days until the uncollected seed parameter expires (SSM expiration policy). */
  seedExpirationDays: whole(1, 365).default(7),
  /** Delete the new user when no working MFA device could be assigned (the sample's "delete on fail"). */
  deleteUserOnFailure: flag().default(false),
  /**
   * Give a new user without a console password a random one, reset at first sign-in, stored as an
   * SSM SecureString for an administrator to hand over (the 2017 sample's option).
   */
  setInitialPassword: flag().default(false),
};

export const COMPLIANCE_SHAPE = {
  /** EventBridge Scheduler expression of the organization-wide sweep. */
  sweepSchedule: text(SCHEDULE, 'a schedule expression such as rate(6 hours)').default('rate(6 hours)'),
  /**
   * How many child executions the sweep runs at once (its Distributed Map's MaxConcurrency), each
   * sweeping a batch of accounts one after the other. The sweep function reserves this much Lambda
   * concurrency: see `hubLambdaConcurrency`.
   */
  sweepConcurrency: whole(1, 1000).default(100),
  /** Accounts per child execution of the sweep (its Distributed Map's ItemBatcher). */
  sweepBatchSize: whole(1, 100).default(25),
  /**
   * Role assumptions per second the whole sweep may make: STS allows 600 requests per second per
   * account (the hub's), and at most 500 go to the sweep so the event path and people keep the rest.
   */
  sweepAssumeRolesPerSecond: whole(1, 500).default(300),
  /** Hours an unassigned device must provably exist before the sweep reports or deletes it. */
  orphanGraceHours: whole(1, 24 * 90).default(24),
  /** Whether the sweep deletes unassigned devices older than the grace period (under the orphan safety rule). */
  deleteOrphans: flag().default(true),
  /**
   * Minutes a virtual MFA device must be proven continuously unassigned before the event path deletes
   * it for a principal other than its creator: nobody can still be completing its enrolment by then.
   */
  enrolmentWindowMinutes: whole(1, 24 * 60).default(15),
};

export const EVENT_FUNCTIONS_SHAPE = {
  /**
   * Whether the event workflow's functions get reserved concurrency. Lambda keeps 100 of an account's
   * concurrency unreserved, so an account still at a reduced quota (10 for some new accounts) cannot
   * reserve any: switch this off there, or ask for the default quota of 1,000.
   */
  reserveConcurrency: flag().default(true),
  /** Reserved concurrency of ParseEvent (pure, a few milliseconds per event). */
  parseEventConcurrency: whole(1, 900).default(20),
  /** Reserved concurrency of CleanUpOrphan (device record, orphan decisions and deletions). */
  cleanUpOrphanConcurrency: whole(1, 900).default(10),
  /** Reserved concurrency of ProvisionMfa. */
  provisionMfaConcurrency: whole(1, 900).default(5),
  /** Reserved concurrency of EvaluateUser. */
  evaluateUserConcurrency: whole(1, 900).default(10),
  /**
   * Minutes the event path trusts what it last learned about an account's membership (a DescribeAccount,
   * a listed state other than ACTIVE) before asking Organizations again; an ACTIVE account of the sweep's
   * listing is trusted until the next sweep is due plus this. 0 asks for every event.
   */
  membershipCacheMinutes: whole(0, 60).default(15),
};

export const GUARDRAIL_SHAPE = {
  /**
   * OUs (or the root, `r-…`) the guardrail's service control policies are attached to: IAM users
   * without MFA are denied all but MFA setup there. Off (no SCP is created) while empty.
   */
  organizationalUnitIds: list(text(OU_OR_ROOT_ID_PATTERN, OU_OR_ROOT)).default([]),
};

/** How orgmfa provisions MFA for new IAM users (the `provisioning` section). */
export const provisioningSchema = z.strictObject(PROVISIONING_SHAPE);
/** How orgmfa reports compliance and sweeps the organization (the `compliance` section). */
export const complianceSchema = z.strictObject(COMPLIANCE_SHAPE);
/** The event workflow's functions (the `eventFunctions` section). */
export const eventFunctionsSchema = z.strictObject(EVENT_FUNCTIONS_SHAPE);
/** The deny-unless-MFA guardrail (the `guardrail` section). */
export const guardrailSchema = z.strictObject(GUARDRAIL_SHAPE);

export const ROOT_SHAPE = {
  /** The organization orgmfa serves (`o-...`). Events from accounts outside it are rejected. */
  organizationId: text(ORGANIZATION_ID_PATTERN, 'an organization id such as o-a1b2c3d4e5'),
  /** The management account: it gets the member stack directly, because StackSets never target it. */
  managementAccountId: text(ACCOUNT_ID_PATTERN, ACCOUNT),
  /** The account that runs the hub stack: the management account (default) or a delegated administrator. */
  hubAccountId: text(ACCOUNT_ID_PATTERN, ACCOUNT).optional(),
  /** The region of the hub stack (central bus, workflows, functions). */
  hubRegion: text(REGION_PATTERN, 'a region name such as us-east-1'),
  /** OUs (or the root, `r-...`) whose accounts get the member stack through the StackSet. */
  targetOrganizationalUnitIds: list(text(OU_OR_ROOT_ID_PATTERN, OU_OR_ROOT)).min(1, {
    error: 'a non-empty list',
  }),
  /** Name of the role the hub assumes in each member account. */
  memberRoleName: text(ROLE_NAME_PATTERN, 'an IAM role name').default(DEFAULT_MEMBER_ROLE_NAME),
  /** Name of the central event bus in the hub account. */
  eventBusName: text(EVENT_BUS_NAME, 'an event bus name').default(DEFAULT_EVENT_BUS_NAME),
  /** Provisioning of MFA for new IAM users: off unless OUs or accounts are listed. */
  provisioning: provisioningSchema.default(() => provisioningSchema.parse({})),
  /** Compliance reporting and the scheduled sweep. */
  compliance: complianceSchema.default(() => complianceSchema.parse({})),
  /** The event workflow's functions: their reserved concurrency. */
  eventFunctions: eventFunctionsSchema.default(() => eventFunctionsSchema.parse({})),
  /** The deny-unless-MFA guardrail: off unless OUs are listed. */
  guardrail: guardrailSchema.default(() => guardrailSchema.parse({})),
  /**
   * The hub account's Lambda concurrency quota in the hub region (Lambda's regional pool; 1,000 by
   * default). The event functions' and the sweep's reserved concurrency must fit in it with the 100
   * that Lambda keeps unreserved.
   */
  hubLambdaConcurrency: whole(10, 1_000_000).default(1000),
  /** Optional e-mail address subscribed to orgmfa's alarm topic. */
  alarmEmail: text(EMAIL, 'an e-mail address').optional(),
};

/** The `orgmfa` object as written in cdk.json (before defaults and derived values). */
export const configSchema = z.strictObject(ROOT_SHAPE);

/** The known keys of each object of the configuration, by its dotted path below `orgmfa`. */
export const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(ROOT_SHAPE),
  provisioning: Object.keys(PROVISIONING_SHAPE),
  compliance: Object.keys(COMPLIANCE_SHAPE),
  eventFunctions: Object.keys(EVENT_FUNCTIONS_SHAPE),
  guardrail: Object.keys(GUARDRAIL_SHAPE),
};

/** How orgmfa provisions MFA for new IAM users. */
export type ProvisioningSettings = Readonly<z.output<typeof provisioningSchema>>;
/** The deny-unless-MFA guardrail's settings. */
export type GuardrailSettings = Readonly<z.output<typeof guardrailSchema>>;
/** How orgmfa reports compliance and sweeps the organization. */
export type ComplianceSettings = Readonly<z.output<typeof complianceSchema>>;

/** Provisioning as it is when the configuration says nothing: off. */
export const DEFAULT_PROVISIONING: ProvisioningSettings = provisioningSchema.parse({});
/** Compliance as it is when the configuration says nothing. */
export const DEFAULT_COMPLIANCE: ComplianceSettings = complianceSchema.parse({});
/** The guardrail as it is when the configuration says nothing: off. */
export const DEFAULT_GUARDRAIL: GuardrailSettings = guardrailSchema.parse({});
/** The event workflow's functions as they are when the configuration says nothing. */
export const DEFAULT_EVENT_FUNCTIONS: Readonly<z.output<typeof eventFunctionsSchema>> =
  eventFunctionsSchema.parse({});
