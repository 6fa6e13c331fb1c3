/**
 * Names shared by the infrastructure, the Lambda functions, the workflows and the local runtime.
 * They are part of orgmfa's deployed contract: changing one renames a resource in every account.
 */

/** Default name of the role the hub assumes in every member account. */
export const DEFAULT_MEMBER_ROLE_NAME = 'OrgMfaMemberRole';

/** Default name of the central event bus in the hub account. */
export const DEFAULT_EVENT_BUS_NAME = 'orgmfa';

/** Tag key that marks an IAM resource as created or tracked by orgmfa. */
export const ORGMFA_TAG_KEY = 'orgmfa:managed';

/**
 * On a device orgmfa provisioned: the unique id (`AIDA…`) of the user it was provisioned for. The
 * self-service policy lets a user record the seed pickup only on a device carrying the user's own id.
 */
export const USER_ID_TAG_KEY = 'orgmfa:user-id';

/**
 * On a device orgmfa provisioned: a value of the workflow execution that created it (a digest of its
 * name). When IAM's answer to that call is lost and a retry (the SDK's, or the workflow's) meets the
 * device, provisioning recognises its own creation (whose seed nobody has) by this value, where the
 * user id would also match another delivery's device.
 */
export const CREATION_TAG_KEY = 'orgmfa:creation';

/**
 * SSM parameter path under which provisioned seeds are stored, one parameter per user, named by the
 * user's unique id: `/orgmfa/seed/<AIDA…>` (see seedParameterName in core/provisioning.ts).
 */
export const SEED_PARAMETER_PREFIX = '/orgmfa/seed/';

/**
 * SSM parameter path of initial console passwords (provisioning's `setInitialPassword` option), one
 * parameter per user named by its unique id: `/orgmfa/initial-password/<AIDA…>`.
 */
export const INITIAL_PASSWORD_PARAMETER_PREFIX = '/orgmfa/initial-password/';

/** The partitions orgmfa knows, with the region where IAM (a global service) delivers its events. */
export const IAM_HOME_REGION_BY_PARTITION = {
  aws: 'us-east-1',
  'aws-us-gov': 'us-gov-west-1',
  'aws-cn': 'cn-north-1',
} as const;

/** An AWS partition orgmfa can run in. */
export type Partition = keyof typeof IAM_HOME_REGION_BY_PARTITION;

/**
 * The partition a region belongs to, or `undefined` for a string that is not a region name of a known
 * partition. Used both to route events and to derive the hub's partition from its region.
 */
export function partitionOfRegion(region: string): Partition | undefined {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) return undefined;
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  // ISO partitions (us-iso-*, us-isob-*, eu-isoe-*) have regions of the same shape but are out of scope.
  if (/-iso[a-z]?-/.test(region)) return undefined;
  return 'aws';
}

/** ARN of a path-less IAM role; one function so that no caller builds role ARNs differently. */
export function roleArn(partition: Partition, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** ARN of the member role in `accountId`. */
export function memberRoleArn(partition: Partition, accountId: string, roleName: string): string {
  return roleArn(partition, accountId, roleName);
}

/**
 * The session name of the hub's member-role sessions for `purpose` (`provision-mfa`, `cleanup-orphan`,
 * …): CloudTrail tells orgmfa's steps apart by it.
 */
export function memberSessionName(purpose: string): string {
  return `orgmfa-${purpose}`;
}

/**
 * The principal CloudTrail records (`userIdentity.arn`) for calls the hub makes in `accountId` through
 * its member-role session for `purpose`: what the orphan rule compares a device's creator with.
 */
export function memberSessionArn(
  partition: Partition,
  accountId: string,
  roleName: string,
  purpose: string,
): string {
  return `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${memberSessionName(purpose)}`;
}

/**
 * Fixed names of the hub roles that member accounts trust. Fixed so that the management account's
 * directly deployed member stack can name them without a cross-stack reference.
 */
export const HUB_ROLE_NAMES = {
  /** The role of the cleanup-orphan function, which assumes the member role. */
  cleanUpOrphan: 'orgmfa-cleanup-orphan',
  /** The role of the provision-mfa function, which assumes the member role. */
  provisionMfa: 'orgmfa-provision-mfa',
  /** The role of the evaluate-user function (event path), which assumes the member role. */
  evaluateUser: 'orgmfa-evaluate-user',
  /** The role of the sweep-account function (scheduled sweep), which assumes the member role. */
  sweepAccount: 'orgmfa-sweep-account',
  /** The sweep's hub-only roles: listing the accounts, summarizing the results. */
  listAccounts: 'orgmfa-list-accounts',
  summarizeSweep: 'orgmfa-summarize-sweep',
  /** The guardrail function's role: creates, refreshes and attaches the guardrail's SCPs. */
  guardrail: 'orgmfa-guardrail',
} as const;

/** The name of one of the hub's fixed-name roles. */
export type HubRoleName = (typeof HUB_ROLE_NAMES)[keyof typeof HUB_ROLE_NAMES];

/** The local and default name of the hub's state bucket (findings records, sweep files, reports). */
export function stateBucketName(hubAccountId: string): string {
  return `orgmfa-state-${hubAccountId}`;
}

/**
 * The hub roles the member role trusts (`aws:PrincipalArn`). The member template and the simulated
 * STS both read this one list; later workflows add their roles here, and only here.
 */
export const TRUSTED_HUB_ROLE_NAMES: readonly HubRoleName[] = [
  HUB_ROLE_NAMES.cleanUpOrphan,
  HUB_ROLE_NAMES.provisionMfa,
  HUB_ROLE_NAMES.evaluateUser,
  HUB_ROLE_NAMES.sweepAccount,
];

/** The hub's Lambda functions, by the workflow substitution that names each. */
export const HUB_FUNCTIONS = {
  ParseEventFunctionArn: 'orgmfa-parse-event',
  CleanUpOrphanFunctionArn: 'orgmfa-cleanup-orphan',
  ProvisionMfaFunctionArn: 'orgmfa-provision-mfa',
  EvaluateUserFunctionArn: 'orgmfa-evaluate-user',
} as const;

/** The sweep workflow's Lambda functions, by the substitution that names each. */
export const SWEEP_FUNCTIONS = {
  ListAccountsFunctionArn: 'orgmfa-list-accounts',
  SweepAccountFunctionArn: 'orgmfa-sweep-account',
  SummarizeSweepFunctionArn: 'orgmfa-summarize-sweep',
} as const;

/** Name of the deployed sweep state machine: `orgmfa sweep` finds it from the configuration alone. */
export const SWEEP_STATE_MACHINE_NAME = 'orgmfa-sweep';

/** ARN of the deployed sweep state machine in the hub. */
export function sweepStateMachineArn(partition: Partition, region: string, hubAccountId: string): string {
  return `arn:${partition}:states:${region}:${hubAccountId}:stateMachine:${SWEEP_STATE_MACHINE_NAME}`;
}
