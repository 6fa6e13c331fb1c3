import { readFileSync } from 'node:fs';
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { EVENT_WORKFLOW_ASL_PATH } from '../../infra/constructs/event-workflow';
import { resolveIntrinsics } from './support/cfn-intrinsics';
import { onlyResource, synthOrgMfa } from './support/synth';
import { testConfig } from './support/test-config';

const PLACEHOLDER = /\$\{(\w+)\}/g;

/** Replaces every `${Name}` as Step Functions does with DefinitionSubstitutions; a missing value fails. */
function substitute(definition: string, values: Record<string, string>): string {
  return definition.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

/** A deployed function's ARN, standing in for Fn::GetAtt [logicalId, 'Arn']. */
function functionArn(logicalId: string, attribute: string): string {
  if (attribute !== 'Arn') throw new Error(`unexpected attribute ${attribute}`);
  return `arn:aws:lambda:eu-west-1:222222222222:function:${logicalId}`;
}

describe('event workflow definition', () => {
  let hub: Template;
  let file: string;
  beforeAll(() => {
    hub = synthOrgMfa(testConfig()).hub;
    file = readFileSync(EVENT_WORKFLOW_ASL_PATH, 'utf8');
  });

  test('the substitutions are the Lambda tasks and the partition, each mapped to the right function', () => {
    // GIVEN the functions by what they do
    const parseEvent = onlyResource(hub, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('validates a forwarded IAM event'),
    }).logicalId;
    const cleanUpOrphan = onlyResource(hub, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('deletes an orphaned virtual MFA device'),
    }).logicalId;
    const provisionMfa = onlyResource(hub, 'AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('gives a new IAM user a working virtual MFA device'),
    }).logicalId;

    // THEN
    hub.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionSubstitutions: Match.objectEquals({
        Partition: { Ref: 'AWS::Partition' },
        ParseEventFunctionArn: { 'Fn::GetAtt': [parseEvent, 'Arn'] },
        CleanUpOrphanFunctionArn: { 'Fn::GetAtt': [cleanUpOrphan, 'Arn'] },
        ProvisionMfaFunctionArn: { 'Fn::GetAtt': [provisionMfa, 'Arn'] },
      }),
    });
  });

  test('every placeholder of the ASL file has a substitution, and every substitution a placeholder', () => {
    const substitutions = new Capture();
    hub.hasResourceProperties('AWS::StepFunctions::StateMachine', { DefinitionSubstitutions: substitutions });
    const placeholders = new Set([...file.matchAll(PLACEHOLDER)].map((match) => match[1]));
    expect(placeholders).toEqual(new Set(Object.keys(substitutions.asObject())));
  });

  test('the template carries the ASL file, inline, and both agree once substituted', () => {
    // GIVEN the definition and substitutions the template carries (inline: no S3 location), resolved as
    // CloudFormation would (the definition may be a string or an Fn::Join around tokens)
    const { resource } = onlyResource(hub, 'AWS::StepFunctions::StateMachine');
    expect(resource.Properties?.DefinitionS3Location).toBeUndefined();
    const intrinsics = { refs: { 'AWS::Partition': 'aws' }, getAtt: functionArn };
    const values = resolveIntrinsics(resource.Properties?.DefinitionSubstitutions, intrinsics) as Record<
      string,
      string
    >;
    const carried = resolveIntrinsics(resource.Properties?.DefinitionString, intrinsics);
    expect(typeof carried).toBe('string');

    // WHEN both are substituted
    const deployed: unknown = JSON.parse(substitute(carried as string, values));
    const expected: unknown = JSON.parse(substitute(file, values));

    // THEN
    expect(deployed).toEqual(expected);
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
      },
    });
  });
});
