import { DeleteVirtualMFADeviceCommand, IAMClient, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { functionEnvironment } from '../../infra/constructs/function-environment';
import { projectConfig } from '../helpers/simulated-org';

/**
 * A deployed handler, invoked twice in one execution environment as Lambda does: one module load,
 * then warm invocations. The AWS calls are answered by aws-sdk-client-mock.
 */

const iam = mockClient(IAMClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);

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

const target = { accountId: ACCOUNT, partition: 'aws', serialNumber: SERIAL, cloudTrailEventId: 'evt' };
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
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  // What Lambda sets in an on-demand execution environment.
  Object.assign(process.env, functionEnvironment(config), {
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

test('two invocations in one environment reuse the same hub SDK client instances', () => {
  expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  expect(sts.send.getCall(0).thisValue).toBe(sts.send.getCall(1).thisValue);
  expect(organizations).toHaveReceivedCommandTimes(DescribeAccountCommand, 2);
  expect(organizations.send.getCall(0).thisValue).toBe(organizations.send.getCall(1).thisValue);
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
