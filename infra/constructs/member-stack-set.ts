import { CfnStackSet } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IAM_HOME_REGION_BY_PARTITION } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { memberParameterStrings, memberParameterValues } from '../member-parameters';

/** Properties of {@link MemberStackSet}. */
export interface MemberStackSetProps {
  readonly config: OrgMfaConfig;
  /** The member template, as synthesized on its own (`synthesizeMemberTemplate`). */
  readonly templateBody: string;
}

/** The StackSet's name, fixed so that operators find it and a redeploy updates it in place. */
export const MEMBER_STACK_SET_NAME = 'orgmfa-member';

/**
 * Rolls the member template out to every account of the target OUs, now and as accounts join
 * (service-managed, automatic deployment), and removes it from accounts that leave. The management
 * account, which StackSets never target, gets the member stack directly.
 */
export class MemberStackSet extends Construct {
  /** The StackSet. */
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: MemberStackSetProps) {
    super(scope, id);
    const { config } = props;
    const parameters = memberParameterStrings(memberParameterValues(config));
    this.stackSet = new CfnStackSet(this, 'StackSet', {
      stackSetName: MEMBER_STACK_SET_NAME,
      description: 'orgmfa member stack: IAM event forwarding and the role the orgmfa hub assumes',
      permissionModel: 'SERVICE_MANAGED',
      // A hub that is not the management account must act as the StackSets delegated administrator.
      callAs: config.hubAccountId === config.managementAccountId ? 'SELF' : 'DELEGATED_ADMIN',
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      // Lets CloudFormation queue non-conflicting operations instead of failing on "operation in progress".
      managedExecution: { Active: true },
      operationPreferences: {
        // One broken account must not hold back the rest of the organization.
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        failureTolerancePercentage: 10,
        maxConcurrentPercentage: 25,
        regionConcurrencyType: 'PARALLEL',
      },
      parameters: Object.entries(parameters).map(([parameterKey, parameterValue]) => ({
        parameterKey,
        parameterValue,
      })),
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: [...config.targetOrganizationalUnitIds] },
          // IAM's CloudTrail events reach EventBridge only in the partition's IAM home region.
          regions: [IAM_HOME_REGION_BY_PARTITION[config.partition]],
        },
      ],
      templateBody: props.templateBody,
    });
  }
}
