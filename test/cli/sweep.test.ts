import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { orgmfa } from './helpers/cli-harness';

const sfn = mockClient(SFNClient);
const sts = mockClient(STSClient);
const organizations = mockClient(OrganizationsClient);
const MACHINE = 'arn:aws:states:us-east-1:111111111111:stateMachine:orgmfa-sweep';
const EXECUTION = `arn:aws:states:us-east-1:111111111111:execution:orgmfa-sweep:manual-x`;
const SUMMARY = {
  sweepId: 'manual-x',
  accounts: {
    total: 3,
    succeeded: 3,
    failed: [],
    securityHubNotEnabled: [],
    warnings: [],
  },
  usersEvaluated: 7,
  orphansDeleted: 1,
  findings: { imported: 4, resolved: 1, active: 5, exempt: 1, tampered: 0 },
  tampering: [],
  report: {
    bucket: 'orgmfa-state-111111111111',
    prefix: 'reports/sweep=manual-x/',
    html: 'reports/sweep=manual-x/format=html/report.html',
  },
};

/** A summary that did not cover the organization: one account failed, one without Security Hub CSPM. */
const INCOMPLETE = {
  ...SUMMARY,
  accounts: {
    total: 3,
    succeeded: 2,
    failed: [
      { accountId: '333333333333', reason: 'cannot assume the orgmfa member role in account 333333333333' },
    ],
    securityHubNotEnabled: ['444444444444'],
    warnings: [],
  },
};

beforeEach(() => {
  sfn.reset();
  sts.reset();
  organizations.reset();
  // The credentials are the hub's: the organization and the hub account are learned from AWS.
  sts.on(GetCallerIdentityCommand).resolves({
    Account: '111111111111',
    Arn: 'arn:aws:sts::111111111111:assumed-role/Operator/me',
  });
  organizations.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: 'o-a1b2c3d4e5', MasterAccountId: '111111111111' },
  });
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
});
afterAll(() => {
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
});

/** Step Functions answers for a sweep that runs once and then ends with `summary`. */
function sweepEndsWith(summary: object) {
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION, startDate: new Date() });
  sfn
    .on(DescribeExecutionCommand)
    .resolves({ executionArn: EXECUTION, status: 'SUCCEEDED', output: JSON.stringify(summary) });
  sfn.on(ListMapRunsCommand).resolves({ mapRuns: [] });
}

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
      // The first pass's Map Run (credential reports) and the sweep's, told apart by their labels.
      mapRuns: [
        {
          mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/StartCredentialReports:r',
          executionArn: EXECUTION,
          stateMachineArn: MACHINE,
          startDate: new Date(),
        },
        {
          mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/SweepAccounts:y',
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
    expect(run.stdout).toContain('findings: 4 new, 1 resolved, 5 active, 1 exempt');
    expect(run.stdout).toContain('report: s3://orgmfa-state-111111111111/reports/sweep=manual-x/');
    expect(run.stdout).toContain(
      'HTML report: s3://orgmfa-state-111111111111/reports/sweep=manual-x/format=html/report.html',
    );
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1);
    expect(sfn).toHaveReceivedCommandWith(DescribeMapRunCommand, {
      mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/SweepAccounts:y',
    });
    expect(sfn).not.toHaveReceivedCommandWith(DescribeMapRunCommand, {
      mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/StartCredentialReports:r',
    });
  });

  test('status --wait says what it waits for, and each step the sweep reaches, on standard error', async () => {
    const mapRun = {
      mapRunArn: 'arn:aws:states:us-east-1:111111111111:mapRun:orgmfa-sweep/SweepAccounts:y',
      executionArn: EXECUTION,
      stateMachineArn: MACHINE,
      startDate: new Date(),
    };
    const counts = (done: number) => ({
      itemCounts: {
        total: 3,
        succeeded: done,
        failed: 0,
        pending: 3 - done,
        running: 0,
        timedOut: 0,
        aborted: 0,
        resultsWritten: done,
      },
    });
    const running = { executionArn: EXECUTION, status: 'RUNNING' as const, startDate: new Date() };
    sfn
      .on(DescribeExecutionCommand)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolvesOnce(running)
      .resolves({ ...running, status: 'SUCCEEDED', output: JSON.stringify(SUMMARY) });
    sfn
      .on(ListMapRunsCommand)
      .resolvesOnce({ mapRuns: [] })
      .resolves({ mapRuns: [mapRun] });
    sfn.on(DescribeMapRunCommand).resolvesOnce(counts(1)).resolvesOnce(counts(2)).resolves(counts(3));

    const run = await orgmfa([
      'sweep',
      'status',
      '--execution',
      EXECUTION,
      '--wait',
      '--interval',
      '0.01',
      '--region',
      'us-east-1',
    ]);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        `orgmfa: waiting for the sweep manual-x to end (${EXECUTION}), asking Step Functions every 0.01 s; Ctrl-C stops the waiting, not the sweep`,
        "orgmfa: the sweep is listing the organization's accounts",
        'orgmfa: the sweep is sweeping 3 accounts',
        'orgmfa: the sweep is summarizing the results and writing the report',
        '',
      ].join('\n'),
    );
  });

  test.each(['0', '301', 'soon'])(
    '--interval %s is refused by the option parser before anything is asked of AWS: exit 2',
    async (interval) => {
      const run = await orgmfa([
        'sweep',
        'status',
        '--wait',
        '--interval',
        interval,
        '--region',
        'us-east-1',
      ]);

      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(
          `^error: option '--interval <seconds>' argument '${interval}' is invalid\\. It must be seconds from 0\\.01 to 300\\.`,
        ),
      );
      expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 0);
    },
  );

  test('start --wait of a sweep that did not cover every account prints it and exits 3, as audit and local sweep do', async () => {
    sweepEndsWith(INCOMPLETE);

    const run = await orgmfa(['sweep', 'start', '--wait', '--interval', '0.01', '--region', 'us-east-1']);

    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      '  failed 333333333333: cannot assume the orgmfa member role in account 333333333333',
    );
    expect(run.stdout).toContain(
      '  Security Hub CSPM not enabled in 444444444444: evaluated and reported, findings not imported',
    );
    expect(run.stderr.split('\n').slice(-2)).toEqual([
      'orgmfa: incomplete: 1 account(s) not assessed (333333333333); Security Hub CSPM not enabled in 1 account(s) (444444444444): findings not imported',
      '',
    ]);
  });

  test('start --wait of a sweep that found tampering says so plainly, naming the account', async () => {
    sweepEndsWith({
      ...SUMMARY,
      findings: { ...SUMMARY.findings, tampered: 1 },
      tampering: [
        {
          accountId: '222222222222',
          findings: 1,
          details: ['ORGMFA.1 arn:aws:iam::222222222222:user/alice: …'],
        },
      ],
    });

    const run = await orgmfa(['sweep', 'start', '--wait', '--interval', '0.01', '--region', 'us-east-1']);

    expect(run.stdout).toContain(
      "TAMPERING in 222222222222: 1 of orgmfa's findings disagree with its record\n  ORGMFA.1 arn:aws:iam::222222222222:user/alice: …",
    );
  });

  test('--config naming another organization than the credentials are in is refused before anything starts', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'orgmfa-sweep-')), 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        orgmfa: {
          organizationId: 'o-exampleorg1',
          managementAccountId: '111111111111',
          hubRegion: 'us-east-1',
          targetOrganizationalUnitIds: ['r-exam'],
        },
      }),
    );

    const run = await orgmfa(['sweep', 'start', '--config', config, '--region', 'us-east-1']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `orgmfa: config ${config} names organization o-exampleorg1, but your credentials are in o-a1b2c3d4e5: nothing was run\n`,
    );
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 0);
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
    // Step Functions' message names the state machine it looked for
    const error = Object.assign(new Error(`State Machine Does Not Exist: '${MACHINE}'`), {
      name: 'StateMachineDoesNotExist',
    });
    sfn.on(StartExecutionCommand).rejects(error);

    const run = await orgmfa(['sweep', 'start', '--region', 'us-east-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orgmfa: State Machine Does Not Exist: '${MACHINE}'; the orgmfa sweep is not deployed there: deploy OrgMfaHub, or use the hub account’s --profile and --region (and check --config)\n`,
    );
  });

  test('an execution that does not exist is one line that says what to check', async () => {
    const missing = `${EXECUTION}-typo`;
    const error = Object.assign(new Error(`Execution Does Not Exist: '${missing}'`), {
      name: 'ExecutionDoesNotExist',
    });
    sfn.on(DescribeExecutionCommand).rejects(error);

    const run = await orgmfa(['sweep', 'status', '--execution', missing, '--region', 'us-east-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orgmfa: Execution Does Not Exist: '${missing}'; no such sweep execution: check --execution, and that --profile and --region are the hub’s\n`,
    );
  });
});
