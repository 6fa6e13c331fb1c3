import { memberRoleArn } from '../../../functions/core/naming';
import type { OrgMfaConfig } from '../../../infra/config';
import { hubRoleArn, HUB_ROLE_NAMES } from '../../../infra/policies/hub-role-names';
import { MEMBER_PARAMETER_NAMES, memberParameterValues } from '../../../infra/member-parameters';
import { resolveIntrinsics } from './cfn-intrinsics';
import type { PolicyDocument } from './iam-simulation';
import { memberTemplate, synthOrgMfa } from './synth';
import { identityPoliciesOf, roleLogicalId, trustPolicyOf } from './template-policies';

/** The member role as CloudFormation would deploy the StackSet template in `accountId` for this configuration. */
export interface DeployedMemberRole {
  readonly arn: string;
  readonly trust: PolicyDocument;
  readonly permissions: PolicyDocument[];
}

/** Resolves the member template's member role with the StackSet's parameter values, in one account. */
export function deployedMemberRole(config: OrgMfaConfig, accountId: string): DeployedMemberRole {
  const template = memberTemplate();
  const parameters = memberParameterValues(config);
  const refs = {
    'AWS::Partition': config.partition,
    'AWS::AccountId': accountId,
    [MEMBER_PARAMETER_NAMES.hubAccountId]: parameters.hubAccountId,
    [MEMBER_PARAMETER_NAMES.organizationId]: parameters.organizationId,
    [MEMBER_PARAMETER_NAMES.centralEventBusArn]: parameters.centralEventBusArn,
    [MEMBER_PARAMETER_NAMES.trustedPrincipalArns]: parameters.trustedPrincipalArns,
    [MEMBER_PARAMETER_NAMES.memberRoleName]: parameters.memberRoleName,
    [MEMBER_PARAMETER_NAMES.seedRegion]: parameters.seedRegion,
    [MEMBER_PARAMETER_NAMES.allowUserDeletion]: parameters.allowUserDeletion,
    [MEMBER_PARAMETER_NAMES.setInitialPassword]: parameters.setInitialPassword,
  };
  const logicalId = roleLogicalId(template, { Ref: MEMBER_PARAMETER_NAMES.memberRoleName });
  return {
    arn: memberRoleArn(config.partition, accountId, config.memberRoleName),
    trust: resolveIntrinsics(trustPolicyOf(template, logicalId), { refs }) as PolicyDocument,
    permissions: identityPoliciesOf(template, logicalId, {
      [`${MEMBER_PARAMETER_NAMES.allowUserDeletion}On`]: parameters.allowUserDeletion === 'true',
      [`${MEMBER_PARAMETER_NAMES.setInitialPassword}On`]: parameters.setInitialPassword === 'true',
    }).map((document) => resolveIntrinsics(document, { refs }) as PolicyDocument),
  };
}

/** The cleanup-orphan role as the hub template deploys it: its ARN and every identity policy it gets. */
export function deployedCleanUpOrphanRole(config: OrgMfaConfig): { arn: string; policies: PolicyDocument[] } {
  const { hub } = synthOrgMfa(config);
  const logicalId = roleLogicalId(hub, HUB_ROLE_NAMES.cleanUpOrphan);
  const intrinsics = {
    refs: { 'AWS::Partition': config.partition },
    // The only attribute these policies use is their log group's ARN.
    getAtt: (id: string) =>
      `arn:${config.partition}:logs:${config.hubRegion}:${config.hubAccountId}:log-group:${id}:*`,
  };
  return {
    arn: hubRoleArn(config, HUB_ROLE_NAMES.cleanUpOrphan),
    policies: identityPoliciesOf(hub, logicalId).map(
      (document) => resolveIntrinsics(document, intrinsics) as PolicyDocument,
    ),
  };
}

/** The OrgMfaSelfService managed policy as deployed in `accountId` for this configuration. */
export function deployedSelfServicePolicy(config: OrgMfaConfig, accountId: string): PolicyDocument {
  const template = memberTemplate();
  const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0] as {
    Properties: { PolicyDocument: unknown };
  };
  const refs = {
    'AWS::Partition': config.partition,
    'AWS::AccountId': accountId,
    [MEMBER_PARAMETER_NAMES.seedRegion]: memberParameterValues(config).seedRegion,
  };
  return resolveIntrinsics(policy.Properties.PolicyDocument, { refs }) as PolicyDocument;
}
