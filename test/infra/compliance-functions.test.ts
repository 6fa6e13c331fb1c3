import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { WorkflowFunction } from '../../infra/constructs/workflow-function';
import { HUB_ROLE_NAMES } from '../../infra/policies/hub-role-names';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { logicalIdIn, synthOrgMfa, type TemplateResource } from './support/synth';
import { ACCOUNTS, ORGANIZATION_ID, testConfig } from './support/test-config';

/** The compliance functions: the event path's re-evaluation and the sweep's three steps. */
describe('compliance functions', () => {
  const config = testConfig({ compliance: { sweepSchedule: 'rate(12 hours)', orphanGraceHours: 48 } });
  let hub: Template;
  let stack: HubStack;
  beforeAll(() => {
    const synthesized = synthOrgMfa(config);
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
  });

  const BUCKET = 'arn:aws:s3:::orgmfa-state-222222222222';
  const cases: [string, (stack: HubStack) => WorkflowFunction, string, number][] = [
    ['EvaluateUser', (s) => s.evaluateUser, HUB_ROLE_NAMES.evaluateUser, 60],
    ['ListAccounts', (s) => s.listAccounts, HUB_ROLE_NAMES.listAccounts, 300],
    ['SweepAccount', (s) => s.sweepAccount, HUB_ROLE_NAMES.sweepAccount, 270],
    ['SummarizeSweep', (s) => s.summarizeSweep, HUB_ROLE_NAMES.summarizeSweep, 300],
  ];

  function parts(pick: (stack: HubStack) => WorkflowFunction) {
    const fn = pick(stack);
    const functionId = logicalIdIn(stack, fn.function);
    return {
      properties: (hub.toJSON().Resources[functionId] as TemplateResource).Properties ?? {},
      roleId: logicalIdIn(stack, fn.role),
      logGroupId: logicalIdIn(stack, fn.logGroup),
    };
  }

  describe.each(cases)('%s', (_name, pick, roleName, timeout) => {
    test('gets the orgmfa settings, the state bucket and the compliance settings', () => {
      // GIVEN
      const { properties } = parts(pick);
      const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;

      // THEN
      expect(variables).toMatchObject({
        ORGANIZATION_ID: ORGANIZATION_ID,
        MANAGEMENT_ACCOUNT_ID: ACCOUNTS.management,
        HUB_ACCOUNT_ID: ACCOUNTS.hub,
        MEMBER_ROLE_NAME: 'OrgMfaMemberRole',
        PARTITION: 'aws',
        POWERTOOLS_SERVICE_NAME: 'orgmfa',
        STATE_BUCKET: { Ref: logicalIdIn(stack, stack.stateBucket.bucket) },
      });
      expect(JSON.parse(variables.COMPLIANCE as string)).toEqual(config.compliance);
      expect(config.compliance).toMatchObject({ sweepSchedule: 'rate(12 hours)', orphanGraceHours: 48 });
    });

    test(`runs as the fixed-name role ${roleName}, assumable by Lambda only`, () => {
      const { roleId } = parts(pick);
      expect(hub.toJSON().Resources[roleId]).toMatchObject({
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName,
          AssumeRolePolicyDocument: {
            Statement: [
              { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } },
            ],
          },
        },
      });
    });

    test(`times out after ${timeout} s, on Node 24 / ARM with tracing`, () => {
      expect(parts(pick).properties).toMatchObject({
        Timeout: timeout,
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    });
  });

  /** The one policy of the function's role, its statements between log writing and X-Ray. */
  function expectOnlyStatements(pick: (stack: HubStack) => WorkflowFunction, statements: unknown[]) {
    const { roleId, logGroupId } = parts(pick);
    hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
    hub.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
          },
          ...statements,
          {
            Effect: 'Allow',
            Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
            Resource: '*',
          },
        ],
      }),
    });
  }

  const MEMBERSHIP_GATE = {
    Sid: 'DescribeOrganizationAccounts',
    Effect: 'Allow',
    Action: 'organizations:DescribeAccount',
    Resource: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*',
  };
  const ASSUME_MEMBER_ROLE = {
    Sid: 'AssumeMemberRoleInOrganization',
    Effect: 'Allow',
    Action: 'sts:AssumeRole',
    Resource: 'arn:aws:iam::*:role/OrgMfaMemberRole',
    Condition: { StringEquals: { 'aws:ResourceOrgID': ORGANIZATION_ID } },
  };
  const FINDINGS_RECORDS = [
    {
      Sid: 'ReadWriteFindingsRecords',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: `${BUCKET}/findings/*`,
    },
    // Without it, a missing record reads as AccessDenied rather than NoSuchKey.
    { Sid: 'TellMissingRecords', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET },
  ];
  const WRITE_REPORTS = {
    Sid: 'WriteSweepReports',
    Effect: 'Allow',
    Action: 's3:PutObject',
    Resource: `${BUCKET}/reports/*`,
  };

  const READ_ORGANIZATION_VIEW = {
    Sid: 'ReadOrganizationView',
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: `${BUCKET}/organization/accounts.json`,
  };

  test("evaluate-user: the membership gate (and the sweep's view it starts from), the member role and the findings records; no reports", () => {
    expectOnlyStatements(
      (s) => s.evaluateUser,
      [MEMBERSHIP_GATE, READ_ORGANIZATION_VIEW, ASSUME_MEMBER_ROLE, ...FINDINGS_RECORDS],
    );
  });

  test("sweep-account: the member role, the findings and device records (orphans' ages) and writing its part of the report; no Organizations action (the listing says who is a member)", () => {
    expectOnlyStatements(
      (s) => s.sweepAccount,
      [
        ASSUME_MEMBER_ROLE,
        ...FINDINGS_RECORDS,
        {
          Sid: 'ReadWriteDeviceRecords',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: `${BUCKET}/devices/*`,
        },
        WRITE_REPORTS,
      ],
    );
  });

  test("list-accounts: walking the targets per parent, the management account alone, its listing in progress, the sweep's account list and the organization view", () => {
    const ORGANIZATIONS = 'arn:aws:organizations::111111111111';
    expectOnlyStatements(
      (s) => s.listAccounts,
      [
        { Sid: 'ListRoots', Effect: 'Allow', Action: 'organizations:ListRoots', Resource: '*' },
        {
          Sid: 'ListTargetChildren',
          Effect: 'Allow',
          Action: ['organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent'],
          Resource: [`${ORGANIZATIONS}:root/o-a1b2c3d4e5/*`, `${ORGANIZATIONS}:ou/o-a1b2c3d4e5/*`],
        },
        {
          Sid: 'NameTargetUnits',
          Effect: 'Allow',
          Action: 'organizations:DescribeOrganizationalUnit',
          Resource: `${ORGANIZATIONS}:ou/o-a1b2c3d4e5/*`,
        },
        {
          Sid: 'DescribeManagementAccount',
          Effect: 'Allow',
          Action: 'organizations:DescribeAccount',
          Resource: `${ORGANIZATIONS}:account/o-a1b2c3d4e5/111111111111`,
        },
        {
          Sid: 'WriteOrganizationView',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `${BUCKET}/organization/accounts.json`,
        },
        {
          Sid: 'ListParentsInOrganization',
          Effect: 'Allow',
          Action: 'organizations:ListParents',
          Resource: [`${ORGANIZATIONS}:account/o-a1b2c3d4e5/*`, `${ORGANIZATIONS}:ou/o-a1b2c3d4e5/*`],
        },
        {
          Sid: 'ReadWriteSweepListings',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: `${BUCKET}/sweeps/*/listing.json`,
        },
        // Without it, the first invocation's missing listing reads as AccessDenied rather than NoSuchKey.
        { Sid: 'TellMissingRecords', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET },
        {
          Sid: 'WriteSweepAccountLists',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: `${BUCKET}/sweeps/*/accounts.json`,
        },
      ],
    );
  });

  test("summarize-sweep: reading the Map's results, the account list and the accounts' JSON-lines parts, writing the report; nothing in members", () => {
    expectOnlyStatements(
      (s) => s.summarizeSweep,
      [
        {
          Sid: 'ReadSweepResults',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/sweeps/*/results/*`,
        },
        {
          Sid: 'ReadSweepAccountLists',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/sweeps/*/accounts.json`,
        },
        {
          Sid: 'ReadSweepReportParts',
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/reports/sweep=*/format=jsonl/*`,
        },
        WRITE_REPORTS,
      ],
    );
  });

  test('summarize-sweep has room for the organization’s report, and names orgmfa’s version for the OCSF findings', () => {
    const { properties } = parts((s) => s.summarizeSweep);
    expect(properties.MemorySize).toBe(1024);
    expect((properties.Environment as { Variables: Record<string, unknown> }).Variables.ORGMFA_VERSION).toBe(
      (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string })
        .version,
    );
  });

  test('sweep-account has room for a large credential report', () => {
    expect(parts((s) => s.sweepAccount).properties.MemorySize).toBe(512);
  });
});
