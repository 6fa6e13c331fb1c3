import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { openMemberAccount } from '../../functions/aws/member-account';
import {
  HUB_ROLE_NAMES,
  IAM_HOME_REGION_BY_PARTITION,
  memberRoleArn,
  memberSessionArn,
  memberSessionName,
  partitionOfRegion,
} from '../../functions/core/naming';
import { simulatedOrg } from '../helpers/simulated-org';

describe('partitionOfRegion', () => {
  test.each([
    'us-east-1',
    'us-west-2',
    'eu-west-1',
    'eu-central-2',
    'ap-southeast-2',
    'ap-southeast-7',
    'il-central-1',
    'ca-west-1',
    'mx-central-1',
    'me-south-1',
    'sa-east-1',
    'af-south-1',
  ])('GIVEN the commercial region %s THEN the partition is aws', (region) => {
    expect(partitionOfRegion(region)).toBe('aws');
  });

  test.each(['us-gov-west-1', 'us-gov-east-1'])('GIVEN %s THEN the partition is aws-us-gov', (region) => {
    expect(partitionOfRegion(region)).toBe('aws-us-gov');
  });

  test.each(['cn-north-1', 'cn-northwest-1'])('GIVEN %s THEN the partition is aws-cn', (region) => {
    expect(partitionOfRegion(region)).toBe('aws-cn');
  });

  // Partitions orgmfa does not serve: the ISO partitions and the European Sovereign Cloud (aws-eusc).
  test.each([
    'us-iso-east-1',
    'us-iso-west-1',
    'us-isob-east-1',
    'eu-isoe-west-1',
    'us-isof-south-1',
    'eusc-de-east-1',
  ])('GIVEN the out-of-scope region %s THEN there is no partition', (region) => {
    expect(partitionOfRegion(region)).toBeUndefined();
  });

  test.each([
    '',
    'US-EAST-1',
    'us-east',
    'useast1',
    'us-east-1 ',
    ' us-east-1',
    'us-east-1\n',
    'us-east-100',
    'us_east_1',
    'global',
    'aws-global',
    'us-east-1; rm -rf /',
    'arn:aws:iam::222222222222:root',
  ])('GIVEN the non-region %p THEN there is no partition', (region) => {
    expect(partitionOfRegion(region)).toBeUndefined();
  });

  test.each(Object.entries(IAM_HOME_REGION_BY_PARTITION))(
    'GIVEN partition %s THEN its IAM home region %s belongs to it',
    (partition, region) => {
      expect(partitionOfRegion(region)).toBe(partition);
    },
  );

  test('the IAM home regions are us-east-1, us-gov-west-1 and cn-north-1', () => {
    expect(IAM_HOME_REGION_BY_PARTITION).toEqual({
      aws: 'us-east-1',
      'aws-us-gov': 'us-gov-west-1',
      'aws-cn': 'cn-north-1',
    });
  });
});

describe('memberRoleArn', () => {
  test.each([
    ['aws', 'arn:aws:iam::222222222222:role/OrgMfaMemberRole'],
    ['aws-us-gov', 'arn:aws-us-gov:iam::222222222222:role/OrgMfaMemberRole'],
    ['aws-cn', 'arn:aws-cn:iam::222222222222:role/OrgMfaMemberRole'],
  ] as const)('GIVEN partition %s THEN the member role is %s', (partition, expected) => {
    expect(memberRoleArn(partition, '222222222222', 'OrgMfaMemberRole')).toBe(expected);
  });
});

describe('memberSessionArn: the principal CloudTrail records for a hub step in a member account', () => {
  test('the member role session named after the step', () => {
    expect(memberSessionName('provision-mfa')).toBe('orgmfa-provision-mfa');
    expect(memberSessionArn('aws-us-gov', '222222222222', 'OrgMfaMemberRole', 'provision-mfa')).toBe(
      'arn:aws-us-gov:sts::222222222222:assumed-role/OrgMfaMemberRole/orgmfa-provision-mfa',
    );
  });

  test('is the identity of the session the membership gate opens (simulated STS names it on its own)', async () => {
    const { clients, asHubRole } = simulatedOrg();
    const deps = {
      clients,
      hub: asHubRole(HUB_ROLE_NAMES.provisionMfa),
      settings: {
        organizationId: 'o-a1b2c3d4e5',
        managementAccountId: '111111111111',
        hubAccountId: '111111111111',
        partition: 'aws' as const,
        memberRoleName: 'OrgMfaMemberRole',
      },
    };

    const account = await openMemberAccount(deps, '222222222222', 'provision-mfa');
    const { Arn } = await clients.sts(account).send(new GetCallerIdentityCommand({}));

    expect(Arn).toBe(memberSessionArn('aws', '222222222222', 'OrgMfaMemberRole', 'provision-mfa'));
  });
});
