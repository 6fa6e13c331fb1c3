import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { OrgMfaConfig } from '../../functions/core/config';
import { addNagChecks } from '../../infra/nag-checks';
import { addOrgMfaStacks } from '../../infra/orgmfa-stacks';
import { testConfig } from './support/test-config';

/** One unacknowledged finding, as the validation report lists it. */
interface Finding {
  readonly rule: string;
  readonly path: string;
}

interface ValidationReport {
  readonly pluginReports: {
    readonly violations: {
      readonly ruleName: string;
      readonly violatingConstructs: { readonly constructPath: string }[];
    }[];
  }[];
}

/**
 * Synthesizes the app with cdk-nag's AwsSolutions pack and returns what it reports. Findings make
 * synth throw (ValidationFailed) after writing validation-report.json, which is read either way.
 */
function nagFindings(build: (app: App) => void): Finding[] {
  const outdir = mkdtempSync(join(tmpdir(), 'orgmfa-nag-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    build(app);
    addNagChecks(app);
    try {
      app.synth();
    } catch (error) {
      // Only a validation failure is expected here; anything else is a real error.
      if (!(error instanceof Error) || error.name !== 'ValidationFailed') throw error;
    }
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    return report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((violation) =>
        violation.violatingConstructs.map((construct) => ({
          rule: violation.ruleName,
          path: construct.constructPath,
        })),
      ),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Every acknowledgement in the app: where, which finding, and why. */
function acknowledgements(app: App): { path: string; id: string; reason: string }[] {
  return app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  test('the check reports findings (so that zero findings below means something)', () => {
    const findings = nagFindings((app) => new sqs.Queue(new Stack(app, 'Careless'), 'Queue'));
    expect(findings).toContainEqual({ rule: 'AwsSolutions-SQS4', path: 'Careless/Queue/Resource' });
  });

  test.each<[string, OrgMfaConfig]>([
    [
      'a delegated-administrator hub with an alarm e-mail',
      testConfig({ alarmEmail: 'security@example.com' }),
    ],
    ['the management account as hub', testConfig({ hubAccountId: undefined, hubRegion: 'us-east-1' })],
    [
      'the guardrail on an OU and the root',
      testConfig({ guardrail: { organizationalUnitIds: ['ou-ab12-abcdefgh', 'r-ab12'] } }),
    ],
  ])('orgmfa has no unacknowledged finding with %s', (_case, config) => {
    const findings = nagFindings((app) => addOrgMfaStacks(app, config));
    expect(findings).toEqual([]);
  });

  test('every acknowledgement is a specific finding with a reason', () => {
    // GIVEN
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    addOrgMfaStacks(app, testConfig());

    // WHEN
    const acknowledged = acknowledgements(app);

    // THEN only the wildcards IAM cannot scope, the DLQs' own DLQs and the log bucket's own access logs
    // are acknowledged, each with a reason
    expect(acknowledged.map(({ path, id }) => `${path} ${id.replace(/^Annotation::/, '')}`).sort()).toEqual(
      [
        'OrgMfaHub/CleanUpOrphan/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/CleanUpOrphan/Role AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/OrgMfaMemberRole]',
        'OrgMfaHub/CleanUpOrphan/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*]',
        'OrgMfaHub/CleanUpOrphan/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/devices/*]',
        'OrgMfaHub/EvaluateUser/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/EvaluateUser/Role AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/OrgMfaMemberRole]',
        'OrgMfaHub/EvaluateUser/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*]',
        'OrgMfaHub/EvaluateUser/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/findings/*]',
        'OrgMfaHub/EventWorkflow/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/EventWorkflowRule/DeadLetterQueue AwsSolutions-SQS3',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*]',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/*]',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/*]',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/accounts.json]',
        'OrgMfaHub/ListAccounts/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/listing.json]',
        'OrgMfaHub/ParseEvent/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/ProvisionMfa/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/ProvisionMfa/Role AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/OrgMfaMemberRole]',
        'OrgMfaHub/ProvisionMfa/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/*]',
        'OrgMfaHub/ProvisionMfa/Role AwsSolutions-IAM5[Resource::arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/*]',
        'OrgMfaHub/ProvisionMfa/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/devices/*]',
        'OrgMfaHub/State/AccessLogs AwsSolutions-S1',
        'OrgMfaHub/SummarizeSweep/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/SummarizeSweep/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/reports/*]',
        'OrgMfaHub/SummarizeSweep/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/reports/sweep=*/format=jsonl/*]',
        'OrgMfaHub/SummarizeSweep/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/accounts.json]',
        'OrgMfaHub/SummarizeSweep/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/results/*]',
        'OrgMfaHub/SweepAccount/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/SweepAccount/Role AwsSolutions-IAM5[Resource::arn:aws:iam::*:role/OrgMfaMemberRole]',
        'OrgMfaHub/SweepAccount/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/devices/*]',
        'OrgMfaHub/SweepAccount/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/findings/*]',
        'OrgMfaHub/SweepAccount/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/reports/*]',
        'OrgMfaHub/SweepSchedule/DeadLetterQueue AwsSolutions-SQS3',
        'OrgMfaHub/SweepWorkflow/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaHub/SweepWorkflow/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/accounts.json]',
        'OrgMfaHub/SweepWorkflow/Role AwsSolutions-IAM5[Resource::arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/results/*]',
        'OrgMfaHub/SweepWorkflow/Role AwsSolutions-IAM5[Resource::arn:aws:states:eu-west-1:222222222222:execution:orgmfa-sweep/*:*]',
        'OrgMfaHub/SweepWorkflow/Role AwsSolutions-IAM5[Resource::arn:aws:states:eu-west-1:222222222222:execution:orgmfa-sweep:*]',
        'OrgMfaManagementMember/MemberRole/Role AwsSolutions-IAM5[Resource::*]',
        'OrgMfaManagementMember/MemberRole/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*]',
        'OrgMfaManagementMember/MemberRole/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
        'OrgMfaManagementMember/MemberRole/Role AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<HubRegion>:<AWS::AccountId>:parameter/orgmfa/seed/*]',
        'OrgMfaManagementMember/MemberRole/InitialPassword AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
        'OrgMfaManagementMember/MemberRole/InitialPassword AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<HubRegion>:<AWS::AccountId>:parameter/orgmfa/initial-password/*]',
        'OrgMfaManagementMember/MemberRole/UserDeletion AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*]',
        'OrgMfaManagementMember/MemberRole/UserDeletion AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:group/*]',
        'OrgMfaManagementMember/MemberRole/SeedKeyByAlias AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:<HubRegion>:<AWS::AccountId>:key/*]',
        'OrgMfaManagementMember/MfaSelfService AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*]',
        'OrgMfaManagementMember/MfaSelfService AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*/<aws:username>]',
      ].sort(),
    );
    for (const { reason } of acknowledged) expect(reason.length).toBeGreaterThan(40);
    // A wildcard that needs two reasons gets both, joined: cdk-nag keeps one reason per finding.
    expect(
      acknowledged.find(
        ({ path, id }) => path === 'OrgMfaHub/ListAccounts/Role' && id.endsWith('[Resource::*]'),
      )?.reason,
    ).toMatch(/X-Ray.*organizations:ListRoots/);
  });
});
