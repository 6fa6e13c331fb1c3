import type { OrgMfaConfig } from '../../functions/core/config';
import { roleArn, TRUSTED_HUB_ROLE_NAMES, type HubRoleName } from '../../functions/core/naming';

export { HUB_ROLE_NAMES, type HubRoleName } from '../../functions/core/naming';

/**
 * ARN of a role in the hub account. Hub roles have fixed names and no path, so their ARNs are known
 * from configuration alone: the management account's member stack is deployed directly, in another
 * region, and gets them without cross-stack references.
 */
export function hubRoleArn(
  config: Pick<OrgMfaConfig, 'partition' | 'hubAccountId'>,
  roleName: HubRoleName,
): string {
  return roleArn(config.partition, config.hubAccountId, roleName);
}

/**
 * ARNs of the hub roles that the member role trusts (`aws:PrincipalArn`). This is the value of the
 * member template's `TrustedPrincipalArns` parameter, for the StackSet and the management account alike.
 */
export function trustedHubRoleArns(config: Pick<OrgMfaConfig, 'partition' | 'hubAccountId'>): string[] {
  return TRUSTED_HUB_ROLE_NAMES.map((name) => hubRoleArn(config, name));
}
