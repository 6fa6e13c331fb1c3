import {
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { fetchCredentialReport, requestCredentialReport } from '../../functions/aws/credential-report';

const iam = mockClient(IAMClient);
const READ_AT = new Date('2026-11-21T09:00:00Z');
const CSV = 'user,arn\n<root_account>,arn:aws:iam::222222222222:root';
const REPORT = {
  Content: new TextEncoder().encode(CSV),
  GeneratedTime: new Date('2026-11-21T08:59:50Z'),
};

beforeEach(() => iam.reset());

describe('the credential report, requested ahead by the sweep’s first pass', () => {
  test('requesting it is one GenerateCredentialReport call and nothing else', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });

    await requestCredentialReport(new IAMClient({}));

    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 1);
    expect(iam.calls()).toHaveLength(1);
  });

  test('GIVEN it was requested and IAM has built it THEN the sweep reads it with one call, no wait', async () => {
    iam.on(GetCredentialReportCommand).resolves(REPORT);
    const sleep = jest.fn(async () => undefined);

    const report = await fetchCredentialReport(new IAMClient({}), sleep, READ_AT, { requested: true });

    expect(report).toEqual({ csv: CSV, generatedAt: '2026-11-21T08:59:50.000Z' });
    expect(iam.calls()).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  test.each([
    ['still being built', new CredentialReportNotReadyException({ message: 'in progress', $metadata: {} })],
    [
      'not there (the first pass failed)',
      new CredentialReportNotPresentException({ message: 'none', $metadata: {} }),
    ],
  ])(
    'GIVEN it is %s THEN the sweep asks IAM for it and polls with backoff, as without the first pass',
    async (_case, error) => {
      iam.on(GetCredentialReportCommand).rejectsOnce(error).resolves(REPORT);
      iam
        .on(GenerateCredentialReportCommand)
        .resolvesOnce({ State: 'INPROGRESS' })
        .resolves({ State: 'COMPLETE' });
      const sleep = jest.fn(async () => undefined);

      const report = await fetchCredentialReport(new IAMClient({}), sleep, READ_AT, { requested: true });

      expect(report.csv).toBe(CSV);
      expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 2);
      expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 2);
      expect(sleep).toHaveBeenCalledWith(1000);
    },
  );

  test('GIVEN it was not requested (orgmfa audit) THEN it is generated first, as before', async () => {
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    iam.on(GetCredentialReportCommand).resolves(REPORT);

    await fetchCredentialReport(new IAMClient({}), async () => undefined, READ_AT);

    expect(iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(1);
    expect(iam.call(0).args[0]).toBeInstanceOf(GenerateCredentialReportCommand);
  });

  test('any other error of the read is not taken for "not ready"', async () => {
    iam.on(GetCredentialReportCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));

    await expect(
      fetchCredentialReport(new IAMClient({}), async () => undefined, READ_AT, { requested: true }),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 0);
  });
});
