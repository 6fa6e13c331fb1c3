import { type CfnCondition, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  memberRolePermissions,
  memberRoleTrust,
  userDeletionStatements,
  type MemberRoleTrustProps,
} from '../policies/member-role-policy';
import { wildcardResourceFinding } from '../policies/nag-finding-ids';

/** Properties of {@link MemberRole}. */
export interface MemberRoleProps extends MemberRoleTrustProps {
  /** The role's name; the hub builds the role ARN from it, so it is fixed. */
  readonly roleName: string;
  /** The hub's region, where seeds are stored. */
  readonly seedRegion: string;
  /** When true, the role may also delete users (deleteUserOnFailure). */
  readonly userDeletion: CfnCondition;
}

/** The role the hub's workflow roles assume in a member account, with exactly the actions orgmfa uses. */
export class MemberRole extends Construct {
  /** The role. */
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleProps) {
    super(scope, id);
    const permissions = memberRolePermissions({ seedRegion: props.seedRegion });
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

    const deletion = new iam.Policy(this, 'UserDeletion', {
      statements: userDeletionStatements(),
      roles: [this.role],
    });
    (deletion.node.defaultChild as iam.CfnPolicy).cfnOptions.condition = props.userDeletion;
    Validations.of(deletion).acknowledge({
      id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*'),
      reason: 'Only with deleteUserOnFailure: a new user that could not be given MFA may be deleted.',
    });
  }
}
