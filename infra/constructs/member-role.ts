import { type CfnCondition, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  memberRolePermissions,
  memberRoleTrust,
  optionalMemberPolicies,
  type OptionalMemberPolicy,
  type MemberRoleTrustProps,
} from '../policies/member-role-policy';

/** Properties of {@link MemberRole}. */
export interface MemberRoleProps extends MemberRoleTrustProps {
  /** The role's name; the hub builds the role ARN from it, so it is fixed. */
  readonly roleName: string;
  /** The hub's region, where seeds are stored and findings imported. */
  readonly hubRegion: string;
  /** The customer managed key for seeds by ARN, or "" (template parameter). */
  readonly seedKmsKeyArn: string;
  /** The customer managed key for seeds by alias, or "" (template parameter). */
  readonly seedKmsKeyAlias: string;
  /** The template condition of each optional policy, by its switching parameter. */
  readonly optionConditions: Readonly<Record<OptionalMemberPolicy['parameter'], CfnCondition>>;
}

/** The role the hub's workflow roles assume in a member account, with exactly the actions orgmfa uses. */
export class MemberRole extends Construct {
  /** The role. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleProps) {
    super(scope, id);
    const permissions = memberRolePermissions({ hubRegion: props.hubRegion });
    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'orgmfa: assumed by the orgmfa hub workflows of this organization',
      assumedBy: memberRoleTrust(props),
      // An inline policy: it lives and dies with the role, and nothing else can attach it.
      inlinePolicies: {
        OrgMfaMemberAccess: new iam.PolicyDocument({ statements: [...permissions.statements] }),
      },
    });
    Validations.of(this.role).acknowledge(...permissions.acknowledgements);

    for (const optional of optionalMemberPolicies(props)) {
      const policy = new iam.Policy(this, optional.id, {
        statements: optional.statements,
        roles: [this.role],
      });
      (policy.node.defaultChild as iam.CfnPolicy).cfnOptions.condition =
        props.optionConditions[optional.parameter];
      Validations.of(policy).acknowledge(...optional.acknowledgements);
    }
  }
}
