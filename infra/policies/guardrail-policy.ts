import * as iam from 'aws-cdk-lib/aws-iam';
import type { OrgMfaConfig } from '../../functions/core/config';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';

type Organization = Pick<OrgMfaConfig, 'partition' | 'managementAccountId' | 'organizationId'>;

/** An Organizations ARN of this organization (Organizations' ARNs name the management account). */
function organizationsArn(config: Organization, resource: string): string {
  return `arn:${config.partition}:organizations::${config.managementAccountId}:${resource}`;
}

/** The ARN of an SCP of the organization, by id (or `*`). */
export function scpArn(config: Organization, policyId: string): string {
  return organizationsArn(config, `policy/${config.organizationId}/service_control_policy/${policyId}`);
}

/** The ARN of a root (`r-…`) or an OU (`ou-…`) of the organization. */
export function targetArn(config: Organization, targetId: string): string {
  return organizationsArn(
    config,
    `${targetId.startsWith('r-') ? 'root' : 'ou'}/${config.organizationId}/${targetId}`,
  );
}

const SCPS_ONLY = { StringEquals: { 'organizations:PolicyType': 'SERVICE_CONTROL_POLICY' } };

/**
 * What the guardrail function may do before its SCPs exist: create an SCP, and delete one. Neither can
 * be narrowed to orgmfa's own policies, whose ids are known only once they exist; both are harmless
 * beyond them: a new SCP does nothing until attached, and Organizations refuses to delete an SCP that
 * is attached anywhere (PolicyInUseException), so only SCPs without effect can be deleted.
 */
export function guardrailPolicyPermissions(config: OrgMfaConfig): RolePermissions {
  const anyScp = scpArn(config, '*');
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'CreateScps',
        actions: ['organizations:CreatePolicy'],
        // A policy that does not exist yet has no ARN to name.
        resources: ['*'],
        conditions: SCPS_ONLY,
      }),
      new iam.PolicyStatement({
        sid: 'DeleteScps',
        actions: ['organizations:DeletePolicy'],
        resources: [anyScp],
        conditions: SCPS_ONLY,
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding('*'),
        reason:
          'organizations:CreatePolicy names no policy before it exists; only service control policies (organizations:PolicyType), which do nothing until attached.',
      },
      {
        id: wildcardResourceFinding(anyScp),
        reason:
          "Deleting orgmfa's own SCPs must work once the exact-ARN policy is gone (CloudFormation deletes it first); only SCPs of this organization, and Organizations deletes none that is attached anywhere.",
      },
    ],
  };
}

/**
 * What the guardrail function may do with its own two SCPs once they exist (an IAM policy created after
 * them, naming their exact ARNs): read, update and list the targets of those two only; attach them to
 * the configured OUs only; detach them from anything of the organization (a target removed from the
 * configuration is no longer configured, and detaching only ever weakens orgmfa's own guardrail).
 */
export function ownGuardrailPolicyPermissions(
  config: OrgMfaConfig,
  policyIds: readonly string[],
): RolePermissions {
  const own = policyIds.map((id) => scpArn(config, id));
  const anyTarget = ['ou', 'root', 'account'].map((kind) =>
    organizationsArn(config, `${kind}/${config.organizationId}/*`),
  );
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'RefreshOwnScps',
        actions: [
          'organizations:DescribePolicy',
          'organizations:UpdatePolicy',
          'organizations:ListTargetsForPolicy',
        ],
        resources: own,
      }),
      new iam.PolicyStatement({
        sid: 'AttachOwnScpsToConfiguredTargets',
        actions: ['organizations:AttachPolicy'],
        resources: [...own, ...config.guardrail.organizationalUnitIds.map((id) => targetArn(config, id))],
        conditions: SCPS_ONLY,
      }),
      new iam.PolicyStatement({
        sid: 'DetachOwnScps',
        actions: ['organizations:DetachPolicy'],
        resources: [...own, ...anyTarget],
        conditions: SCPS_ONLY,
      }),
    ],
    acknowledgements: anyTarget.map((target) => ({
      id: wildcardResourceFinding(target),
      reason:
        "Detaching orgmfa's own two SCPs (named by exact ARN in the same statement) from whatever they are attached to: a target removed from the configuration, or one an administrator attached them to by hand, when the guardrail is removed.",
    })),
  };
}
