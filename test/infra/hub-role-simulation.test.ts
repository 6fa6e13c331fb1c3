import { ACCOUNTS, ORGANIZATION_ID, OTHER_ORGANIZATION_ID, testConfig } from './support/test-config';
import {
  deployedCleanUpOrphanRole,
  deployedMemberRole,
  type DeployedMemberRole,
} from './support/deployed-policies';
import { simulate, type PolicyDocument } from './support/iam-simulation';

/**
 * The hub's cleanup-orphan role, with the policies the hub template gives it, evaluated by an IAM
 * policy simulator: it reaches member roles inside the organization and nothing that only looks like one.
 */
describe('cleanup-orphan role (IAM simulation)', () => {
  const config = testConfig();
  let worker: { arn: string; policies: PolicyDocument[] };
  let memberRole: DeployedMemberRole;
  beforeAll(() => {
    worker = deployedCleanUpOrphanRole(config);
    memberRole = deployedMemberRole(config, ACCOUNTS.member);
  });

  /** A role in another account whose trust lets the whole hub account in, unconditionally. */
  const permissiveTrust: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNTS.hub}:root` }, Action: 'sts:AssumeRole' },
    ],
  };

  function assumeRole(roleArn: string, resourceOrgId: string | undefined, trust: PolicyDocument) {
    return simulate({
      principal: worker.arn,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourceAccount: roleArn.split(':')[4]!,
      context: {
        'aws:PrincipalArn': worker.arn,
        'aws:PrincipalAccount': ACCOUNTS.hub,
        'aws:PrincipalOrgID': ORGANIZATION_ID,
        ...(resourceOrgId === undefined ? {} : { 'aws:ResourceOrgID': resourceOrgId }),
      },
      identityPolicies: worker.policies,
      resourcePolicy: trust,
    });
  }

  test('may assume the member role in an account of the organization', async () => {
    const verdict = await assumeRole(memberRole.arn, ORGANIZATION_ID, memberRole.trust);
    expect(verdict.result).toBe('Allowed');
  });

  test.each([
    ['in another organization', OTHER_ORGANIZATION_ID],
    ['in no organization', undefined],
  ])(
    'may not assume a look-alike member role %s, even one that trusts the hub account',
    async (_case, orgId) => {
      // GIVEN an account outside the organization with a role of the member role's name
      const lookAlike = `arn:aws:iam::${ACCOUNTS.outsider}:role/${config.memberRoleName}`;

      // WHEN
      const verdict = await assumeRole(lookAlike, orgId, permissiveTrust);

      // THEN the hub role's own policy refuses (aws:ResourceOrgID)
      expect(verdict.identity).toBe('ImplicitlyDenied');
      expect(verdict.result).toBe('ImplicitlyDenied');
    },
  );

  test('the organization is what decides: the same look-alike role inside the organization would be allowed', async () => {
    // GIVEN the look-alike request of the previous tests, but with the account inside the organization
    const lookAlike = `arn:aws:iam::${ACCOUNTS.outsider}:role/${config.memberRoleName}`;

    // WHEN
    const verdict = await assumeRole(lookAlike, ORGANIZATION_ID, permissiveTrust);

    // THEN (so the denials above come from aws:ResourceOrgID, not from the simulation's set-up)
    expect(verdict.result).toBe('Allowed');
  });

  test('may not assume any other role of a member account', async () => {
    const verdict = await assumeRole(
      `arn:aws:iam::${ACCOUNTS.member}:role/OrganizationAccountAccessRole`,
      ORGANIZATION_ID,
      permissiveTrust,
    );
    expect(verdict.identity).toBe('ImplicitlyDenied');
    expect(verdict.result).toBe('ImplicitlyDenied');
  });

  function describeAccount(accountArn: string) {
    return simulate({
      principal: worker.arn,
      action: 'organizations:DescribeAccount',
      resource: accountArn,
      resourceAccount: ACCOUNTS.management,
      context: { 'aws:PrincipalArn': worker.arn, 'aws:PrincipalAccount': ACCOUNTS.hub },
      identityPolicies: worker.policies,
    });
  }

  test("may describe the organization's accounts", async () => {
    const verdict = await describeAccount(
      `arn:aws:organizations::${ACCOUNTS.management}:account/${ORGANIZATION_ID}/${ACCOUNTS.member}`,
    );
    expect(verdict.identity).toBe('Allowed');
  });

  test("may not describe another organization's accounts", async () => {
    const verdict = await describeAccount(
      `arn:aws:organizations::${ACCOUNTS.outsider}:account/${OTHER_ORGANIZATION_ID}/${ACCOUNTS.outsider}`,
    );
    expect(verdict.identity).toBe('ImplicitlyDenied');
    expect(verdict.result).toBe('ImplicitlyDenied');
  });
});
