import type { OrgMfaConfig } from '../../functions/core/config';

/** The service name every orgmfa function logs under (Powertools). */
export const POWERTOOLS_SERVICE_NAME = 'orgmfa';

/**
 * The environment variables every hub function reads (functions/aws/settings-from-env.ts):
 * one definition, so that no function is deployed with a setting missing.
 */
export function functionEnvironment(config: OrgMfaConfig): Record<string, string> {
  return {
    ORGANIZATION_ID: config.organizationId,
    MANAGEMENT_ACCOUNT_ID: config.managementAccountId,
    HUB_ACCOUNT_ID: config.hubAccountId,
    MEMBER_ROLE_NAME: config.memberRoleName,
    PARTITION: config.partition,
    POWERTOOLS_SERVICE_NAME,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    // Read by the provision function (functions/aws/settings-from-env.ts provisioningFromEnv).
    PROVISIONING: JSON.stringify(config.provisioning),
  };
}

/**
 * The further variables of the compliance functions (functions/aws/settings-from-env.ts): the state
 * bucket's name (`STATE_BUCKET`, may be a token) and the compliance settings as JSON (`COMPLIANCE`).
 */
export function complianceEnvironment(config: OrgMfaConfig, stateBucket: string): Record<string, string> {
  return {
    ...functionEnvironment(config),
    STATE_BUCKET: stateBucket,
    COMPLIANCE: JSON.stringify(config.compliance),
  };
}

/**
 * The further variables of the event path's functions that open member accounts: the state bucket
 * (`STATE_BUCKET`: the sweep's view of the organization lives there) and how long a membership they
 * learned is trusted (`MEMBERSHIP_CACHE_MINUTES`). See functions/aws/lambda-context.ts eventPathContext.
 */
export function eventPathEnvironment(config: OrgMfaConfig, stateBucket: string): Record<string, string> {
  return {
    STATE_BUCKET: stateBucket,
    MEMBERSHIP_CACHE_MINUTES: JSON.stringify(config.eventFunctions.membershipCacheMinutes),
  };
}

/** The further variables of the sweep's listing: the roots and OUs it covers (`SWEEP_TARGETS`). */
export function listingEnvironment(config: OrgMfaConfig): Record<string, string> {
  return { SWEEP_TARGETS: JSON.stringify(config.targetOrganizationalUnitIds) };
}
