import { readFileSync } from 'node:fs';
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { recordKey } from '../../functions/aws/findings-record';
import { sweepPrefix } from '../../functions/list-accounts/list-accounts';
import { stateBucketName } from '../../functions/core/naming';
import { SWEEP_WORKFLOW_ASL_PATH } from '../../infra/constructs/sweep-workflow';
import { SWEEP_STATE_MACHINE_NAME } from '../../infra/policies/sweep-workflow-policy';
import type { HubStack } from '../../infra/stacks/hub-stack';
import { deployedWorkflowRole, type DeployedHubRole } from './support/deployed-policies';
import { simulate } from './support/iam-simulation';
import { logicalIdIn, synthOrgMfa, type TemplateResource } from './support/synth';
import { ACCOUNTS, testConfig } from './support/test-config';
import { deployedAndFileDefinitions, placeholdersOf, stateMachineWith } from './support/workflows';

describe('sweep workflow', () => {
  const config = testConfig();
  let hub: Template;
  let stack: HubStack;
  let file: string;
  beforeAll(() => {
    const synthesized = synthOrgMfa(config);
    hub = synthesized.hub;
    stack = synthesized.stacks.hub;
    file = readFileSync(SWEEP_WORKFLOW_ASL_PATH, 'utf8');
  });

  const sweep = () => stateMachineWith(hub, 'SweepAccountFunctionArn');

  describe('definition', () => {
    test('the substitutions are the service integrations and the three sweep functions, each mapped to the right one', () => {
      const arnOf = (fn: { function: Parameters<typeof logicalIdIn>[1] }) => ({
        'Fn::GetAtt': [logicalIdIn(stack, fn.function), 'Arn'],
      });
      expect(sweep().resource.Properties?.DefinitionSubstitutions).toEqual({
        LambdaInvoke: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::lambda:invoke']] },
        S3GetObject: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::s3:getObject']] },
        S3PutObject: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::s3:putObject']] },
        ListAccountsFunctionArn: arnOf(stack.listAccounts),
        SweepAccountFunctionArn: arnOf(stack.sweepAccount),
        SummarizeSweepFunctionArn: arnOf(stack.summarizeSweep),
      });
    });

    test('every placeholder of the ASL file has a substitution, and every substitution a placeholder', () => {
      const substitutions = sweep().resource.Properties?.DefinitionSubstitutions as object;
      expect(placeholdersOf(file)).toEqual(new Set(Object.keys(substitutions)));
    });

    test('the template carries the ASL file, inline, and both agree once substituted', () => {
      // GIVEN the definition the template carries (inline: no S3 location)
      const { resource } = sweep();
      expect(resource.Properties?.DefinitionS3Location).toBeUndefined();

      // WHEN both are substituted
      const { deployed, fromFile } = deployedAndFileDefinitions(resource, file);

      // THEN
      expect(deployed).toEqual(fromFile);
      expect(JSON.stringify(deployed)).not.toContain('${');
      expect(deployed).toMatchObject({
        States: {
          ListAccounts: {
            Parameters: { FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:ListAccounts/) },
          },
          SweepAccounts: {
            ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
            ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' },
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              States: {
                SweepAccount: {
                  Parameters: {
                    FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:SweepAccount/),
                  },
                },
              },
            },
          },
          SummarizeSweep: {
            Parameters: {
              FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:SummarizeSweep/),
            },
          },
        },
      });
    });
  });

  describe('state machine', () => {
    test('is a STANDARD state machine with its fixed name, logging ALL to its own log group, with X-Ray tracing', () => {
      const logGroup = new Capture();
      expect(sweep().resource.Properties).toMatchObject({
        StateMachineName: SWEEP_STATE_MACHINE_NAME,
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: true,
          Destinations: [
            { CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } } },
          ],
        },
      });
      hub.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: SWEEP_STATE_MACHINE_NAME,
        LoggingConfiguration: {
          Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logGroup, 'Arn'] } } }],
        },
      });
      expect(hub.toJSON().Resources[logGroup.asString()]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 365 },
      });
    });

    test('lives in the hub account and region, which its role names from configuration', () => {
      expect([stack.account, stack.region]).toEqual([ACCOUNTS.hub, config.hubRegion]);
    });
  });

  describe('role', () => {
    const ACCOUNT_LISTS = 'arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/accounts.json';
    const RESULTS = 'arn:aws:s3:::orgmfa-state-222222222222/sweeps/*/results/*';
    const STATES = 'arn:aws:states:eu-west-1:222222222222';

    test('may invoke its three functions, run its Distributed Map and use its files, and nothing else', () => {
      // GIVEN the role and the functions it runs
      const { resource } = sweep();
      const roleId = (resource.Properties?.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const substitutions = resource.Properties?.DefinitionSubstitutions as Record<string, unknown>;

      // THEN one policy, exactly these statements
      expect(
        (hub.toJSON().Resources[roleId] as TemplateResource).Properties?.ManagedPolicyArns,
      ).toBeUndefined();
      hub.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
      hub.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: roleId }],
        PolicyDocument: Match.objectEquals({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'InvokeWorkflowFunctions',
              Effect: 'Allow',
              Action: 'lambda:InvokeFunction',
              Resource: [
                substitutions.ListAccountsFunctionArn,
                substitutions.SweepAccountFunctionArn,
                substitutions.SummarizeSweepFunctionArn,
              ],
            },
            {
              Sid: 'StartMapChildExecutions',
              Effect: 'Allow',
              Action: 'states:StartExecution',
              Resource: `${STATES}:stateMachine:orgmfa-sweep`,
            },
            {
              Sid: 'ManageSweepExecutions',
              Effect: 'Allow',
              Action: ['states:DescribeExecution', 'states:StopExecution'],
              Resource: `${STATES}:execution:orgmfa-sweep:*`,
            },
            {
              Sid: 'RedriveMapRuns',
              Effect: 'Allow',
              Action: 'states:RedriveExecution',
              Resource: `${STATES}:execution:orgmfa-sweep/*:*`,
            },
            {
              Sid: 'ReadSweepAccountLists',
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: ACCOUNT_LISTS,
            },
            {
              Sid: 'WriteMapResults',
              Effect: 'Allow',
              Action: [
                's3:PutObject',
                's3:GetObject',
                's3:ListMultipartUploadParts',
                's3:AbortMultipartUpload',
              ],
              Resource: RESULTS,
            },
            // Added by Step Functions for logging and tracing.
            {
              Effect: 'Allow',
              Action: [
                'logs:CreateLogDelivery',
                'logs:GetLogDelivery',
                'logs:UpdateLogDelivery',
                'logs:DeleteLogDelivery',
                'logs:ListLogDeliveries',
                'logs:PutResourcePolicy',
                'logs:DescribeResourcePolicies',
                'logs:DescribeLogGroups',
              ],
              Resource: '*',
            },
            {
              Effect: 'Allow',
              Action: [
                'xray:PutTraceSegments',
                'xray:PutTelemetryRecords',
                'xray:GetSamplingRules',
                'xray:GetSamplingTargets',
              ],
              Resource: '*',
            },
          ],
        }),
      });
    });

    test('the state machine depends on its role, which names it by its fixed name rather than by reference', () => {
      const { resource } = sweep();
      expect(resource.Properties?.StateMachineName).toBe('orgmfa-sweep');
      expect(resource.DependsOn).toEqual(
        expect.arrayContaining([expect.stringMatching(/^SweepWorkflowRole/)]),
      );
    });
  });

  describe('role (IAM simulation), on the keys the functions and the ASL really use', () => {
    let role: DeployedHubRole;
    beforeAll(() => {
      role = deployedWorkflowRole(config, 'SweepAccountFunctionArn');
    });
    const bucket = stateBucketName(ACCOUNTS.hub);
    const object = (key: string) => `arn:aws:s3:::${bucket}/${key}`;

    /** The ResultWriter prefix of the ASL for a sweep id (a States.Format of the id). */
    function resultsPrefix(sweepId: string): string {
      const definition = JSON.parse(file) as {
        States: { SweepAccounts: { ResultWriter: { Parameters: Record<string, string> } } };
      };
      const format = definition.States.SweepAccounts.ResultWriter.Parameters['Prefix.$']!;
      const template = /^States\.Format\('([^']+)', \$\.sweep\.sweepId\)$/.exec(format)?.[1];
      if (template === undefined) throw new Error(`unexpected ResultWriter prefix ${format}`);
      return template.replace('{}', sweepId);
    }

    function call(action: string, resource: string, resourceAccount: string = ACCOUNTS.hub) {
      return simulate({
        principal: role.arn,
        action,
        resource,
        resourceAccount,
        context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': ACCOUNTS.hub },
        identityPolicies: role.policies,
      });
    }

    test.each([
      [
        'the ItemReader to read the account list',
        's3:GetObject',
        () => object(`${sweepPrefix('sweep-1')}/accounts.json`),
      ],
      [
        'the ResultWriter to write the manifest',
        's3:PutObject',
        () => object(`${resultsPrefix('sweep-1')}/0f3c/manifest.json`),
      ],
      [
        'the ResultWriter to write a result file',
        's3:PutObject',
        () => object(`${resultsPrefix('sweep-1')}/0f3c/SUCCEEDED_0.json`),
      ],
      [
        'the ResultWriter to abort an upload',
        's3:AbortMultipartUpload',
        () => object(`${resultsPrefix('sweep-1')}/0f3c/SUCCEEDED_0.json`),
      ],
      [
        'the Map to start its child executions',
        'states:StartExecution',
        () => 'arn:aws:states:eu-west-1:222222222222:stateMachine:orgmfa-sweep',
      ],
      [
        'the Map to stop an execution',
        'states:StopExecution',
        () => 'arn:aws:states:eu-west-1:222222222222:execution:orgmfa-sweep:run-1',
      ],
      [
        'a Map Run to be redriven',
        'states:RedriveExecution',
        () => 'arn:aws:states:eu-west-1:222222222222:execution:orgmfa-sweep/SweepAccounts:0f3c',
      ],
    ])('allows %s', async (_label, action, resource) => {
      expect((await call(action, resource())).result).toBe('Allowed');
    });

    test.each([
      ['writing the account list', 's3:PutObject', () => object(`${sweepPrefix('sweep-1')}/accounts.json`)],
      ['reading a findings record', 's3:GetObject', () => object(recordKey(ACCOUNTS.member))],
      ['writing a report', 's3:PutObject', () => object('reports/sweep=sweep-1/summary.json')],
      [
        'another bucket',
        's3:GetObject',
        () => `arn:aws:s3:::other-bucket/${sweepPrefix('sweep-1')}/accounts.json`,
      ],
      [
        'starting the event workflow',
        'states:StartExecution',
        () => 'arn:aws:states:eu-west-1:222222222222:stateMachine:EventWorkflow',
      ],
    ])('denies %s', async (_label, action, resource) => {
      expect((await call(action, resource())).result).toBe('ImplicitlyDenied');
    });
  });
});
