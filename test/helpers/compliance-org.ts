import type { OrganizationFixture } from '../../local/sim/fixture';
import { orgFixture } from './simulated-org';

export const MGMT = '111111111111';
export const PROD = '222222222222';
export const SANDBOX = '333333333333';
export const SUSPENDED = '444444444444';
export const NO_SECURITY_HUB = '555555555555';

/** The moment the compliance organization describes by default: the e2e tests' virtual clock. */
export const COMPLIANCE_AT = new Date('2026-11-21T09:00:00Z');

const HOUR_MS = 3_600_000;

/**
 * The three-account organization with Security Hub enabled, users that exercise every control, and two
 * more accounts: one suspended, one without Security Hub. Root of the management account has no MFA.
 * `at` is the moment it describes (tests on the real clock pass now): gina's provisioned device was
 * enabled eight days and nine hours before, and its seed expired uncollected a day and nine hours before.
 */
export function complianceOrg(at: Date = COMPLIANCE_AT): OrganizationFixture {
  const seedExpired = new Date(at.getTime() - 33 * HOUR_MS);
  const fixture = orgFixture();
  const [mgmt, prod] = [fixture.accounts[0]!, fixture.accounts[1]!];
  for (const account of fixture.accounts) account.securityHub = { enabled: true, findings: [] };
  mgmt.rootMfaActive = false;
  prod.iam.users.push(
    { userName: 'dave', path: '/', consolePassword: false, accessKeys: [{ active: true }], tags: {} },
    {
      userName: 'erin',
      path: '/',
      consolePassword: true,
      accessKeys: [],
      tags: { 'orgmfa:exempt': 'break-glass account, in the safe' },
    },
    {
      userName: 'frank',
      path: '/',
      consolePassword: true,
      accessKeys: [],
      tags: { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': '2026-01-31' },
    },
    { userName: 'gina', path: '/', consolePassword: true, accessKeys: [], tags: {} },
  );
  prod.iam.virtualMfaDevices.push(
    // An orphan orgmfa's record has known unassigned for three days (see below): old enough to delete.
    { name: 'old-orphan', path: '/', assignedTo: null },
    // Gina's provisioned device, whose seed expired uncollected (seven days after it was enabled).
    {
      name: 'gina',
      path: '/',
      assignedTo: 'gina',
      enableDate: new Date(seedExpired.getTime() - 7 * 24 * HOUR_MS).toISOString(),
      tags: { 'orgmfa:managed': 'provisioned', 'orgmfa:seed-expires': seedExpired.toISOString() },
    },
  );
  // orgmfa's device record in the hub's state bucket, as the hub wrote it three days ago.
  mgmt.s3 = {
    buckets: [
      {
        name: 'orgmfa-state-111111111111',
        objects: [
          {
            key: `devices/${PROD}.json`,
            body: JSON.stringify({
              format: 1,
              accountId: PROD,
              devices: {
                [`arn:aws:iam::${PROD}:mfa/old-orphan`]: {
                  unassignedSince: '2026-11-18T09:00:00.000Z',
                  asOf: '2026-11-18T09:00:00.000Z',
                  checkedAt: '2026-11-18T09:00:00.000Z',
                },
              },
            }),
          },
        ],
      },
    ],
  };
  fixture.accounts.push(
    {
      id: SUSPENDED,
      name: 'closing',
      status: 'SUSPENDED',
      parentId: 'ou-a1b2-sandbox1',
      memberStack: true,
      iam: { users: [], virtualMfaDevices: [] },
      securityHub: { enabled: true, findings: [] },
    },
    {
      id: NO_SECURITY_HUB,
      name: 'legacy',
      status: 'ACTIVE',
      parentId: 'ou-a1b2-sandbox1',
      memberStack: true,
      iam: {
        users: [{ userName: 'henry', path: '/', consolePassword: true, accessKeys: [], tags: {} }],
        virtualMfaDevices: [],
      },
    },
  );
  return fixture;
}

/**
 * The compliance organization with mallory in the prod account on the path `/a,"b",c/`, whose
 * credential-report row reads consistently both as quoted CSV and as plain fields: a console password,
 * an active key and no MFA.
 */
export function complianceOrgWithQuotedPath(): OrganizationFixture {
  const fixture = complianceOrg();
  fixture.accounts
    .find((a) => a.id === PROD)!
    .iam.users.push({
      userName: 'mallory',
      path: '/a,"b",c/',
      consolePassword: true,
      accessKeys: [{ active: true }],
      tags: {},
    });
  return fixture;
}
