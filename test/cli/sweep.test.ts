import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { orgmfa } from './helpers/cli-harness';

const sfn = mockClient(SFNClient);
const MACHINE = 'arn:aws:states:us-east-1:111111111111:stateMachine:orgmfa-sweep';
const EXECUTION = `arn:aws:states:us-east-1:111111111111:execution:orgmfa-sweep:manual-x`;
const SUMMARY = {
  sweepId: 'manual-x',
  accounts: {
    total: 3,
    succeeded: 2,
    failed: [
      { accountId: '333333333333', reason: 'cannot assume the orgmfa member role in account 333333333333' },
    ],
  },
  usersEvaluated: 7,
  orphansDeleted: 1,
  findings: { imported: 4, resolved: 1, active: 5 },
  report: { bucket: 'orgmfa-state-111111111111', prefix: 'reports/sweep=manual-x/' },
};

beforeEach(() => {
  sfn.reset();
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
});
afterAll(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

describe('orgmfa sweep', () => {
  test('start --wait starts the deployed sweep by its configured ARN, follows the Map run, and prints the summary', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce({ executionArn: EXECUTION, status: 'RUNNING', startDate: new Date() })
      .resolves({
        executionArn: EXECUTION,
        status: 'SUCCEEDED',
        startDate: new Date(),
        output: JSON.stringify(SUMMARY),
      });
    sfn.on(ListMapRunsCommand).resolves({
      mapRuns: [
        {
          mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/x:y',
          executionArn: EXECUTION,
          stateMachineArn: MACHINE,
          startDate: new Date(),
        },
      ],
    });
    sfn.on(DescribeMapRunCommand).resolves({
      itemCounts: {
        total: 3,
        succeeded: 3,
        failed: 0,
        pending: 0,
        running: 0,
        timedOut: 0,
        aborted: 0,
        resultsWritten: 3,
      },
    });

    const run = await orgmfa(['sweep', 'start', '--wait', '--interval', '0.01', '--region', 'us-east-1']);

    expect(run.code).toBe(0);
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: MACHINE, input: '{}' });
    expect(sfn).toHaveReceivedCommandTimes(DescribeExecutionCommand, 2);
    expect(run.stdout).toContain('findings: 4 new, 1 resolved, 5 active');
    expect(run.stdout).toContain(
      '  failed 333333333333: cannot assume the orgmfa member role in account 333333333333',
    );
    expect(run.stdout).toContain('report: s3://orgmfa-state-111111111111/reports/sweep=manual-x/');
  });

  test('status --output json reports the latest execution', async () => {
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: EXECUTION,
          stateMachineArn: MACHINE,
          name: 'manual-x',
          status: 'RUNNING',
          startDate: new Date(),
        },
      ],
    });
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: EXECUTION, status: 'RUNNING', startDate: new Date('2026-11-21T09:00:00Z') });
    sfn.on(ListMapRunsCommand).resolves({ mapRuns: [] });

    const run = await orgmfa(['sweep', 'status', '--output', 'json', '--region', 'us-east-1']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      executionArn: EXECUTION,
      status: 'RUNNING',
      startDate: '2026-11-21T09:00:00.000Z',
    });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, { stateMachineArn: MACHINE, maxResults: 1 });
  });

  test('a failed sweep exits 1 with its error', async () => {
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ executionArn: EXECUTION, status: 'FAILED', error: 'States.Runtime', cause: 'boom' });
    sfn.on(ListMapRunsCommand).resolves({ mapRuns: [] });

    const run = await orgmfa(['sweep', 'status', '--execution', EXECUTION, '--region', 'us-east-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('orgmfa: the sweep ended FAILED: States.Runtime: boom\n');
  });

  test('a hub without the sweep deployed is one line that says what to do', async () => {
    const error = Object.assign(new Error('State Machine Does Not Exist'), {
      name: 'StateMachineDoesNotExist',
    });
    sfn.on(StartExecutionCommand).rejects(error);

    const run = await orgmfa(['sweep', 'start', '--region', 'us-east-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orgmfa: ${MACHINE} does not exist: deploy the OrgMfaHub stack (or check --config)\n`,
    );
  });
});
