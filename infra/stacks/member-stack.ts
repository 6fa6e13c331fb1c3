import {
  Aws,
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  CfnRule,
  Fn,
  Stack,
  Validations,
  type StackProps,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { mfaSelfServicePermissions } from '../policies/mfa-self-service-policy';
import { IAM_HOME_REGION_BY_PARTITION } from '../../functions/core/naming';
import {
  ACCOUNT_ID_PATTERN,
  DEVICE_NAME_TEMPLATE_PATTERN,
  ORGANIZATION_ID_PATTERN,
  ROLE_NAME_PATTERN,
  SEED_KEY_ALIAS_PATTERN,
  SEED_KEY_ARN_PATTERN,
} from '../../functions/core/config';
import {
  REQUIRE_MFA_MANAGED_POLICY_NAME,
  requireMfaManagedPolicy,
} from '../../functions/core/guardrail/guardrail-policies';
import { USER_NAME_PLACEHOLDER } from '../../functions/core/guardrail/require-mfa-statements';
import { EventForwardingRule } from '../constructs/event-forwarding-rule';
import { MemberRole } from '../constructs/member-role';
import { MEMBER_PARAMETER_NAMES, type MemberParameterValues } from '../member-parameters';

/** Properties of {@link MemberStack}. */
export interface MemberStackProps extends Omit<StackProps, 'synthesizer' | 'analyticsReporting'> {
  /**
   * Defaults for the parameters, for a stack deployed directly (the management account).
   * @default - no defaults: the StackSet supplies every value
   */
  readonly parameterDefaults?: MemberParameterValues;
}

const BUS_ARN_PATTERN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[/.\-_A-Za-z0-9]+$/;
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * The member template: what every account of the organization gets. Environment-agnostic and
 * asset-free (no bootstrap, no Lambda code), so one template serves every account; differences come
 * in as parameters. It must be deployed in the partition's IAM home region, the only region where
 * IAM's CloudTrail events reach EventBridge.
 */
export class MemberStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberStackProps = {}) {
    const { parameterDefaults: defaults, ...stackProps } = props;
    super(scope, id, {
      description:
        'orgmfa member: forwards IAM user and MFA events to the orgmfa hub, and the role the hub assumes',
      ...stackProps,
      // No bootstrap resources in member accounts: StackSets deploy the raw template.
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
    });
    const names = MEMBER_PARAMETER_NAMES;

    const hubAccountId = new CfnParameter(this, names.hubAccountId, {
      type: 'String',
      description: 'The orgmfa hub account',
      allowedPattern: ACCOUNT_ID_PATTERN.source,
      default: defaults?.hubAccountId,
    });
    const organizationId = new CfnParameter(this, names.organizationId, {
      type: 'String',
      description: 'The organization orgmfa serves; the member role trusts only its principals',
      allowedPattern: ORGANIZATION_ID_PATTERN.source,
      default: defaults?.organizationId,
    });
    const centralEventBusArn = new CfnParameter(this, names.centralEventBusArn, {
      type: 'String',
      description: 'ARN of the orgmfa central event bus in the hub account',
      allowedPattern: BUS_ARN_PATTERN.source,
      default: defaults?.centralEventBusArn,
    });
    const trustedPrincipalArns = new CfnParameter(this, names.trustedPrincipalArns, {
      type: 'CommaDelimitedList',
      description: 'ARNs of the hub roles allowed to assume the member role',
      allowedPattern: ROLE_ARN_PATTERN.source,
      default: defaults?.trustedPrincipalArns.join(','),
    });
    const memberRoleName = new CfnParameter(this, names.memberRoleName, {
      type: 'String',
      description: 'Name of the role the orgmfa hub assumes in this account',
      allowedPattern: ROLE_NAME_PATTERN.source,
      default: defaults?.memberRoleName,
    });
    const hubRegion = new CfnParameter(this, names.hubRegion, {
      type: 'String',
      description:
        "The orgmfa hub's region: provisioned seeds are stored in SSM and findings imported into Security Hub there",
      allowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d{1,2}$',
      default: defaults?.hubRegion,
    });
    // Provisioning options that need extra permissions: each a "true"/"false" parameter, off by default.
    const option = (
      name: (typeof names)['allowUserDeletion' | 'setInitialPassword'],
      description: string,
      value?: string,
    ) =>
      new CfnCondition(this, `${name}On`, {
        expression: Fn.conditionEquals(
          new CfnParameter(this, name, {
            type: 'String',
            description,
            allowedValues: ['true', 'false'],
            default: value ?? 'false',
          }).valueAsString,
          'true',
        ),
      });
    const userDeletion = option(
      names.allowUserDeletion,
      'true only when orgmfa may delete a new user it could not give MFA (deleteUserOnFailure)',
      defaults?.allowUserDeletion,
    );
    const initialPassword = option(
      names.setInitialPassword,
      'true only when orgmfa sets a random initial console password for new users (setInitialPassword)',
      defaults?.setInitialPassword,
    );
    // A customer managed key for seeds: named by ARN or by alias (never both), "" for SSM's default key.
    const seedKey = (
      name: 'SeedKmsKeyArn' | 'SeedKmsKeyAlias',
      description: string,
      pattern: RegExp,
      value?: string,
    ) => {
      const parameter = new CfnParameter(this, name, {
        type: 'String',
        description,
        allowedPattern: `^$|${pattern.source}`,
        default: value ?? '',
      });
      return {
        parameter,
        condition: new CfnCondition(this, `${name}On`, {
          expression: Fn.conditionNot(Fn.conditionEquals(parameter.valueAsString, '')),
        }),
      };
    };
    const seedKeyArn = seedKey(
      names.seedKmsKeyArn,
      'ARN of the customer managed KMS key that encrypts provisioned seeds (seedKmsKeyId), or empty',
      SEED_KEY_ARN_PATTERN,
      defaults?.seedKmsKeyArn,
    );
    const seedKeyAlias = seedKey(
      names.seedKmsKeyAlias,
      "Alias of the customer managed KMS key that encrypts provisioned seeds, present in this account and the hub's region (seedKmsKeyId), or empty",
      SEED_KEY_ALIAS_PATTERN,
      defaults?.seedKmsKeyAlias,
    );
    const deviceNameTemplate = new CfnParameter(this, names.mfaDeviceNameTemplate, {
      type: 'String',
      description:
        "The name orgmfa gives a user's MFA device, {userName} for the user's name (deviceNameTemplate): users without MFA may create only that device",
      allowedPattern: DEVICE_NAME_TEMPLATE_PATTERN.source,
      default: defaults?.mfaDeviceNameTemplate,
    });
    const optionConditions = {
      [names.allowUserDeletion]: userDeletion,
      [names.setInitialPassword]: initialPassword,
      [names.seedKmsKeyArn]: seedKeyArn.condition,
      [names.seedKmsKeyAlias]: seedKeyAlias.condition,
    };

    // Fail fast elsewhere: a forwarding rule outside the IAM home region would never see an event.
    new CfnRule(this, 'OnlyInIamHomeRegion', {
      assertions: [
        {
          assert: Fn.conditionContains(Object.values(IAM_HOME_REGION_BY_PARTITION), Aws.REGION),
          assertDescription: `orgmfa's member stack must be deployed in the IAM home region (${Object.values(IAM_HOME_REGION_BY_PARTITION).join(', ')})`,
        },
      ],
    });

    new EventForwardingRule(this, 'ForwardIamEvents', {
      centralEventBusArn: centralEventBusArn.valueAsString,
    });
    new MemberRole(this, 'MemberRole', {
      roleName: memberRoleName.valueAsString,
      hubAccountId: hubAccountId.valueAsString,
      organizationId: organizationId.valueAsString,
      trustedPrincipalArns: trustedPrincipalArns.valueAsList,
      hubRegion: hubRegion.valueAsString,
      seedKmsKeyArn: seedKeyArn.parameter.valueAsString,
      seedKmsKeyAlias: seedKeyAlias.parameter.valueAsString,
      optionConditions,
    });
    const selfService = mfaSelfServicePermissions(hubRegion.valueAsString);
    const selfServicePolicy = new iam.ManagedPolicy(this, 'MfaSelfService', {
      managedPolicyName: 'OrgMfaSelfService',
      description:
        'orgmfa: attach to groups; lets each IAM user collect their own MFA seed once and record the pickup',
      statements: [...selfService.statements],
    });
    Validations.of(selfServicePolicy).acknowledge(...selfService.acknowledgements);

    // The guardrail's rule for groups (and for the management account, where SCPs never apply). The
    // user's name is a policy variable, put into the template's {userName} by CloudFormation.
    const requireMfa = requireMfaManagedPolicy({
      partition: Aws.PARTITION,
      ownDeviceName: Fn.join(
        '${aws:username}',
        Fn.split(USER_NAME_PLACEHOLDER, deviceNameTemplate.valueAsString),
      ),
    });
    new iam.ManagedPolicy(this, 'RequireMfa', {
      managedPolicyName: REQUIRE_MFA_MANAGED_POLICY_NAME,
      description:
        'orgmfa: attach to groups; denies IAM users without MFA all but setting up their own MFA, unless exempt (orgmfa:exempt without orgmfa:exempt-until)',
      document: iam.PolicyDocument.fromJson(requireMfa),
    });
  }
}
