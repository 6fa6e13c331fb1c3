import { Capture, Match } from 'aws-cdk-lib/assertions';
import { MEMBER_STACK_SET_NAME } from '../../infra/constructs/member-stack-set';
import { memberTemplate, synthOrgMfa } from './support/synth';
import { ACCOUNTS, ORGANIZATION_ID, testConfig } from './support/test-config';

describe('member StackSet', () => {
  test("carries the member stack's synthesized template as its body", () => {
    // GIVEN
    const { hub } = synthOrgMfa(testConfig());
    const body = new Capture();

    // WHEN
    hub.hasResourceProperties('AWS::CloudFormation::StackSet', { TemplateBody: body });

    // THEN
    expect(JSON.parse(body.asString())).toEqual(memberTemplate().toJSON());
  });

  test('is service-managed, auto-deploys to the target OUs in the IAM home region, with the hub as parameters', () => {
    // GIVEN a delegated-administrator hub
    const { hub } = synthOrgMfa(testConfig());

    // THEN
    hub.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: MEMBER_STACK_SET_NAME,
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      OperationPreferences: Match.objectLike({
        FailureTolerancePercentage: Match.anyValue(),
        MaxConcurrentPercentage: Match.anyValue(),
      }),
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop'] },
          Regions: ['us-east-1'],
        },
      ],
      Parameters: [
        { ParameterKey: 'HubAccountId', ParameterValue: ACCOUNTS.hub },
        { ParameterKey: 'OrganizationId', ParameterValue: ORGANIZATION_ID },
        {
          ParameterKey: 'CentralEventBusArn',
          ParameterValue: 'arn:aws:events:eu-west-1:222222222222:event-bus/orgmfa',
        },
        {
          ParameterKey: 'TrustedPrincipalArns',
          ParameterValue: [
            'arn:aws:iam::222222222222:role/orgmfa-cleanup-orphan',
            'arn:aws:iam::222222222222:role/orgmfa-provision-mfa',
            'arn:aws:iam::222222222222:role/orgmfa-evaluate-user',
            'arn:aws:iam::222222222222:role/orgmfa-sweep-account',
          ].join(','),
        },
        { ParameterKey: 'MemberRoleName', ParameterValue: 'OrgMfaMemberRole' },
        { ParameterKey: 'HubRegion', ParameterValue: 'eu-west-1' },
        { ParameterKey: 'AllowUserDeletion', ParameterValue: 'false' },
        { ParameterKey: 'NewUserConsoleAccess', ParameterValue: 'false' },
        { ParameterKey: 'SeedKmsKeyArn', ParameterValue: '' },
        { ParameterKey: 'SeedKmsKeyAlias', ParameterValue: '' },
        { ParameterKey: 'MfaDeviceNameTemplate', ParameterValue: '{userName}' },
      ],
    });
  });

  test('calls as SELF when the hub is the management account', () => {
    // GIVEN no hubAccountId: the hub defaults to the management account
    const { hub } = synthOrgMfa(testConfig({ hubAccountId: undefined }));

    // THEN
    hub.hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'SELF' });
  });

  test("deploys to the partition's own IAM home region", () => {
    const { hub } = synthOrgMfa(testConfig({ hubRegion: 'us-gov-east-1' }));
    hub.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [Match.objectLike({ Regions: ['us-gov-west-1'] })],
    });
  });
});

describe('management account member stack', () => {
  test('is the StackSet template, with the configuration as defaults, in the management account and IAM home region', () => {
    // GIVEN
    const { stacks, managementMember } = synthOrgMfa(testConfig());

    // THEN
    expect(stacks.managementMember.account).toBe(ACCOUNTS.management);
    expect(stacks.managementMember.region).toBe('us-east-1');
    const stackSetTemplate = memberTemplate().toJSON();
    const { Parameters: withDefaults, ...rest } = managementMember.toJSON();
    const { Parameters: withoutDefaults, ...stackSetRest } = stackSetTemplate;
    expect(rest).toEqual(stackSetRest);
    for (const [name, parameter] of Object.entries(withDefaults as Record<string, { Default?: string }>)) {
      expect(parameter).toEqual({ ...withoutDefaults[name], Default: expect.any(String) });
    }
  });
});
