import { readFileSync } from 'node:fs';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { EVENT_WORKFLOW_ASL_PATH } from '../../infra/constructs/event-workflow';
import { onlyResource, synthOrgMfa } from './support/synth';
import { testConfig } from './support/test-config';
import { deployedAndFileDefinitions, placeholdersOf, stateMachineWith } from './support/workflows';

describe('event workflow definition', () => {
  let hub: Template;
  let file: string;
  beforeAll(() => {
    hub = synthOrgMfa(testConfig()).hub;
    file = readFileSync(EVENT_WORKFLOW_ASL_PATH, 'utf8');
  });

  const eventWorkflow = () => stateMachineWith(hub, 'ParseEventFunctionArn');
  const functionId = (description: string) =>
    onlyResource(hub, 'AWS::Lambda::Function', { Description: Match.stringLikeRegexp(description) })
      .logicalId;

  test('the substitutions are the Lambda integration and the functions, each mapped to the right one', () => {
    // GIVEN the functions by what they do
    const parseEvent = functionId('validates a forwarded IAM event');
    const cleanUpOrphan = functionId("keeps orgmfa's record of virtual MFA devices");
    const provisionMfa = functionId('gives a new IAM user a working virtual MFA device');
    const evaluateUser = functionId('re-evaluates the IAM user an event changed');

    // THEN
    expect(eventWorkflow().resource.Properties?.DefinitionSubstitutions).toEqual({
      LambdaInvoke: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::lambda:invoke']] },
      ParseEventFunctionArn: { 'Fn::GetAtt': [parseEvent, 'Arn'] },
      CleanUpOrphanFunctionArn: { 'Fn::GetAtt': [cleanUpOrphan, 'Arn'] },
      ProvisionMfaFunctionArn: { 'Fn::GetAtt': [provisionMfa, 'Arn'] },
      EvaluateUserFunctionArn: { 'Fn::GetAtt': [evaluateUser, 'Arn'] },
    });
  });

  test('every placeholder of the ASL file has a substitution, and every substitution a placeholder', () => {
    const substitutions = eventWorkflow().resource.Properties?.DefinitionSubstitutions as object;
    expect(placeholdersOf(file)).toEqual(new Set(Object.keys(substitutions)));
  });

  test('the template carries the ASL file, inline, and both agree once substituted', () => {
    // GIVEN the definition the template carries (inline: no S3 location)
    const { resource } = eventWorkflow();
    expect(resource.Properties?.DefinitionS3Location).toBeUndefined();

    // WHEN both are substituted
    const { deployed, fromFile } = deployedAndFileDefinitions(resource, file);

    // THEN
    expect(deployed).toEqual(fromFile);
    expect(JSON.stringify(deployed)).not.toContain('${');
    expect(deployed).toMatchObject({
      States: {
        ParseEvent: {
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:ParseEvent/) },
        },
        CleanUpOrphan: {
          Parameters: { FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:CleanUpOrphan/) },
        },
        EvaluateUser: {
          Parameters: { FunctionName: expect.stringMatching(/^arn:aws:lambda:.*:function:EvaluateUser/) },
        },
      },
    });
  });
});
