import type { AccountFixture, OrganizationFixture } from '../local/sim/fixture';

/** The synthetic organization's root: what the benchmarks' configurations target. */
export const SYNTHETIC_ROOT = 'r-a1b2';

/** Accounts per OU: a large organization is spread over OUs, each listed by pages of 20. */
const ACCOUNTS_PER_OU = 1000;

/** A synthetic member account with `users` users; every fifth has no MFA, every second an active key. */
export function account(id: string, users: number, parentId = 'ou-a1b2-workload1'): AccountFixture {
  return {
    id,
    name: `account-${id}`,
    status: 'ACTIVE',
    parentId,
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

/**
 * An organization of `accounts` accounts with `users` users each: the management account in the
 * root, the others in OUs of 1,000 under a Workloads OU (`Root/Workloads/Team-<n>`).
 */
export function organization(accounts: number, users: number): OrganizationFixture {
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  const teams = Math.ceil(Math.max(1, accounts - 1) / ACCOUNTS_PER_OU);
  const team = (n: number) => `ou-a1b2-team${String(n).padStart(4, '0')}`;
  return {
    organizationId: 'o-a1b2c3d4e5',
    managementAccountId: ids[0]!,
    hubAccountId: ids[0]!,
    organizationalUnits: [
      { id: 'ou-a1b2-workload1', parentId: SYNTHETIC_ROOT, name: 'Workloads' },
      ...Array.from({ length: teams }, (_, n) => ({
        id: team(n),
        parentId: 'ou-a1b2-workload1',
        name: `Team-${n}`,
      })),
    ],
    accounts: ids.map((id, i) =>
      account(id, users, i === 0 ? SYNTHETIC_ROOT : team(Math.floor((i - 1) / ACCOUNTS_PER_OU))),
    ),
  };
}
