import { App } from 'aws-cdk-lib';
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { FORWARDED_IAM_EVENT_NAMES } from '../../infra/constructs/member-event-pattern';
import { memberParameterValues } from '../../infra/member-parameters';
import { MemberStack } from '../../infra/stacks/member-stack';
import { memberTemplate, onlyResource, type TemplateResource } from './support/synth';
import { testConfig } from './support/test-config';

describe('member stack (StackSet template)', () => {
  let template: Template;
  beforeAll(() => {
    template = memberTemplate();
  });

  test('is asset-free and bootstrap-free: no Lambda, no asset parameters or metadata, no bootstrap check', () => {
    // GIVEN the member stack synthesized in an app
    const app = new App();
    const stack = new MemberStack(app, 'Member');

    // WHEN
    const artifact = app.synth().getStackArtifact(stack.artifactId);

    // THEN
    expect(artifact.assets).toEqual([]);
    const json = template.toJSON();
    expect(Object.keys(json.Parameters)).not.toContainEqual(
      expect.stringMatching(/AssetParameters|BootstrapVersion/),
    );
    expect(Object.keys(json.Rules ?? {})).not.toContain('CheckBootstrapVersion');
    for (const resource of Object.values(json.Resources as Record<string, TemplateResource>)) {
      expect(Object.keys(resource.Metadata ?? {})).not.toContainEqual(expect.stringMatching(/^aws:asset/));
    }
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(
      new Set(Object.values(json.Resources as Record<string, TemplateResource>).map((r) => r.Type)),
    ).toEqual(
      new Set(['AWS::Events::Rule', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']),
    );
  });

  test('takes every deployment difference as a parameter, without defaults', () => {
    expect(Object.keys(template.findParameters('*'))).toEqual([
      'HubAccountId',
      'OrganizationId',
      'CentralEventBusArn',
      'TrustedPrincipalArns',
      'MemberRoleName',
      'HubRegion',
      'AllowUserDeletion',
      'NewUserConsoleAccess',
      'SeedKmsKeyArn',
      'SeedKmsKeyAlias',
      'MfaDeviceNameTemplate',
    ]);
    // Off unless the hub says otherwise: the only parameters with a default.
    for (const option of ['AllowUserDeletion', 'NewUserConsoleAccess']) {
      template.hasParameter(option, { Type: 'String', AllowedValues: ['true', 'false'], Default: 'false' });
    }
    // SSM's own key unless the hub names a customer managed key.
    for (const key of ['SeedKmsKeyArn', 'SeedKmsKeyAlias']) {
      template.hasParameter(key, {
        Type: 'String',
        AllowedPattern: Match.stringLikeRegexp('^\\^\\$\\|'),
        Default: '',
      });
    }
    for (const name of [
      'HubAccountId',
      'OrganizationId',
      'CentralEventBusArn',
      'MemberRoleName',
      'HubRegion',
      'MfaDeviceNameTemplate',
    ]) {
      template.hasParameter(name, {
        Type: 'String',
        AllowedPattern: Match.anyValue(),
        Default: Match.absent(),
      });
    }
    template.hasParameter('TrustedPrincipalArns', {
      Type: 'CommaDelimitedList',
      AllowedPattern: Match.anyValue(),
      Default: Match.absent(),
    });
  });

  test("refuses to deploy outside the partition's IAM home region", () => {
    expect(template.toJSON().Rules.OnlyInIamHomeRegion.Assertions).toEqual([
      {
        Assert: { 'Fn::Contains': [['us-east-1', 'us-gov-west-1', 'cn-north-1'], { Ref: 'AWS::Region' }] },
        AssertDescription: expect.stringContaining('IAM home region'),
      },
    ]);
  });

  test('forwards the IAM events orgmfa needs, and the EntityAlreadyExists clash by prefix', () => {
    // GIVEN / WHEN the rule on the default bus
    const { resource } = onlyResource(template, 'AWS::Events::Rule');

    // THEN
    expect(resource.Properties?.EventBusName).toBeUndefined();
    expect(resource.Properties?.EventPattern).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['iam.amazonaws.com'],
        $or: [
          { eventName: ['CreateVirtualMFADevice'], errorCode: [{ prefix: 'EntityAlreadyExists' }] },
          { eventName: [...FORWARDED_IAM_EVENT_NAMES], errorCode: [{ exists: false }] },
        ],
      },
    });
    // The list of events, in the order the pattern carries them.
    expect(FORWARDED_IAM_EVENT_NAMES).toEqual([
      'CreateUser',
      'DeleteUser',
      'EnableMFADevice',
      'DeactivateMFADevice',
      'CreateLoginProfile',
      'DeleteLoginProfile',
      'CreateAccessKey',
      'UpdateAccessKey',
      'DeleteAccessKey',
      'DeleteVirtualMFADevice',
      'CreateVirtualMFADevice',
    ]);
    // A successful creation is forwarded (the evidence of who created a device, and when); the clash
    // keeps its own branch, matched on the error code's prefix.
    expect(resource.Properties?.Name).toBe('orgmfa-forward-iam-events');
  });

  test('targets the central bus with a role that may only PutEvents on that bus', () => {
    // GIVEN the rule's one target
    const roleArn = new Capture();
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [{ Id: Match.anyValue(), Arn: { Ref: 'CentralEventBusArn' }, RoleArn: roleArn }],
    });
    const roleId = (roleArn.asObject() as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

    // THEN EventBridge alone may assume the role, and only for this rule of this account (the
    // confused-deputy guard), written with pseudo parameters so that one template serves every account
    expect(template.toJSON().Resources[roleId]).toEqual({
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: expect.any(String),
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: {
                StringEquals: {
                  'aws:SourceAccount': { Ref: 'AWS::AccountId' },
                  'aws:SourceArn': {
                    'Fn::Join': [
                      '',
                      [
                        'arn:',
                        { Ref: 'AWS::Partition' },
                        ':events:',
                        { Ref: 'AWS::Region' },
                        ':',
                        { Ref: 'AWS::AccountId' },
                        ':rule/orgmfa-forward-iam-events',
                      ],
                    ],
                  },
                },
              },
            },
          ],
        },
      },
    });
    // AND its only policy allows PutEvents on the central bus, nothing else
    template.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } }],
      }),
    });
  });

  test('the member role trusts only the hub account, narrowed to the listed role ARNs and the organization', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { Ref: 'MemberRoleName' },
      AssumeRolePolicyDocument: Match.objectEquals({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: {
              AWS: {
                'Fn::Join': [
                  '',
                  ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HubAccountId' }, ':root'],
                ],
              },
            },
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': { Ref: 'TrustedPrincipalArns' } },
              StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } },
            },
          },
        ],
      }),
    });
  });

  test('the member role has exactly the actions orgmfa uses, each scoped to its own account', () => {
    // GIVEN the member role
    const { logicalId, resource: role } = onlyResource(template, 'AWS::IAM::Role', {
      RoleName: { Ref: 'MemberRoleName' },
    });
    const own = (rest: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, rest]],
    });

    // THEN one inline policy, no managed policy, and user deletion only under its condition
    expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
    const attached = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: logicalId }] },
    });
    expect(Object.values(attached).map((p) => (p as { Condition?: string }).Condition)).toEqual([
      'AllowUserDeletionOn',
      'NewUserConsoleAccessOn',
      'SeedKmsKeyArnOn',
      'SeedKmsKeyAliasOn',
    ]);
    expect(role.Properties?.Policies).toEqual([
      {
        PolicyName: 'OrgMfaMemberAccess',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ListVirtualMfaDevices',
              Effect: 'Allow',
              Action: 'iam:ListVirtualMFADevices',
              Resource: '*',
            },
            {
              Sid: 'ReadAccountCredentials',
              Effect: 'Allow',
              Action: [
                'iam:GenerateCredentialReport',
                'iam:GetCredentialReport',
                'iam:GetAccountAuthorizationDetails',
                'iam:GetAccountSummary',
              ],
              Resource: '*',
            },
            {
              Sid: 'ManageVirtualMfaDevices',
              Effect: 'Allow',
              Action: [
                'iam:CreateVirtualMFADevice',
                'iam:TagMFADevice',
                'iam:ListMFADeviceTags',
                'iam:DeleteVirtualMFADevice',
              ],
              Resource: own(':mfa/*'),
            },
            {
              Sid: 'EvaluateAndProvisionUsers',
              Effect: 'Allow',
              Action: [
                'iam:GetUser',
                'iam:GetLoginProfile',
                'iam:ListAccessKeys',
                'iam:ListMFADevices',
                'iam:EnableMFADevice',
              ],
              Resource: own(':user/*'),
            },
            {
              Sid: 'StoreSeeds',
              Effect: 'Allow',
              Action: ['ssm:PutParameter', 'ssm:DeleteParameter'],
              Resource: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':ssm:',
                    { Ref: 'HubRegion' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':parameter/orgmfa/seed/*',
                  ],
                ],
              },
            },
            {
              Sid: 'ImportOwnFindings',
              Effect: 'Allow',
              Action: 'securityhub:BatchImportFindings',
              // The default product of this very account, in the hub's region.
              Resource: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':securityhub:',
                    { Ref: 'HubRegion' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':product/',
                    { Ref: 'AWS::AccountId' },
                    '/default',
                  ],
                ],
              },
            },
            {
              Sid: 'ReadBackOwnFindings',
              Effect: 'Allow',
              Action: 'securityhub:GetFindings',
              // This very account's hub, in the hub's region: the sweep's tampering check.
              Resource: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':securityhub:',
                    { Ref: 'HubRegion' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':hub/default',
                  ],
                ],
              },
            },
          ],
        },
      },
    ]);
  });

  test('the optional policies: user deletion, the initial password, the seed key by ARN or by alias, each under its condition', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter(
      (p) => (p as { Condition?: string }).Condition !== undefined,
    ) as { Condition: string; Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }[];
    const byCondition = Object.fromEntries(
      policies.map((p) => [p.Condition, p.Properties.PolicyDocument.Statement]),
    );
    expect(byCondition.AllowUserDeletionOn?.map((s) => s.Action)).toEqual([
      [
        'iam:ListSigningCertificates',
        'iam:ListSSHPublicKeys',
        'iam:ListServiceSpecificCredentials',
        'iam:ListGroupsForUser',
        'iam:ListAttachedUserPolicies',
        'iam:ListUserPolicies',
      ],
      [
        'iam:DeleteLoginProfile',
        'iam:DeleteAccessKey',
        'iam:DeleteSigningCertificate',
        'iam:DeleteSSHPublicKey',
        'iam:DeleteServiceSpecificCredential',
        'iam:DetachUserPolicy',
        'iam:DeleteUserPolicy',
        'iam:DeleteUser',
      ],
      'iam:RemoveUserFromGroup',
    ]);
    const viaSsm = {
      StringEquals: {
        'kms:ViaService': { 'Fn::Join': ['', ['ssm.', { Ref: 'HubRegion' }, '.amazonaws.com']] },
      },
    };
    expect(byCondition.SeedKmsKeyArnOn).toEqual([
      {
        Sid: 'EncryptSeedsWithTheCustomerManagedKey',
        Effect: 'Allow',
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: { Ref: 'SeedKmsKeyArn' },
        Condition: viaSsm,
      },
    ]);
    expect(byCondition.SeedKmsKeyAliasOn).toEqual([
      expect.objectContaining({
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: {
          ...viaSsm,
          'ForAnyValue:StringEquals': { 'kms:ResourceAliases': { Ref: 'SeedKmsKeyAlias' } },
        },
      }),
    ]);
    // Neither seed key policy ever allows decrypting.
    expect(JSON.stringify(template.toJSON())).not.toContain('kms:Decrypt');
  });

  test('the OrgMfaSelfService managed policy lets each user read and delete only their own seed', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'OrgMfaSelfService',
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['ssm:GetParameter', 'ssm:DeleteParameter'],
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':ssm:',
                  { Ref: 'HubRegion' },
                  ':',
                  { Ref: 'AWS::AccountId' },
                  ':parameter/orgmfa/seed/${aws:userid}',
                ],
              ],
            },
          }),
        ]),
      },
    });
  });

  test('the OrgMfaSelfService policy lets each user put only the seed-collected tag, only on their own device', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      ManagedPolicyName: 'OrgMfaSelfService',
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'RecordOwnSeedPickup',
            Effect: 'Allow',
            Action: 'iam:TagMFADevice',
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':mfa/*'],
              ],
            },
            Condition: {
              StringEquals: {
                'aws:ResourceTag/orgmfa:user-id': '${aws:userid}',
                'aws:ResourceTag/orgmfa:managed': 'provisioned',
              },
              'ForAllValues:StringEquals': { 'aws:TagKeys': ['orgmfa:seed-collected'] },
              Null: { 'aws:TagKeys': 'false' },
            },
          },
        ]),
      },
    });
  });
});

describe('member stack of the management account', () => {
  test('has the configuration as parameter defaults', () => {
    // GIVEN
    const config = testConfig();

    // WHEN
    const template = memberTemplate(memberParameterValues(config));

    // THEN
    const parameters = template.toJSON().Parameters;
    expect(parameters.HubAccountId.Default).toBe('222222222222');
    expect(parameters.OrganizationId.Default).toBe('o-a1b2c3d4e5');
    expect(parameters.CentralEventBusArn.Default).toBe(
      'arn:aws:events:eu-west-1:222222222222:event-bus/orgmfa',
    );
    expect(parameters.TrustedPrincipalArns.Default).toBe(
      [
        'arn:aws:iam::222222222222:role/orgmfa-cleanup-orphan',
        'arn:aws:iam::222222222222:role/orgmfa-provision-mfa',
        'arn:aws:iam::222222222222:role/orgmfa-evaluate-user',
        'arn:aws:iam::222222222222:role/orgmfa-sweep-account',
      ].join(','),
    );
    expect(parameters.MemberRoleName.Default).toBe('OrgMfaMemberRole');
    expect(parameters.HubRegion.Default).toBe('eu-west-1');
    expect(parameters.AllowUserDeletion.Default).toBe('false');
    expect(parameters.NewUserConsoleAccess.Default).toBe('false');
    expect(parameters.SeedKmsKeyArn.Default).toBe('');
    expect(parameters.SeedKmsKeyAlias.Default).toBe('');
  });

  test.each([
    ['alias/aws/ssm', '', ''],
    ['alias/orgmfa-seeds', '', 'alias/orgmfa-seeds'],
    [
      'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      '',
    ],
  ])('seedKmsKeyId %s becomes SeedKmsKeyArn %j and SeedKmsKeyAlias %j', (seedKmsKeyId, arn, alias) => {
    const config = testConfig();
    const values = memberParameterValues({
      ...config,
      provisioning: { ...config.provisioning, seedKmsKeyId },
    });
    expect([values.seedKmsKeyArn, values.seedKmsKeyAlias]).toEqual([arn, alias]);
  });

  test.each([
    ['HubAccountId', '222222222222', '2222'],
    ['OrganizationId', 'o-a1b2c3d4e5', 'o-BAD'],
    [
      'CentralEventBusArn',
      'arn:aws:events:eu-west-1:222222222222:event-bus/orgmfa',
      'arn:aws:sqs:eu-west-1:222222222222:q',
    ],
    [
      'TrustedPrincipalArns',
      'arn:aws-us-gov:iam::222222222222:role/orgmfa-cleanup-orphan',
      'arn:aws:iam::222222222222:user/x',
    ],
    ['MemberRoleName', 'OrgMfaMemberRole', 'role/with/path'],
    ['SeedKmsKeyAlias', 'alias/orgmfa-seeds', 'alias/aws/ssm'],
    [
      'SeedKmsKeyArn',
      'arn:aws:kms:eu-west-1:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab',
      'arn:aws:kms:eu-west-1:222222222222:alias/orgmfa-seeds',
    ],
  ])('parameter %s accepts %s and refuses %s', (name, good, bad) => {
    // GIVEN the AllowedPattern CloudFormation checks (ECMAScript and Java agree on these patterns)
    const pattern = new RegExp(memberTemplate().toJSON().Parameters[name].AllowedPattern as string);

    // THEN
    expect(pattern.test(good)).toBe(true);
    expect(pattern.test(bad)).toBe(false);
  });
});
