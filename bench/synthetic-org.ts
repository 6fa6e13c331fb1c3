import type { AccountFixture, OrganizationFixture } from '../local/sim/fixture';

/** A synthetic member account with `users` users; every fifth has no MFA, every second an active key. */
export function account(id: string, users: number): AccountFixture {
  return {
    id,
    name: `account-${id}`,
    status: 'ACTIVE',
    parentId: 'ou-a1b2-workload1',
    memberStack: true,
    securityHub: { enabled: true, findings: [] },
    iam: {
      // Every fifth user lacks MFA: a realistic share of findings.
      users: Array.from({ length: users }, (_, i) => ({
        userName: `user${i}`,
        path: '/',
        consolePassword: true,
        accessKeys: [{ active: i % 2 === 0 }],
        tags: {},
      })),
      virtualMfaDevices: Array.from({ length: users }, (_, i) => i)
        .filter((i) => i % 5 !== 0)
        .map((i) => ({ name: `user${i}`, path: '/', assignedTo: `user${i}` })),
    },
  };
}

export function organization(accounts: number, users: number): OrganizationFixture {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  return {
    organizationId: 'o-a1b2c3d4e5',
    managementAccountId: ids[0]!,
    hubAccountId: ids[0]!,
    accounts: ids.map((id) => account(id, users)),
  };
}
