import type { AccountFixture, AccountState, OrganizationFixture } from '../../local/sim/fixture';

export const ROOT = 'r-a1b2';
export const MGMT = '111111111111';
export const WORKLOADS = 'ou-a1b2-workload1';
export const PROD_OU = 'ou-a1b2-prod0001';
export const SANDBOX_OU = 'ou-a1b2-sandbox1';

/** A member account with one user who has no MFA (so that each swept account has a finding). */
export function member(id: string, parentId: string, status: AccountState = 'ACTIVE'): AccountFixture {
  return {
    id,
    name: `account-${id.slice(-3)}`,
    status,
    parentId,
    memberStack: true,
    securityHub: { enabled: true, findings: [] },
    iam: {
      users: [{ userName: 'pat', path: '/', consolePassword: true, accessKeys: [], tags: {} }],
      virtualMfaDevices: [],
    },
  };
}

/**
 * An organization with a tree: the management account in the root; Workloads (ou) with a Prod OU
 * below it; Sandbox beside Workloads. Prod holds `prodAccounts` ACTIVE accounts (2000000000xx) and one
 * account in each state that is not ACTIVE; Workloads holds one account of its own; Sandbox one.
 */
export function treeOrg(prodAccounts = 2): OrganizationFixture {
  const prod = Array.from({ length: prodAccounts }, (_, i) => member(String(200000000000 + i), PROD_OU));
  return {
    organizationId: 'o-a1b2c3d4e5',
    managementAccountId: MGMT,
    hubAccountId: MGMT,
    organizationalUnits: [
      { id: WORKLOADS, parentId: ROOT, name: 'Workloads' },
      { id: PROD_OU, parentId: WORKLOADS, name: 'Prod' },
      { id: SANDBOX_OU, parentId: ROOT, name: 'Sandbox' },
    ],
    accounts: [
      { ...member(MGMT, ROOT), name: 'management' },
      ...prod,
      member('300000000001', PROD_OU, 'SUSPENDED'),
      member('300000000002', PROD_OU, 'PENDING_CLOSURE'),
      member('300000000003', PROD_OU, 'CLOSED'),
      member('400000000001', WORKLOADS),
      member('500000000001', SANDBOX_OU),
    ],
  };
}
