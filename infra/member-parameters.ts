import type { OrgMfaConfig } from '../functions/core/config';
import { trustedHubRoleArns } from './policies/hub-role-names';

/**
 * The values that make one member template fit a given organization and hub. The StackSet passes them
 * as parameters; the management account's stack has them as parameter defaults.
 */
export interface MemberParameterValues {
  readonly hubAccountId: string;
  readonly organizationId: string;
  readonly centralEventBusArn: string;
  readonly trustedPrincipalArns: readonly string[];
  readonly memberRoleName: string;
  /** The hub's region: seeds are stored in SSM and findings imported into Security Hub there. */
  readonly hubRegion: string;
  /** "true" when provisioning may delete a user it could not give MFA (deleteUserOnFailure). */
  readonly allowUserDeletion: 'true' | 'false';
  /** "true" when provisioning sets a random initial console password (setInitialPassword). */
  readonly setInitialPassword: 'true' | 'false';
  /** The ARN of a customer managed key for seeds (`seedKmsKeyId` a key ARN), else "". */
  readonly seedKmsKeyArn: string;
  /** The alias of a customer managed key for seeds, present in every member account, else "". */
  readonly seedKmsKeyAlias: string;
  /**
   * `provisioning.deviceNameTemplate`: the `OrgMfaRequireMfa` policy lets a user without MFA create a
   * device of that name for themselves, and no other.
   */
  readonly mfaDeviceNameTemplate: string;
}

/** The member template's CloudFormation parameter names, keyed like {@link MemberParameterValues}. */
export const MEMBER_PARAMETER_NAMES = {
  hubAccountId: 'HubAccountId',
  organizationId: 'OrganizationId',
  centralEventBusArn: 'CentralEventBusArn',
  trustedPrincipalArns: 'TrustedPrincipalArns',
  memberRoleName: 'MemberRoleName',
  hubRegion: 'HubRegion',
  allowUserDeletion: 'AllowUserDeletion',
  // Not named after a password: CloudFormation linters would take it for a secret parameter.
  setInitialPassword: 'NewUserConsoleAccess',
  seedKmsKeyArn: 'SeedKmsKeyArn',
  seedKmsKeyAlias: 'SeedKmsKeyAlias',
  mfaDeviceNameTemplate: 'MfaDeviceNameTemplate',
} as const satisfies Record<keyof MemberParameterValues, string>;

/** The AWS managed key of SSM: its key policy already lets the account's principals use it through SSM. */
export const DEFAULT_SEED_KEY = 'alias/aws/ssm';

/**
 * `seedKmsKeyId` as the member template takes it: a key ARN or an alias of a customer managed key, in
 * its own parameter (the template grants exactly that key), or neither for SSM's default key.
 */
export function seedKeyParameters(
  seedKmsKeyId: string,
): Pick<MemberParameterValues, 'seedKmsKeyArn' | 'seedKmsKeyAlias'> {
  if (seedKmsKeyId === DEFAULT_SEED_KEY) return { seedKmsKeyArn: '', seedKmsKeyAlias: '' };
  return seedKmsKeyId.startsWith('alias/')
    ? { seedKmsKeyArn: '', seedKmsKeyAlias: seedKmsKeyId }
    : { seedKmsKeyArn: seedKmsKeyId, seedKmsKeyAlias: '' };
}

/** ARN of the hub's central event bus, from configuration alone (no cross-stack reference). */
export function centralEventBusArn(
  config: Pick<OrgMfaConfig, 'partition' | 'hubRegion' | 'hubAccountId' | 'eventBusName'>,
): string {
  return `arn:${config.partition}:events:${config.hubRegion}:${config.hubAccountId}:event-bus/${config.eventBusName}`;
}

/** The member parameter values for this configuration. */
export function memberParameterValues(config: OrgMfaConfig): MemberParameterValues {
  return {
    hubAccountId: config.hubAccountId,
    organizationId: config.organizationId,
    centralEventBusArn: centralEventBusArn(config),
    trustedPrincipalArns: trustedHubRoleArns(config),
    memberRoleName: config.memberRoleName,
    hubRegion: config.hubRegion,
    allowUserDeletion: config.provisioning.deleteUserOnFailure ? 'true' : 'false',
    setInitialPassword: config.provisioning.setInitialPassword ? 'true' : 'false',
    ...seedKeyParameters(config.provisioning.seedKmsKeyId),
    mfaDeviceNameTemplate: config.provisioning.deviceNameTemplate,
  };
}

/**
 * The values as CloudFormation parameter strings, keyed by parameter name. A CommaDelimitedList is
 * passed as one comma-joined string.
 */
export function memberParameterStrings(values: MemberParameterValues): Record<string, string> {
  return {
    [MEMBER_PARAMETER_NAMES.hubAccountId]: values.hubAccountId,
    [MEMBER_PARAMETER_NAMES.organizationId]: values.organizationId,
    [MEMBER_PARAMETER_NAMES.centralEventBusArn]: values.centralEventBusArn,
    [MEMBER_PARAMETER_NAMES.trustedPrincipalArns]: values.trustedPrincipalArns.join(','),
    [MEMBER_PARAMETER_NAMES.memberRoleName]: values.memberRoleName,
    [MEMBER_PARAMETER_NAMES.hubRegion]: values.hubRegion,
    [MEMBER_PARAMETER_NAMES.allowUserDeletion]: values.allowUserDeletion,
    [MEMBER_PARAMETER_NAMES.setInitialPassword]: values.setInitialPassword,
    [MEMBER_PARAMETER_NAMES.seedKmsKeyArn]: values.seedKmsKeyArn,
    [MEMBER_PARAMETER_NAMES.seedKmsKeyAlias]: values.seedKmsKeyAlias,
    [MEMBER_PARAMETER_NAMES.mfaDeviceNameTemplate]: values.mfaDeviceNameTemplate,
  };
}
