import type { OrgMfaConfig } from '../../functions/core/config';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import { projectConfig } from './simulated-org';

/** The project's configuration with provisioning on for the workloads OU of the three-account fixture. */
export function provisioningConfig(overrides: Partial<OrgMfaConfig['provisioning']> = {}): OrgMfaConfig {
  const config = projectConfig();
  return {
    ...config,
    provisioning: { ...config.provisioning, organizationalUnitIds: ['ou-a1b2-workload1'], ...overrides },
  };
}

/** The CreateUser event an admin's console call produces, as the member rule forwards it. */
export function createUserEvent(
  accountId: string,
  userName: string,
  requestParameters: Record<string, unknown> = {},
) {
  return cloudTrailEvent({
    accountId,
    userName: 'admin',
    eventName: 'CreateUser',
    requestParameters: { userName, ...requestParameters },
    time: new Date('2026-11-21T09:00:00Z'),
  });
}
