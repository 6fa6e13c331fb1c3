import { accountResource } from '../../../functions/core/compliance/evaluate-account';
import { findingId, productArn, toFinding } from '../../../functions/core/compliance/finding';
import type { ControlResult, Finding } from '../../../functions/core/compliance/model';
import { ACCOUNT, deviceArn, SCOPE, userArn } from './fixtures';

const TIMES = { createdAt: '2025-06-15T10:00:00.000Z', updatedAt: '2025-06-15T10:00:00.000Z' };

const bobNoMfa: ControlResult = {
  control: 'ORGMFA.1',
  resource: { type: 'AwsIamUser', id: userArn('bob') },
  status: 'FAILED',
  detail: 'IAM user bob has a console password and no MFA device.',
  evidenceAt: '2025-06-15T09:00:00.000Z',
};

describe('toFinding: the ASFF finding of a result', () => {
  test('GIVEN a failing user THEN the finding is exactly this, ACTIVE and FAILED', () => {
    expect(toFinding(bobNoMfa, SCOPE, TIMES)).toEqual<Finding>({
      SchemaVersion: '2018-10-08',
      Id: `orgmfa/${ACCOUNT}/ORGMFA.1/3af300bae2d45b522fb78944deefd9e6`,
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'orgmfa/ORGMFA.1',
      AwsAccountId: ACCOUNT,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T10:00:00.000Z',
      Severity: { Label: 'HIGH' },
      Title: 'IAM user with a console password has no MFA device',
      Description:
        'An IAM user who can sign in to the AWS Management Console with a password alone is one leaked or guessed password away from a takeover. IAM user bob has a console password and no MFA device.',
      Remediation: {
        Recommendation: {
          Text: 'Assign an MFA device to the user, or remove the console password if the user does not sign in to the console.',
          Url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html',
        },
      },
      ProductFields: { 'orgmfa/ControlId': 'ORGMFA.1' },
      Resources: [{ Type: 'AwsIamUser', Id: userArn('bob'), Partition: 'aws', Region: 'eu-west-1' }],
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
  });

  test('GIVEN a result about one thing in the account THEN the resource carries it as its subject', () => {
    const serial = deviceArn('alice-phone');
    const result: ControlResult = {
      control: 'ORGMFA.3',
      resource: accountResource(ACCOUNT, serial),
      status: 'FAILED',
      detail: 'd.',
      evidenceAt: '2025-06-15T09:00:00.000Z',
    };

    const finding = toFinding(result, SCOPE, TIMES);

    expect(finding.Id).toBe(`orgmfa/${ACCOUNT}/ORGMFA.3/4d84790a458df5f31abffbd268cc3d6d`);
    expect(finding.Resources).toEqual([
      {
        Type: 'AwsAccount',
        Id: `AWS::::Account:${ACCOUNT}`,
        Partition: 'aws',
        Region: 'eu-west-1',
        Details: { Other: { Subject: serial } },
      },
    ]);
    expect(finding.Severity).toEqual({ Label: 'LOW' });
  });

  test.each([
    ['ORGMFA.6 in force (EXEMPT)', 'ORGMFA.6', 'EXEMPT', 'WARNING', 'ACTIVE'],
    ['ORGMFA.6 not in force', 'ORGMFA.6', 'PASSED', 'PASSED', 'ARCHIVED'],
    ['a fixed user', 'ORGMFA.2', 'PASSED', 'PASSED', 'ARCHIVED'],
  ] as const)(
    'GIVEN %s THEN Compliance.Status is %s and the record state follows',
    (_, control, status, compliance, state) => {
      const finding = toFinding({ ...bobNoMfa, control, status }, SCOPE, TIMES);

      expect([finding.Compliance.Status, finding.RecordState]).toEqual([compliance, state]);
    },
  );

  test('GIVEN a detail beyond ASFF limits THEN the description is cut to 1,024 characters with an ellipsis', () => {
    const description = toFinding({ ...bobNoMfa, detail: 'x'.repeat(2000) }, SCOPE, TIMES).Description;

    expect(description).toHaveLength(1024);
    expect(description.endsWith('x…')).toBe(true);
  });
});

describe('findingId and productArn', () => {
  const resource = { type: 'AwsIamUser', id: userArn('bob') } as const;

  test('GIVEN the same account, control and resource THEN the id is the same, every time', () => {
    expect(findingId(SCOPE, 'ORGMFA.1', resource)).toBe(findingId({ ...SCOPE }, 'ORGMFA.1', { ...resource }));
  });

  test('GIVEN a different account, control, resource or subject THEN the ids differ', () => {
    const ids = new Set([
      findingId(SCOPE, 'ORGMFA.1', resource),
      findingId({ ...SCOPE, accountId: '444455556666' }, 'ORGMFA.1', resource),
      findingId(SCOPE, 'ORGMFA.2', resource),
      findingId(SCOPE, 'ORGMFA.1', { ...resource, id: userArn('bobby') }),
      findingId(SCOPE, 'ORGMFA.1', { ...resource, subject: 'x' }),
    ]);

    expect(ids.size).toBe(5);
  });

  test('GIVEN the longest user ARN IAM allows THEN the id keeps its fixed 61-character shape', () => {
    const longest = `arn:aws:iam::${ACCOUNT}:user/${'p/'.repeat(255)}${'u'.repeat(64)}`;

    const id = findingId(SCOPE, 'ORGMFA.2', { type: 'AwsIamUser', id: longest });

    expect(id).toMatch(new RegExp(`^orgmfa/${ACCOUNT}/ORGMFA\\.2/[0-9a-f]{32}$`));
    expect(id).toHaveLength(61);
  });

  test('GIVEN another partition THEN the product ARN names it', () => {
    expect(productArn({ accountId: ACCOUNT, region: 'us-gov-west-1', partition: 'aws-us-gov' })).toBe(
      `arn:aws-us-gov:securityhub:us-gov-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
    );
  });
});
