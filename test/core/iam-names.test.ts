import { iamUserOfArn } from '../../functions/core/iam-names';

describe('iamUserOfArn: the IAM user an ARN names', () => {
  test.each([
    ['arn:aws:iam::222222222222:user/carol', { accountId: '222222222222', userName: 'carol' }],
    [
      'arn:aws:iam::222222222222:user/engineering/team/carol.o+ops=x,y@example.com',
      { accountId: '222222222222', userName: 'carol.o+ops=x,y@example.com' },
    ],
    ['arn:aws-us-gov:iam::333333333333:user/a_b-c', { accountId: '333333333333', userName: 'a_b-c' }],
    ['arn:aws-cn:iam::444444444444:user/x/dave', { accountId: '444444444444', userName: 'dave' }],
    [
      `arn:aws:iam::222222222222:user/${'n'.repeat(64)}`,
      { accountId: '222222222222', userName: 'n'.repeat(64) },
    ],
  ])('%s → %j', (arn, user) => {
    expect(iamUserOfArn(arn)).toEqual(user);
  });

  test.each([
    'arn:aws:sts::222222222222:assumed-role/Admin/carol',
    'arn:aws:iam::222222222222:role/carol',
    'arn:aws:iam::222222222222:root',
    'arn:aws:sts::222222222222:federated-user/carol',
    'arn:aws-iso:iam::222222222222:user/carol',
    'arn:aws:iam::2222:user/carol',
    `arn:aws:iam::222222222222:user/${'n'.repeat(65)}`,
    'arn:aws:iam::222222222222:user/car*ol',
    'arn:aws:iam::222222222222:user/car ol',
    'arn:aws:iam::222222222222:user/',
    ' arn:aws:iam::222222222222:user/carol',
    '',
  ])('%j names no IAM user', (arn) => {
    expect(iamUserOfArn(arn)).toBeUndefined();
  });

  test('no ARN at all names no user', () => {
    expect(iamUserOfArn(null)).toBeUndefined();
    expect(iamUserOfArn(undefined)).toBeUndefined();
  });
});
