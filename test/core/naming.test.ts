import { IAM_HOME_REGION_BY_PARTITION, memberRoleArn, partitionOfRegion } from '../../functions/core/naming';

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
