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
