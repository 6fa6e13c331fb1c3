import { readOrganizationFixture, type OrganizationFixture } from '../../local/sim/fixture';
import { orgFixture } from './simulated-org';

export const PROD = '222222222222';
export const SANDBOX = '333333333333';
/** bob's assigned virtual MFA device in the three-accounts fixture, and its seed. */
export const BOB_DEVICE = `arn:aws:iam::${PROD}:mfa/bob`;
export const BOB_SEED = 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK';
export const EXTERNAL_ID = 'orgmfa-example-42';

const requireMfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };

/** The roles people of the three-accounts organization assume, by ARN. */
export const ROLES = {
  /** prod: anyone of prod, with MFA; sessions up to 12 hours. */
  admin: `arn:aws:iam::${PROD}:role/Admin`,
  /** sandbox: only bob (by his ARN, path included), with MFA and the external id. */
  readOnly: `arn:aws:iam::${SANDBOX}:role/teams/ReadOnly`,
  /** sandbox: only prod's Admin role (role chaining), with MFA. */
  deploy: `arn:aws:iam::${SANDBOX}:role/Deploy`,
  /** prod: anyone of prod, no MFA needed; denied to sessions whose MFA is over an hour old. */
  open: `arn:aws:iam::${PROD}:role/Open`,
} as const;

/**
 * The three-accounts organization with roles to assume: trust policies that require MFA, an external
 * id, a specific user, a role (chaining), and a Deny on old MFA.
 */
export function rolesFixture(): OrganizationFixture {
  const raw = JSON.parse(JSON.stringify(orgFixture())) as {
    accounts: { id: string; iam: Record<string, unknown> }[];
  };
  const account = (id: string) => raw.accounts.find((a) => a.id === id)!;
  account(PROD).iam.roles = [
    {
      roleName: 'Admin',
      maxSessionDuration: 43_200,
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${PROD}:root` },
            Action: 'sts:AssumeRole',
            Condition: requireMfa,
          },
        ],
      },
    },
    {
      roleName: 'Open',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: PROD }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:*',
            Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } },
          },
        ],
      },
    },
  ];
  account(SANDBOX).iam.roles = [
    {
      roleName: 'ReadOnly',
      path: '/teams/',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${PROD}:user/engineering/bob`] },
          Action: 'sts:AssumeRole',
          Condition: { ...requireMfa, StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
        },
      },
    },
    {
      roleName: 'Deploy',
      assumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: ROLES.admin },
            Action: 'sts:AssumeRole',
            Condition: requireMfa,
          },
        ],
      },
    },
  ];
  return readOrganizationFixture(raw);
}
