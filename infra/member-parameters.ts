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
} as const satisfies Record<keyof MemberParameterValues, string>;

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
  };
}
