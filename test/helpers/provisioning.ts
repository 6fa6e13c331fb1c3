import type { OrgMfaConfig } from '../../functions/core/config';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, projectConfig } from './simulated-org';

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

/**
 * An organization's state with empty SSM stores dropped: a store that held a parameter and had it
 * deleted is, for AWS, the same as one that never held any.
 */
export function comparableState(state: OrganizationFixture): OrganizationFixture {
  return {
    ...state,
    accounts: state.accounts.map(({ ssm, ...account }) =>
      ssm === undefined || ssm.parameters.length === 0 ? account : { ...account, ssm },
    ),
  };
}

/** The three-account fixture with `dave`, created by an admin ten seconds before 09:00:10 in the prod account. */
export function withNewUserDave(): OrganizationFixture {
  const fixture = orgFixture();
  fixture.accounts[1]!.iam.users.push({
    userName: 'dave',
    path: '/',
    userId: 'AIDADAVE000000000001',
    consolePassword: false,
    accessKeys: [],
    tags: {},
    createDate: '2026-11-21T09:00:00Z',
  });
  return fixture;
}
