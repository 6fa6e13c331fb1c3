import { createAwsClients } from '../functions/aws/clients';
import {
  readDeviceRecord,
  type DeviceRecordStore,
  type StoredDeviceRecord,
} from '../functions/aws/device-record';
import { isAccessDenied } from '../functions/aws/aws-errors';
import { readFindingsRecord, recordKey, type FindingsRecord } from '../functions/aws/findings-record';
import {
  openMemberAccount,
  type MemberAccount,
  type MemberAccountDeps,
} from '../functions/aws/member-account';
import type { Log } from '../functions/aws/log';
import { AccountNotEligibleError, MemberRoleUnavailableError } from '../functions/core/errors';
import {
  DEFAULT_COMPLIANCE,
  DEFAULT_PROVISIONING,
  type ComplianceSettings,
  type ProvisioningSettings,
} from '../functions/core/config';
import { deviceRecordKey, emptyDeviceRecord } from '../functions/core/device-record';
import { DEFAULT_MEMBER_ROLE_NAME, stateBucketName } from '../functions/core/naming';
import { CollectingLog } from '../functions/aws/collecting-log';
import { profileName, readSharedFiles, requireProfile } from './aws-files/shared-files';
import { credentialsFailure, resolveRegion } from './aws-sdk';
import { credentialsName } from './error-hints';
import { loadLocalConfig } from './local-config';
import { learnOrganization, requireSameOrganization } from './organization-identity';
import type { CliRuntime } from './runtime';
import { CommandFailedError, UsageError } from './usage-error';

/** The options of commands an operator runs from the management or delegated-administrator account. */
export interface OperatorOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly roleName?: string;
  readonly config?: string;
  readonly verbose?: boolean;
}

/** An operator's session: the membership gate's dependencies, a logger, and the configuration. */
export interface OperatorDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly compliance: ComplianceSettings;
  /** The provisioning settings: how long provisioned seeds live (ORGMFA.4's candidates). */
  readonly provisioning: ProvisioningSettings;
  /** The hub's state bucket, read with the operator's own credentials in the hub's region. */
  readonly stateStore: DeviceRecordStore;
  /** The hub's region: where orgmfa imports findings (their ids name it). */
  readonly hubRegion: string;
}

/**
 * The operator's clients and settings. The organization is learned from AWS (see learnOrganization):
 * the operator's own credentials (`--profile`, else the SDK's chain) act as the "hub", and the role to
 * assume in member accounts is `--role-name` (operators are not among the hub roles the orgmfa member
 * role trusts), else the configuration's or the default member role. `--config` adds the compliance
 * settings, the member role name and the hub (account and region, for orgmfa's state bucket), and is
 * refused when it names another organization than the credentials are in.
 */
export async function operatorDeps(options: OperatorOptions, runtime: CliRuntime): Promise<OperatorDeps> {
  const config = options.config === undefined ? undefined : loadLocalConfig(options.config);
  const files = readSharedFiles();
  requireProfile(files, options.profile);
  const region = resolveRegion(options.region, files, profileName(options.profile)) ?? config?.hubRegion;
  if (region === undefined) {
    throw new UsageError('no region: pass --region, set AWS_REGION, or give the profile a region');
  }
  const decorate = runtime.decorateClient;
  const clientsIn = (clientRegion: string) =>
    createAwsClients({
      region: clientRegion,
      ...(options.profile === undefined ? {} : { extraConfig: { profile: options.profile } }),
      ...(decorate === undefined ? {} : { decorate: (client) => decorate(client) }),
    });
  const clients = clientsIn(region);
  const who = credentialsName(options);
  // The credentials' own account is not known yet: this scope only selects them (no assumed role).
  const own = { accountId: 'caller' };
  const identity = await learnOrganization(
    { sts: clients.sts(own), organizations: clients.organizations(own) },
    who,
  );
  if (config !== undefined && options.config !== undefined) {
    requireSameOrganization(config, options.config, identity, who);
  }
  const hubAccountId = config?.hubAccountId ?? identity.callerAccountId;
  const hub = { accountId: hubAccountId };
  return {
    compliance: config?.compliance ?? DEFAULT_COMPLIANCE,
    provisioning: config?.provisioning ?? DEFAULT_PROVISIONING,
    clients,
    stateStore: {
      s3: clientsIn(config?.hubRegion ?? region).s3(hub),
      bucket: stateBucketName(hubAccountId),
    },
    hubRegion: config?.hubRegion ?? region,
    settings: {
      organizationId: identity.organizationId,
      managementAccountId: identity.managementAccountId,
      hubAccountId,
      partition: identity.partition,
      memberRoleName: options.roleName ?? config?.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
    },
    hub,
    log: new CollectingLog(options.verbose ? (line) => runtime.stderr.write(`${line}\n`) : undefined),
  };
}

/** Why an account could not be opened, in one line that says what to do; undefined for other errors. */
export function accountRefusal(
  deps: OperatorDeps,
  options: OperatorOptions,
  accountId: string,
  error: unknown,
): string | undefined {
  const who = credentialsName(options);
  if (error instanceof AccountNotEligibleError) {
    return `${error.message}: refused (orgmfa acts only in ACTIVE accounts of organization ${deps.settings.organizationId})`;
  }
  if (error instanceof MemberRoleUnavailableError) {
    return `${who} cannot assume ${deps.settings.memberRoleName} in ${accountId}: use a role they may assume (--role-name), or deploy the member stack there`;
  }
  if (isAccessDenied(error)) {
    return `Organizations refused to describe ${accountId} (${(error as Error).message}): run this from the management account or the delegated administrator`;
  }
  return credentialsFailure(error, who)?.message;
}

/** Opens a member account through the workflow's membership gate, with one-line failures. */
export async function openAccountAsOperator(
  deps: OperatorDeps,
  options: OperatorOptions,
  accountId: string,
  purpose: string,
): Promise<MemberAccount> {
  try {
    return await openMemberAccount(deps, accountId, purpose);
  } catch (error) {
    const refusal = accountRefusal(deps, options, accountId, error);
    if (refusal === undefined) throw error;
    throw new CommandFailedError(refusal, { cause: error });
  }
}

/**
 * One of orgmfa's records in the hub's state bucket (`key`), read with the operator's credentials:
 * `empty` when there is no state bucket (the hub is not deployed yet, so it has recorded nothing); a
 * refusal becomes one line saying what access it needs.
 */
async function readRecordAsOperator<T>(
  deps: OperatorDeps,
  key: string,
  what: string,
  read: () => Promise<T>,
  empty: () => T,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NoSuchBucket') return empty();
    if (!isAccessDenied(error) && name !== 'PermanentRedirect') throw error;
    throw new CommandFailedError(
      `cannot read orgmfa's ${what} s3://${deps.stateStore.bucket}/${key} (${name}): run this with credentials of the hub account ${deps.settings.hubAccountId} that may s3:GetObject it (and s3:ListBucket the bucket)`,
      { cause: error },
    );
  }
}

/**
 * An account's device record (orgmfa's proof of each unassigned device's age), read from the hub's
 * state bucket with the operator's credentials: without a state bucket no age is proven, and every
 * unassigned device counts as too recent to delete without --include-recent.
 */
export function readDeviceRecordAsOperator(
  deps: OperatorDeps,
  accountId: string,
): Promise<StoredDeviceRecord> {
  return readRecordAsOperator(
    deps,
    deviceRecordKey(accountId),
    'device record',
    () => readDeviceRecord(deps.stateStore, accountId),
    () => ({ record: emptyDeviceRecord(accountId) }),
  );
}

/** An account's findings record, read from the hub's state bucket with the operator's credentials. */
export function readFindingsRecordAsOperator(deps: OperatorDeps, accountId: string): Promise<FindingsRecord> {
  return readRecordAsOperator(
    deps,
    recordKey(accountId),
    'findings record',
    () => readFindingsRecord(deps.stateStore.s3, deps.stateStore.bucket, accountId),
    () => ({ findings: [] }),
  );
}
