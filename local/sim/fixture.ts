import { ACCOUNT_ID, IAM_PATH, USER_NAME, VIRTUAL_MFA_DEVICE_NAME } from '../../functions/core/iam-names';
import { trustPolicyProblem } from './iam-trust-policy';

/**
 * The organization fixture: the JSON that `orgmfa local run-event --org` reads and `--state-out`
 * writes. It is a dump of the simulated AWS's storage, seeds included, like AWS's own storage; nothing
 * else orgmfa prints carries a seed. Fields may be added; the documented ones keep their meaning.
 */
export interface OrganizationFixture {
  organizationId: string;
  managementAccountId: string;
  hubAccountId: string;
  accounts: AccountFixture[];
  /**
   * The OU tree: each OU's parent (another OU or the root `r-…`) and name. An account's `parentId` points
   * into it; an OU an account names but this list lacks is taken as a child of the root.
   */
  organizationalUnits?: OrganizationalUnitFixture[];
}

/** An organizational unit. */
export interface OrganizationalUnitFixture {
  id: string;
  parentId: string;
  /** Its name (what an OU path such as `Root/Workloads/Prod` is made of); the id when absent. */
  name?: string;
}

/**
 * An account's state in the organization, as Organizations' `State` reports it: only ACTIVE accounts
 * can be worked in; a closed account is SUSPENDED or PENDING_CLOSURE for the post-closure period.
 */
export type AccountState = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

const ACCOUNT_STATES: readonly AccountState[] = ['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'];

export interface AccountFixture {
  id: string;
  name: string;
  status: AccountState;
  parentId: string;
  /** False when the account has no OrgMfaMemberRole (member stack not deployed). */
  memberStack: boolean;
  iam: IamFixture;
  /** SSM Parameter Store of the account in the hub's region (seeds awaiting pickup). */
  ssm?: SsmFixture;
  /** Whether the root user has MFA (account summary, credential report). Default true. */
  rootMfaActive?: boolean;
  /**
   * The root user's credentials; centralized root access can remove them all. Absent: a password, no
   * access keys and no signing certificates (each field of a partial object defaults likewise).
   */
  rootCredentials?: RootCredentialsFixture;
  /** Security Hub of the account in the hub's region; absent: not enabled (not subscribed). */
  securityHub?: SecurityHubFixture;
  /** S3 buckets the account owns (bucket names are global across the organization). */
  s3?: S3Fixture;
}

export interface RootCredentialsFixture {
  password: boolean;
  accessKeys: boolean;
  signingCertificates: boolean;
}

/** The root credentials of an account whose fixture does not say: a password, nothing else. */
export const DEFAULT_ROOT_CREDENTIALS: Readonly<RootCredentialsFixture> = {
  password: true,
  accessKeys: false,
  signingCertificates: false,
};

export interface SecurityHubFixture {
  enabled: boolean;
  /** The findings as imported (ASFF objects), with the fields Security Hub adds on import. */
  findings: object[];
}

export interface S3Fixture {
  buckets: S3BucketFixture[];
}

export interface S3BucketFixture {
  name: string;
  objects: S3ObjectFixture[];
}

export interface S3ObjectFixture {
  key: string;
  /** The object's content as UTF-8 text. */
  body: string;
  /** The quoted MD5 of the body, as S3 reports it; computed when absent. */
  etag?: string;
  /** ISO 8601. */
  lastModified?: string;
}

/** The account's most recent IAM credential report: a snapshot taken when it was generated. */
export interface CredentialReportFixture {
  /** ISO 8601: when GenerateCredentialReport started it. */
  generatedTime: string;
  /** The CSV, as GetCredentialReport returns it once the report is complete. */
  content: string;
  /**
   * STARTED: no one has asked since it started; INPROGRESS: one poll was told to wait; COMPLETE:
   * available. A report completes after a short simulated delay or on the poll after one that waited.
   */
  state: 'STARTED' | 'INPROGRESS' | 'COMPLETE';
}

export interface SsmFixture {
  parameters: SsmParameterFixture[];
}

export interface SsmParameterFixture {
  name: string;
  type: 'String' | 'SecureString';
  /** The value as stored; for a seed, the seed itself (the state file is the simulated storage). */
  value: string;
  /** When the expiration policy deletes it, ISO 8601. */
  expiresAt?: string;
  /** The KMS key of a SecureString. */
  keyId?: string;
}

export interface IamFixture {
  users: UserFixture[];
  virtualMfaDevices: VirtualMfaDeviceFixture[];
  /** The credential report IAM keeps (storage dump; a fixture normally omits it). */
  credentialReport?: CredentialReportFixture;
  /**
   * Roles people assume (the member role is not listed: it exists where `memberStack` is true). A
   * subset of the trust policy language is simulated (local/sim/iam-trust-policy.ts).
   */
  roles?: RoleFixture[];
  /**
   * Entries that GetAccountSummary answers instead of the ones computed from the account, `null`
   * leaving a key out: to model an answer without a key or with an unusual value (a fixture normally
   * omits it).
   */
  accountSummary?: Record<string, number | null>;
}

/** An IAM role that IAM users (or other roles) may assume, as IAM stores it. */
export interface RoleFixture {
  roleName: string;
  path: string;
  /** The trust policy document. */
  assumeRolePolicyDocument: object;
  /** The longest session, in seconds: 3600 (IAM's default) to 43200. */
  maxSessionDuration: number;
}

export interface UserFixture {
  userName: string;
  path: string;
  /**
   * IAM's unique id of the user (`AIDA…`). A fixture may omit it (one is derived from the account and
   * the name); CreateUser gives every new user a fresh one, so a user re-created under an old name has a
   * different id, as in IAM.
   */
  userId?: string;
  consolePassword: boolean;
  /**
   * Access keys; `createDate` (ISO 8601) is the credential report's `access_key_N_last_rotated`. `id`
   * may be omitted (one is derived from the key's position); it is written once a key is deleted.
   */
  accessKeys: { active: boolean; createDate?: string; id?: string }[];
  tags: Record<string, string>;
  /** When the user was created, ISO 8601 (default 2024-01-01T00:00:00Z). */
  createDate?: string;
  /** When the console password was last set, ISO 8601 (default: the user's creation). */
  passwordLastChanged?: string;
  /** Serial numbers of MFA devices that are not virtual (hardware tokens, FIDO keys). */
  mfaDevices?: string[];
  /** The console password a simulated CreateLoginProfile set (storage dump only). */
  password?: string;
  /** Whether the console password must be changed at the next sign-in. */
  passwordResetRequired?: boolean;
  /** Ids of the user's X.509 signing certificates. */
  signingCertificates?: string[];
  /** Ids of the user's SSH public keys (CodeCommit). */
  sshPublicKeys?: string[];
  /** Ids of the user's service-specific credentials (e.g. CodeCommit Git credentials). */
  serviceSpecificCredentials?: string[];
  /** Names of the groups the user belongs to. */
  groups?: string[];
  /** ARNs of the managed policies attached to the user. */
  attachedPolicies?: string[];
  /** Names of the user's inline policies. */
  inlinePolicies?: string[];
}

export interface VirtualMfaDeviceFixture {
  name: string;
  path: string;
  /** The user name the device is assigned to, or null for an unassigned device. */
  assignedTo: string | null;
  /** Base32 seed. Present in the storage dump; a fixture may omit it (a random one is made). */
  seed?: string;
  /** When the device was enabled (assigned), ISO 8601 (default for an assigned device: its user's creation). */
  enableDate?: string;
  tags?: Record<string, string>;
}

/** A fixture file that does not describe an organization; the message says where and why. */
export class FixtureError extends Error {
  override readonly name = 'FixtureError';
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, what: string): never {
  throw new FixtureError(`${where}: ${what}`);
}

function str(obj: Json, key: string, where: string, pattern?: RegExp): string {
  const value = obj[key];
  if (typeof value !== 'string') fail(`${where}.${key}`, 'must be a string');
  if (pattern !== undefined && !pattern.test(value))
    fail(`${where}.${key}`, `${JSON.stringify(value)} is not valid`);
  return value;
}

function bool(obj: Json, key: string, where: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') fail(`${where}.${key}`, 'must be true or false');
  return value;
}

function list(obj: Json, key: string, where: string): unknown[] {
  const value = obj[key] ?? [];
  if (!Array.isArray(value)) fail(`${where}.${key}`, 'must be a list');
  return value;
}

function isoDate(obj: Json, key: string, where: string): string {
  const value = str(obj, key, where);
  if (Number.isNaN(Date.parse(value)))
    fail(`${where}.${key}`, `${JSON.stringify(value)} is not an ISO 8601 date`);
  return value;
}

function tags(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    fail(where, 'must be an object of string values');
  }
  return value as Record<string, string>;
}

/** IAM's unique ids (users, keys, certificates): upper-case letters and digits. */
const UNIQUE_ID = /^[A-Z0-9]{16,128}$/;

/** An optional list of strings, each matching `pattern`. */
function strings(raw: Json, key: string, where: string, pattern: RegExp): string[] | undefined {
  if (raw[key] === undefined) return undefined;
  return list(raw, key, where).map((value, i) => {
    if (typeof value !== 'string' || !pattern.test(value)) {
      fail(`${where}.${key}[${i}]`, `${JSON.stringify(value)} is not valid`);
    }
    return value;
  });
}

/** The user's optional attachments (what DeleteUser requires removing first), as given. */
function readAttachments(raw: Json, where: string): Partial<UserFixture> {
  const fields = {
    signingCertificates: strings(raw, 'signingCertificates', where, UNIQUE_ID),
    sshPublicKeys: strings(raw, 'sshPublicKeys', where, UNIQUE_ID),
    serviceSpecificCredentials: strings(raw, 'serviceSpecificCredentials', where, UNIQUE_ID),
    groups: strings(raw, 'groups', where, USER_NAME),
    attachedPolicies: strings(raw, 'attachedPolicies', where, /^arn:aws:iam::(aws|\d{12}):policy\/\S+$/),
    inlinePolicies: strings(raw, 'inlinePolicies', where, /^[\w+=,.@-]{1,128}$/),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function readUser(raw: unknown, where: string): UserFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  return {
    userName: str(raw, 'userName', where, USER_NAME),
    path: raw.path === undefined ? '/' : str(raw, 'path', where, IAM_PATH),
    ...(raw.userId === undefined ? {} : { userId: str(raw, 'userId', where, UNIQUE_ID) }),
    consolePassword: raw.consolePassword === undefined ? false : bool(raw, 'consolePassword', where),
    accessKeys: list(raw, 'accessKeys', where).map((key, i) => {
      if (!isRecord(key)) fail(`${where}.accessKeys[${i}]`, 'must be an object');
      return {
        active: bool(key, 'active', `${where}.accessKeys[${i}]`),
        ...(key.createDate === undefined
          ? {}
          : { createDate: isoDate(key, 'createDate', `${where}.accessKeys[${i}]`) }),
        ...(key.id === undefined ? {} : { id: str(key, 'id', `${where}.accessKeys[${i}]`, UNIQUE_ID) }),
      };
    }),
    tags: tags(raw.tags, `${where}.tags`),
    ...(raw.createDate === undefined ? {} : { createDate: isoDate(raw, 'createDate', where) }),
    ...(raw.passwordLastChanged === undefined
      ? {}
      : { passwordLastChanged: isoDate(raw, 'passwordLastChanged', where) }),
    ...(raw.password === undefined ? {} : { password: str(raw, 'password', where) }),
    ...(raw.passwordResetRequired === undefined
      ? {}
      : { passwordResetRequired: bool(raw, 'passwordResetRequired', where) }),
    ...(raw.mfaDevices === undefined
      ? {}
      : {
          mfaDevices: list(raw, 'mfaDevices', where).map((serial, i) => {
            if (typeof serial !== 'string') fail(`${where}.mfaDevices[${i}]`, 'must be a serial number');
            return serial;
          }),
        }),
    ...readAttachments(raw, where),
  };
}

function readDevice(raw: unknown, where: string, users: Set<string>): VirtualMfaDeviceFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const assignedTo = raw.assignedTo ?? null;
  if (assignedTo !== null && (typeof assignedTo !== 'string' || !users.has(assignedTo))) {
    fail(`${where}.assignedTo`, `${JSON.stringify(assignedTo)} is not a user of this account`);
  }
  const device: VirtualMfaDeviceFixture = {
    name: str(raw, 'name', where, VIRTUAL_MFA_DEVICE_NAME),
    path: raw.path === undefined ? '/' : str(raw, 'path', where, IAM_PATH),
    assignedTo,
  };
  if (raw.seed !== undefined) device.seed = str(raw, 'seed', where, /^[A-Z2-7]+=*$/);
  if (raw.enableDate !== undefined) device.enableDate = str(raw, 'enableDate', where);
  if (raw.tags !== undefined) device.tags = tags(raw.tags, `${where}.tags`);
  return device;
}

/** IAM's role name pattern: `[\w+=,.@-]+`, 1 to 64 characters. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function readRole(raw: unknown, where: string): RoleFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const document = raw.assumeRolePolicyDocument;
  const problem = trustPolicyProblem(document);
  if (problem !== undefined) fail(`${where}.assumeRolePolicyDocument`, problem);
  const maxSessionDuration = raw.maxSessionDuration ?? 3600;
  if (
    typeof maxSessionDuration !== 'number' ||
    !Number.isInteger(maxSessionDuration) ||
    maxSessionDuration < 3600 ||
    maxSessionDuration > 43_200
  ) {
    fail(`${where}.maxSessionDuration`, 'must be whole seconds from 3600 to 43200');
  }
  return {
    roleName: str(raw, 'roleName', where, ROLE_NAME),
    path: raw.path === undefined ? '/' : str(raw, 'path', where, IAM_PATH),
    assumeRolePolicyDocument: document as object,
    maxSessionDuration,
  };
}

function readParameter(raw: unknown, where: string): SsmParameterFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const type = str(raw, 'type', where);
  if (type !== 'String' && type !== 'SecureString')
    fail(`${where}.type`, 'must be "String" or "SecureString"');
  const parameter: SsmParameterFixture = {
    name: str(raw, 'name', where, /^\/[\w.\-/]{1,1010}$/),
    type,
    value: str(raw, 'value', where),
  };
  if (raw.expiresAt !== undefined) parameter.expiresAt = str(raw, 'expiresAt', where);
  if (raw.keyId !== undefined) parameter.keyId = str(raw, 'keyId', where);
  return parameter;
}

function readCredentialReport(raw: unknown, where: string): CredentialReportFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const state = str(raw, 'state', where);
  if (state !== 'STARTED' && state !== 'INPROGRESS' && state !== 'COMPLETE') {
    fail(`${where}.state`, 'must be "STARTED", "INPROGRESS" or "COMPLETE"');
  }
  return { generatedTime: isoDate(raw, 'generatedTime', where), content: str(raw, 'content', where), state };
}

function readSecurityHub(raw: unknown, where: string): SecurityHubFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  return {
    enabled: bool(raw, 'enabled', where),
    findings: list(raw, 'findings', where).map((finding, i) => {
      if (!isRecord(finding)) fail(`${where}.findings[${i}]`, 'must be an object');
      return finding;
    }),
  };
}

function readRootCredentials(raw: unknown, where: string): RootCredentialsFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const known = Object.keys(DEFAULT_ROOT_CREDENTIALS) as (keyof RootCredentialsFixture)[];
  const unknown = Object.keys(raw).find((key) => !(known as string[]).includes(key));
  if (unknown !== undefined) fail(`${where}.${unknown}`, `is not one of ${known.join(', ')}`);
  const credentials = { ...DEFAULT_ROOT_CREDENTIALS };
  for (const key of known) if (raw[key] !== undefined) credentials[key] = bool(raw, key, where);
  return credentials;
}

function readS3(raw: unknown, where: string): S3Fixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  return {
    buckets: list(raw, 'buckets', where).map((bucket, b) => {
      const at = `${where}.buckets[${b}]`;
      if (!isRecord(bucket)) fail(at, 'must be an object');
      return {
        name: str(bucket, 'name', at, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
        objects: list(bucket, 'objects', at).map((object, o) => {
          const there = `${at}.objects[${o}]`;
          if (!isRecord(object)) fail(there, 'must be an object');
          return {
            key: str(object, 'key', there),
            body: str(object, 'body', there),
            ...(object.etag === undefined ? {} : { etag: str(object, 'etag', there, /^"[0-9a-f]{32}"$/) }),
            ...(object.lastModified === undefined
              ? {}
              : { lastModified: isoDate(object, 'lastModified', there) }),
          };
        }),
      };
    }),
  };
}

function readAccount(raw: unknown, where: string): AccountFixture {
  if (!isRecord(raw)) fail(where, 'must be an object');
  const status = str(raw, 'status', where);
  if (!ACCOUNT_STATES.includes(status as AccountState))
    fail(`${where}.status`, `must be one of ${ACCOUNT_STATES.map((s) => `"${s}"`).join(', ')}`);
  const iam = raw.iam ?? {};
  if (!isRecord(iam)) fail(`${where}.iam`, 'must be an object');
  const users = list(iam, 'users', `${where}.iam`).map((u, i) => readUser(u, `${where}.iam.users[${i}]`));
  const userNames = new Set(users.map((u) => u.userName));
  if (userNames.size !== users.length) fail(`${where}.iam.users`, 'has two users with the same name');
  const ssm = raw.ssm;
  if (ssm !== undefined && !isRecord(ssm)) fail(`${where}.ssm`, 'must be an object');
  const roles =
    iam.roles === undefined
      ? undefined
      : list(iam, 'roles', `${where}.iam`).map((r, i) => readRole(r, `${where}.iam.roles[${i}]`));
  if (roles !== undefined && new Set(roles.map((r) => r.roleName)).size !== roles.length) {
    fail(`${where}.iam.roles`, 'has two roles with the same name');
  }
  const credentialReport =
    iam.credentialReport === undefined
      ? undefined
      : readCredentialReport(iam.credentialReport, `${where}.iam.credentialReport`);
  const accountSummary = iam.accountSummary;
  if (
    accountSummary !== undefined &&
    (!isRecord(accountSummary) ||
      Object.values(accountSummary).some((v) => v !== null && typeof v !== 'number'))
  ) {
    fail(`${where}.iam.accountSummary`, 'must be an object of numbers (or null)');
  }
  return {
    id: str(raw, 'id', where, ACCOUNT_ID),
    name: str(raw, 'name', where),
    status: status as AccountState,
    parentId: str(raw, 'parentId', where),
    memberStack: bool(raw, 'memberStack', where),
    iam: {
      users,
      virtualMfaDevices: list(iam, 'virtualMfaDevices', `${where}.iam`).map((d, i) =>
        readDevice(d, `${where}.iam.virtualMfaDevices[${i}]`, userNames),
      ),
      ...(credentialReport === undefined ? {} : { credentialReport }),
      ...(roles === undefined ? {} : { roles }),
      ...(accountSummary === undefined
        ? {}
        : { accountSummary: accountSummary as Record<string, number | null> }),
    },
    ...(ssm === undefined
      ? {}
      : {
          ssm: {
            parameters: list(ssm, 'parameters', `${where}.ssm`).map((p, i) =>
              readParameter(p, `${where}.ssm.parameters[${i}]`),
            ),
          },
        }),
    ...(raw.rootMfaActive === undefined ? {} : { rootMfaActive: bool(raw, 'rootMfaActive', where) }),
    ...(raw.rootCredentials === undefined
      ? {}
      : { rootCredentials: readRootCredentials(raw.rootCredentials, `${where}.rootCredentials`) }),
    ...(raw.securityHub === undefined
      ? {}
      : { securityHub: readSecurityHub(raw.securityHub, `${where}.securityHub`) }),
    ...(raw.s3 === undefined ? {} : { s3: readS3(raw.s3, `${where}.s3`) }),
  };
}

/** Validates parsed JSON as an organization fixture. Throws {@link FixtureError} naming the bad field. */
export function readOrganizationFixture(raw: unknown): OrganizationFixture {
  if (!isRecord(raw)) fail('organization', 'must be a JSON object');
  const accounts = list(raw, 'accounts', 'organization').map((a, i) => readAccount(a, `accounts[${i}]`));
  const ids = new Set(accounts.map((a) => a.id));
  if (ids.size !== accounts.length) fail('accounts', 'has two accounts with the same id');
  const fixture: OrganizationFixture = {
    organizationId: str(raw, 'organizationId', 'organization', /^o-[a-z0-9]{10,32}$/),
    managementAccountId: str(raw, 'managementAccountId', 'organization', ACCOUNT_ID),
    hubAccountId: str(raw, 'hubAccountId', 'organization', ACCOUNT_ID),
    accounts,
  };
  if (raw.organizationalUnits !== undefined) {
    fixture.organizationalUnits = list(raw, 'organizationalUnits', 'organization').map((ou, i) => {
      if (!isRecord(ou)) fail(`organizationalUnits[${i}]`, 'must be an object');
      const unit: OrganizationalUnitFixture = {
        id: str(ou, 'id', `organizationalUnits[${i}]`, /^ou-/),
        parentId: str(ou, 'parentId', `organizationalUnits[${i}]`),
      };
      if (ou.name !== undefined) unit.name = str(ou, 'name', `organizationalUnits[${i}]`);
      return unit;
    });
  }
  const buckets = accounts.flatMap((a) => a.s3?.buckets.map((b) => b.name) ?? []);
  if (new Set(buckets).size !== buckets.length) fail('accounts', 'have two buckets with the same name');
  for (const key of ['managementAccountId', 'hubAccountId'] as const) {
    if (!ids.has(fixture[key])) fail(`organization.${key}`, `${fixture[key]} is not one of the accounts`);
  }
  return fixture;
}
