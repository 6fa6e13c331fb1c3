import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  memberRolePermissions,
  memberRoleTrust,
  type MemberRoleTrustProps,
} from '../policies/member-role-policy';

/** Properties of {@link MemberRole}. */
export interface MemberRoleProps extends MemberRoleTrustProps {
  /** The role's name; the hub builds the role ARN from it, so it is fixed. */
  readonly roleName: string;
}

/** The role the hub's workflow roles assume in a member account, with exactly the actions orgmfa uses. */
export class MemberRole extends Construct {
  /** The role. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleProps) {
    super(scope, id);
    const permissions = memberRolePermissions();
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
  }
}
