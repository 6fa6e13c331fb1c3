import { parseConfig, type OrgMfaConfig } from '../../../functions/core/config';

/** Account ids the infra tests use; the hub is a delegated administrator unless a test says otherwise. */
export const ACCOUNTS = {
  management: '111111111111',
  hub: '222222222222',
  member: '333333333333',
  outsider: '444444444444',
} as const;

/** The organization of the infra tests, and one that is not it. */
export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
export const OTHER_ORGANIZATION_ID = 'o-z9y8x7w6v5';

/** The raw `orgmfa` context the tests start from. */
export function rawTestContext(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    organizationId: ORGANIZATION_ID,
    managementAccountId: ACCOUNTS.management,
    hubAccountId: ACCOUNTS.hub,
    hubRegion: 'eu-west-1',
    targetOrganizationalUnitIds: ['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop'],
    ...overrides,
  };
}

/** A validated configuration, as the app would get it from cdk.json. */
export function testConfig(overrides: Record<string, unknown> = {}): OrgMfaConfig {
  return parseConfig({ orgmfa: rawTestContext(overrides) });
}
