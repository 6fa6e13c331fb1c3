import { partitionOfRegion, type Partition } from '../core/naming';
import type { HubSettings } from '../core/settings';
import type { ProvisioningSettings } from '../core/provisioning-settings';
import type { ComplianceSettings } from '../core/compliance-settings';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Reads {@link HubSettings} from the Lambda environment the hub stack sets. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const partition = required(env, 'PARTITION');
  if (partitionOfRegion(env.AWS_REGION ?? '') !== partition) {
    throw new Error(
      `PARTITION ${partition} does not match the function's region ${env.AWS_REGION ?? '(unset)'}`,
    );
  }
  return {
    organizationId: required(env, 'ORGANIZATION_ID'),
    managementAccountId: required(env, 'MANAGEMENT_ACCOUNT_ID'),
    hubAccountId: required(env, 'HUB_ACCOUNT_ID'),
    partition: partition as Partition,
    memberRoleName: required(env, 'MEMBER_ROLE_NAME'),
  };
}

/** Reads the provisioning settings the hub stack passes as JSON in `PROVISIONING`. */
export function provisioningFromEnv(env: NodeJS.ProcessEnv = process.env): ProvisioningSettings {
  return JSON.parse(required(env, 'PROVISIONING')) as ProvisioningSettings;
}

/** Reads the compliance settings the hub stack passes as JSON in `COMPLIANCE`. */
export function complianceFromEnv(env: NodeJS.ProcessEnv = process.env): ComplianceSettings {
  return JSON.parse(required(env, 'COMPLIANCE')) as ComplianceSettings;
}

/** The hub's state bucket (`STATE_BUCKET`): findings records, sweep files, reports. */
export function stateBucketFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return required(env, 'STATE_BUCKET');
}
