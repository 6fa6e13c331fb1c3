import { ACCOUNTS, ORGANIZATION_ID, OTHER_ORGANIZATION_ID, testConfig } from './support/test-config';
import { recordKey } from '../../functions/aws/findings-record';
import { deviceRecordKey } from '../../functions/core/device-record';
import { TRUSTED_HUB_ROLE_NAMES, stateBucketName, type HubRoleName } from '../../functions/core/naming';
import { sweepPrefix } from '../../functions/list-accounts/list-accounts';
import { ORGANIZATION_VIEW_KEY } from '../../functions/aws/organization-view';
import { HUB_ROLE_NAMES } from '../../infra/policies/hub-role-names';
import {
  deployedHubRole,
  deployedMemberRole,
  type DeployedHubRole,
  type DeployedMemberRole,
} from './support/deployed-policies';
import { simulate, type PolicyDocument } from './support/iam-simulation';

/**
 * The hub roles that work in member accounts (cleanup-orphan, provision-mfa, evaluate-user,
 * sweep-account), with the policies the hub template gives them, evaluated by an IAM policy
 * simulator: they reach member roles inside the organization and nothing that only looks like one.
 */
describe.each(TRUSTED_HUB_ROLE_NAMES)('%s role (IAM simulation)', (roleName: HubRoleName) => {
  const config = testConfig();
  let worker: DeployedHubRole;
  let memberRole: DeployedMemberRole;
  beforeAll(() => {
    worker = deployedHubRole(config, roleName);
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

  // The sweep's membership comes from its listing: its role has no Organizations action at all.
  const describes = roleName !== HUB_ROLE_NAMES.sweepAccount;
  test(`may ${describes ? '' : 'not '}describe the organization's accounts`, async () => {
    const verdict = await describeAccount(
      `arn:aws:organizations::${ACCOUNTS.management}:account/${ORGANIZATION_ID}/${ACCOUNTS.member}`,
    );
    expect(verdict.identity).toBe(describes ? 'Allowed' : 'ImplicitlyDenied');
  });

  test("may not describe another organization's accounts", async () => {
    const verdict = await describeAccount(
      `arn:aws:organizations::${ACCOUNTS.outsider}:account/${OTHER_ORGANIZATION_ID}/${ACCOUNTS.outsider}`,
    );
    expect(verdict.identity).toBe('ImplicitlyDenied');
    expect(verdict.result).toBe('ImplicitlyDenied');
  });
});

/**
 * What each compliance role may do in the state bucket, on the keys the functions really use: each
 * reads and writes only its own kinds of object.
 */
describe('compliance roles in the state bucket (IAM simulation)', () => {
  const config = testConfig();
  const bucket = `arn:aws:s3:::${stateBucketName(ACCOUNTS.hub)}`;
  const object = (key: string) => `${bucket}/${key}`;
  const keys = {
    'findings record': object(recordKey(ACCOUNTS.member)),
    'device record': object(deviceRecordKey(ACCOUNTS.member)),
    'account list': object(`${sweepPrefix('sweep-1')}/accounts.json`),
    'Map results': object('sweeps/sweep-1/results/0f3c/SUCCEEDED_0.json'),
    'account report': object(`reports/sweep=sweep-1/format=csv/${ACCOUNTS.member}.csv`),
    'account report part': object(`reports/sweep=sweep-1/format=jsonl/${ACCOUNTS.member}.jsonl`),
    'HTML report': object('reports/sweep=sweep-1/format=html/report.html'),
    'report summary': object('reports/sweep=sweep-1/summary.json'),
    'listing in progress': object(`${sweepPrefix('sweep-1')}/listing.json`),
    'organization view': object(ORGANIZATION_VIEW_KEY),
  };
  const roles = new Map<HubRoleName, DeployedHubRole>();
  function role(name: HubRoleName): DeployedHubRole {
    if (!roles.has(name)) roles.set(name, deployedHubRole(config, name));
    return roles.get(name)!;
  }

  async function call(name: HubRoleName, action: string, resource: string) {
    const { arn, policies } = role(name);
    return (
      await simulate({
        principal: arn,
        action,
        resource,
        resourceAccount: ACCOUNTS.hub,
        context: { 'aws:PrincipalArn': arn, 'aws:PrincipalAccount': ACCOUNTS.hub },
        identityPolicies: policies,
      })
    ).result;
  }

  const { cleanUpOrphan, evaluateUser, provisionMfa, sweepAccount, listAccounts, summarizeSweep } =
    HUB_ROLE_NAMES;

  test.each<[HubRoleName, string, keyof typeof keys]>([
    [evaluateUser, 's3:GetObject', 'findings record'],
    [evaluateUser, 's3:PutObject', 'findings record'],
    [sweepAccount, 's3:GetObject', 'findings record'],
    [sweepAccount, 's3:PutObject', 'findings record'],
    [sweepAccount, 's3:PutObject', 'account report'],
    [listAccounts, 's3:PutObject', 'account list'],
    [summarizeSweep, 's3:GetObject', 'Map results'],
    [summarizeSweep, 's3:PutObject', 'report summary'],
    [summarizeSweep, 's3:GetObject', 'account list'],
    [summarizeSweep, 's3:GetObject', 'account report part'],
    [summarizeSweep, 's3:PutObject', 'HTML report'],
    [cleanUpOrphan, 's3:GetObject', 'device record'],
    [cleanUpOrphan, 's3:PutObject', 'device record'],
    [sweepAccount, 's3:GetObject', 'device record'],
    [sweepAccount, 's3:PutObject', 'device record'],
    // A device in the way of a new user's: claimed there, and decided on by the orphan rule.
    [provisionMfa, 's3:GetObject', 'device record'],
    [provisionMfa, 's3:PutObject', 'device record'],
    [listAccounts, 's3:GetObject', 'listing in progress'],
    [listAccounts, 's3:PutObject', 'listing in progress'],
    [listAccounts, 's3:PutObject', 'organization view'],
    [cleanUpOrphan, 's3:GetObject', 'organization view'],
    [evaluateUser, 's3:GetObject', 'organization view'],
    [provisionMfa, 's3:GetObject', 'organization view'],
  ])('%s may %s the %s', async (name, action, key) => {
    expect(await call(name, action, keys[key])).toBe('Allowed');
  });

  test.each<[HubRoleName, string, keyof typeof keys]>([
    [evaluateUser, 's3:PutObject', 'account report'],
    [evaluateUser, 's3:PutObject', 'report summary'],
    [evaluateUser, 's3:GetObject', 'Map results'],
    [evaluateUser, 's3:DeleteObject', 'findings record'],
    [sweepAccount, 's3:GetObject', 'account report'],
    [sweepAccount, 's3:PutObject', 'account list'],
    [listAccounts, 's3:GetObject', 'findings record'],
    [listAccounts, 's3:PutObject', 'findings record'],
    [summarizeSweep, 's3:GetObject', 'findings record'],
    [summarizeSweep, 's3:PutObject', 'findings record'],
    [cleanUpOrphan, 's3:DeleteObject', 'device record'],
    [cleanUpOrphan, 's3:PutObject', 'findings record'],
    [cleanUpOrphan, 's3:GetObject', 'account report'],
    [evaluateUser, 's3:PutObject', 'device record'],
    [listAccounts, 's3:GetObject', 'device record'],
    [summarizeSweep, 's3:PutObject', 'device record'],
    [provisionMfa, 's3:DeleteObject', 'device record'],
    [provisionMfa, 's3:GetObject', 'findings record'],
    [provisionMfa, 's3:PutObject', 'findings record'],
    [provisionMfa, 's3:PutObject', 'account report'],
    [summarizeSweep, 's3:GetObject', 'device record'],
    [summarizeSweep, 's3:GetObject', 'account report'],
    [summarizeSweep, 's3:GetObject', 'HTML report'],
    [summarizeSweep, 's3:PutObject', 'account list'],
    [evaluateUser, 's3:GetObject', 'account report part'],
    // Only the sweep's listing writes the view the event path trusts; only it keeps a listing.
    [cleanUpOrphan, 's3:PutObject', 'organization view'],
    [evaluateUser, 's3:PutObject', 'organization view'],
    [provisionMfa, 's3:PutObject', 'organization view'],
    [sweepAccount, 's3:PutObject', 'organization view'],
    [sweepAccount, 's3:PutObject', 'listing in progress'],
    [summarizeSweep, 's3:GetObject', 'organization view'],
    [listAccounts, 's3:DeleteObject', 'listing in progress'],
    [provisionMfa, 's3:GetObject', 'findings record'],
  ])('%s may not %s the %s', async (name, action, key) => {
    expect(await call(name, action, keys[key])).toBe('ImplicitlyDenied');
  });

  test.each([evaluateUser, sweepAccount, cleanUpOrphan, provisionMfa, listAccounts])(
    '%s may list the bucket, so that a missing record (or listing) reads as NoSuchKey',
    async (name) => {
      expect(await call(name, 's3:ListBucket', bucket)).toBe('Allowed');
    },
  );

  test.each([summarizeSweep])('%s may not list the bucket', async (name) => {
    expect(await call(name, 's3:ListBucket', bucket)).toBe('ImplicitlyDenied');
  });
});

/**
 * The sweep's listing walks the targets per parent: it may list the children of the organization's
 * root and OUs and name its OUs, and describe the management account alone, never an account of
 * another organization, nor the other accounts one by one.
 */
describe('orgmfa-list-accounts in Organizations (IAM simulation)', () => {
  const config = testConfig();
  let lister: DeployedHubRole;
  beforeAll(() => {
    lister = deployedHubRole(config, HUB_ROLE_NAMES.listAccounts);
  });
  const organizations = (resource: string) =>
    `arn:aws:organizations::${ACCOUNTS.management}:${resource.replace('ORG', ORGANIZATION_ID)}`;
  const other = (resource: string) =>
    `arn:aws:organizations::${ACCOUNTS.outsider}:${resource.replace('ORG', OTHER_ORGANIZATION_ID)}`;

  /** What the role's own policies say (the organization's side is its delegation, not simulated here). */
  async function call(action: string, resource: string) {
    return (
      await simulate({
        principal: lister.arn,
        action,
        resource,
        resourceAccount: ACCOUNTS.management,
        context: { 'aws:PrincipalArn': lister.arn, 'aws:PrincipalAccount': ACCOUNTS.hub },
        identityPolicies: lister.policies,
      })
    ).identity;
  }

  test.each([
    ['organizations:ListAccountsForParent', organizations('root/ORG/r-ab12')],
    ['organizations:ListAccountsForParent', organizations('ou/ORG/ou-ab12-abcdefgh')],
    ['organizations:ListOrganizationalUnitsForParent', organizations('ou/ORG/ou-ab12-abcdefgh')],
    ['organizations:DescribeOrganizationalUnit', organizations('ou/ORG/ou-ab12-abcdefgh')],
    ['organizations:ListParents', organizations(`account/ORG/${ACCOUNTS.management}`)],
    ['organizations:DescribeAccount', organizations(`account/ORG/${ACCOUNTS.management}`)],
    ['organizations:ListRoots', '*'],
  ])('may %s on %s', async (action, resource) => {
    expect(await call(action, resource)).toBe('Allowed');
  });

  test.each([
    // No account is described one by one: the listing carries each account's state.
    ['organizations:DescribeAccount', organizations(`account/ORG/${ACCOUNTS.member}`)],
    ['organizations:ListAccountsForParent', other('ou/ORG/ou-zz99-abcdefgh')],
    ['organizations:DescribeOrganizationalUnit', other('ou/ORG/ou-zz99-abcdefgh')],
    // The whole organization in one listing is not what it walks (and would ignore the targets).
    ['organizations:ListAccounts', '*'],
    ['sts:AssumeRole', `arn:aws:iam::${ACCOUNTS.member}:role/${config.memberRoleName}`],
  ])('may not %s on %s', async (action, resource) => {
    expect(await call(action, resource)).toBe('ImplicitlyDenied');
  });
});
