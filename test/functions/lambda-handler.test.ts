import { DeleteVirtualMFADeviceCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkStreamMixin } from '@smithy/core/serde';
import { Readable } from 'node:stream';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { complianceEnvironment, eventPathEnvironment } from '../../infra/constructs/function-environment';
import { projectConfig } from '../helpers/simulated-org';

/**
 * A deployed handler, invoked twice in one execution environment as Lambda does: one module load,
 * then warm invocations. The AWS calls are answered by aws-sdk-client-mock.
 */

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const s3 = mockClient(S3Client);

const config = projectConfig();
const ACCOUNT = '222222222222';
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`;

function context(requestId: string): Context {
  return {
    awsRequestId: requestId,
    functionName: 'orgmfa-cleanup-orphan',
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:${config.hubAccountId}:function:orgmfa-cleanup-orphan`,
    memoryLimitInMB: '256',
    logGroupName: '/aws/lambda/orgmfa-cleanup-orphan',
    logStreamName: 'stream',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
/** alice's failed retry of a device she created (orgmfa's record says so): deleted at once. */
const target = {
  accountId: ACCOUNT,
  partition: 'aws',
  serialNumber: SERIAL,
  cloudTrailEventId: 'evt',
  kind: 'Clash',
  by: ALICE,
  at: '2026-11-21T09:15:01.000Z',
  round: 0,
};
const RECORD = JSON.stringify({
  format: 1,
  accountId: ACCOUNT,
  devices: {
    [SERIAL]: {
      createdBy: ALICE,
      createdAt: '2026-11-21T09:14:40.000Z',
      unassignedSince: '2026-11-21T09:14:40.000Z',
      asOf: '2026-11-21T09:14:40.000Z',
    },
  },
});
const lines: string[] = [];

beforeAll(async () => {
  organizations.on(DescribeAccountCommand).resolves({
    Account: {
      Id: ACCOUNT,
      State: 'ACTIVE',
      Arn: `arn:aws:organizations::${config.managementAccountId}:account/${config.organizationId}/${ACCOUNT}`,
    },
  });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIAMEMBER',
      SecretAccessKey: 's',
      SessionToken: 't',
      Expiration: new Date(),
    },
  });
  iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [{ SerialNumber: SERIAL }] });
  iam.on(DeleteVirtualMFADeviceCommand).resolves({});
  s3.on(GetObjectCommand).callsFake(() => ({
    Body: sdkStreamMixin(Readable.from([Buffer.from(RECORD)])),
    ETag: '"v1"',
  }));
  s3.on(PutObjectCommand).resolves({ ETag: '"v2"' });
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  // What Lambda sets in an on-demand execution environment.
  const bucket = `orgmfa-state-${config.hubAccountId}`;
  Object.assign(process.env, complianceEnvironment(config, bucket), eventPathEnvironment(config, bucket), {
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  });
  // GIVEN the handler module loaded once, as Lambda loads it in a new execution environment
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../functions/cleanup-orphan/handler') as {
    handler: (event: unknown, context: Context) => Promise<unknown>;
  };
  // WHEN it is invoked twice
  await handler(target, context('req-1'));
  await handler(target, context('req-2'));
  write.mockRestore();
});

test('two invocations in one environment reuse the same hub SDK client instances, and what Organizations said', () => {
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  expect(sts.send.getCall(0).thisValue).toBe(sts.send.getCall(1).thisValue);
  // The environment's cached view of the organization answers the second membership check.
  expect(organizations).toHaveReceivedCommandTimes(DescribeAccountCommand, 1);
  // The device record twice, and once the sweep's view of the organization (beside the first check).
  expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 3);
  expect(new Set(s3.send.getCalls().map((call) => call.thisValue)).size).toBe(1);
});

test("every log line carries the invocation's request id, and the cold start only on the first", () => {
  const logged = lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.message === 'orphaned virtual MFA device deleted');
  expect(logged.map((entry) => [entry.function_request_id, entry.cold_start, entry.service])).toEqual([
    ['req-1', true, 'orgmfa'],
    ['req-2', false, 'orgmfa'],
  ]);
});
