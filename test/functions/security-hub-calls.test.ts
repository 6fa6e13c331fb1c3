import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  InvalidAccessException,
  SecurityHubClient,
  SecurityHubServiceException,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { importFindings, SecurityHubNotEnabledError } from '../../functions/aws/import-findings';
import { readBackFindings } from '../../functions/aws/read-back-findings';
import { ThrottledError } from '../../functions/core/errors';
import { toFinding } from '../../functions/core/compliance/finding';
import type { Finding } from '../../functions/core/compliance/model';

const securityHub = mockClient(SecurityHubClient);
const ACCOUNT = '222222222222';
const SCOPE = { accountId: ACCOUNT, region: 'eu-west-1', partition: 'aws' as const };
const $metadata = {};

/** `n` findings, one per user. */
function findings(n: number): Finding[] {
  return Array.from({ length: n }, (_, i) =>
    toFinding(
      {
        control: 'ORGMFA.1',
        resource: { type: 'AwsIamUser', id: `arn:aws:iam::${ACCOUNT}:user/u${i}` },
        status: 'FAILED',
        detail: 'd.',
        evidenceAt: '2026-11-21T09:00:00.000Z',
      },
      SCOPE,
      { createdAt: '2026-11-21T09:00:00.000Z', updatedAt: '2026-11-21T09:00:00.000Z' },
    ),
  );
}

const client = () => new SecurityHubClient({ region: 'eu-west-1' });

beforeEach(() => {
  securityHub.reset();
});

describe('importFindings: each batch stands on its own', () => {
  test('GIVEN 250 findings and the second batch refused THEN the first and third are imported, the second’s ids returned failed', async () => {
    const all = findings(250);
    securityHub
      .on(BatchImportFindingsCommand)
      .resolvesOnce({ FailedCount: 0, SuccessCount: 100, FailedFindings: [] })
      .rejectsOnce(
        new SecurityHubServiceException({
          name: 'AccessDeniedException',
          $fault: 'client',
          $metadata,
          message: 'denied by an SCP',
        }),
      )
      .resolvesOnce({ FailedCount: 0, SuccessCount: 50, FailedFindings: [] });

    const outcome = await importFindings(client(), SCOPE, all);

    expect(securityHub).toHaveReceivedCommandTimes(BatchImportFindingsCommand, 3);
    expect(outcome.failed).toEqual(new Set(all.slice(100, 200).map((f) => f.Id)));
    expect(outcome.problems).toEqual([
      'Security Hub refused batch 2 of 3 (100 findings): AccessDeniedException: denied by an SCP',
    ]);
  });

  test('GIVEN one finding refused in FailedFindings THEN only it fails', async () => {
    const two = findings(2);
    securityHub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 1,
      FailedFindings: [{ Id: two[1]!.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }],
    });

    const outcome = await importFindings(client(), SCOPE, two);

    expect(outcome.failed).toEqual(new Set([two[1]!.Id]));
    expect(outcome.problems).toEqual([
      `Security Hub refused 1 finding(s) of batch 1 of 1 (2 findings), e.g. ${two[1]!.Id}: InvalidInput bad`,
    ]);
  });

  test.each([
    [
      'every finding failed as InvalidAccess',
      () =>
        securityHub.on(BatchImportFindingsCommand).resolves({
          FailedCount: 1,
          SuccessCount: 0,
          FailedFindings: [{ Id: 'x', ErrorCode: 'InvalidAccess', ErrorMessage: 'not subscribed' }],
        }),
    ],
    [
      'InvalidAccessException',
      () =>
        securityHub
          .on(BatchImportFindingsCommand)
          .rejects(new InvalidAccessException({ $metadata, message: 'not subscribed' })),
    ],
  ])('GIVEN %s THEN Security Hub CSPM is not enabled: SecurityHubNotEnabledError', async (_label, answer) => {
    answer();

    await expect(importFindings(client(), SCOPE, findings(1))).rejects.toMatchObject({
      name: 'SecurityHubNotEnabled',
      message: new SecurityHubNotEnabledError(ACCOUNT, 'eu-west-1').message,
    });
  });

  test('GIVEN throttling left after the SDK’s retries THEN Throttled, for the workflow to retry the step', async () => {
    securityHub.on(BatchImportFindingsCommand).rejects(
      new SecurityHubServiceException({
        name: 'TooManyRequestsException',
        $fault: 'client',
        $metadata,
        message: 'slow down',
      }),
    );

    await expect(
      importFindings(new SecurityHubClient({ region: 'eu-west-1', maxAttempts: 1 }), SCOPE, findings(1)),
    ).rejects.toBeInstanceOf(ThrottledError);
  });
});

describe('readBackFindings: GetFindings on orgmfa’s product and generator ids, every page', () => {
  test('GIVEN two pages THEN both are read, with the exact filters', async () => {
    securityHub
      .on(GetFindingsCommand)
      .resolvesOnce({
        Findings: [
          {
            Id: 'a',
            UpdatedAt: '2026-11-21T09:00:00.000Z',
            Compliance: { Status: 'FAILED' },
            RecordState: 'ACTIVE',
          } as never,
        ],
        NextToken: 'next',
      })
      .resolvesOnce({
        Findings: [{ Id: 'b', UpdatedAt: '2026-11-21T09:00:00.000Z', RecordState: 'ARCHIVED' } as never],
      });

    const observed = await readBackFindings(client(), SCOPE);

    expect(observed).toEqual([
      { id: 'a', updatedAt: '2026-11-21T09:00:00.000Z', complianceStatus: 'FAILED', recordState: 'ACTIVE' },
      { id: 'b', updatedAt: '2026-11-21T09:00:00.000Z', recordState: 'ARCHIVED' },
    ]);
    expect(securityHub).toHaveReceivedNthCommandWith(1, GetFindingsCommand, {
      MaxResults: 100,
      Filters: {
        ProductArn: [
          {
            Value: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
            Comparison: 'EQUALS',
          },
        ],
        AwsAccountId: [{ Value: ACCOUNT, Comparison: 'EQUALS' }],
        GeneratorId: [1, 2, 3, 4, 5, 6].map((n) => ({ Value: `orgmfa/ORGMFA.${n}`, Comparison: 'EQUALS' })),
      },
    });
    expect(securityHub).toHaveReceivedNthCommandWith(2, GetFindingsCommand, { NextToken: 'next' });
  });

  test('GIVEN no Security Hub CSPM THEN SecurityHubNotEnabledError', async () => {
    securityHub
      .on(GetFindingsCommand)
      .rejects(new InvalidAccessException({ $metadata, message: 'not subscribed' }));

    await expect(readBackFindings(client(), SCOPE)).rejects.toBeInstanceOf(SecurityHubNotEnabledError);
  });
});
