import type { Template } from 'aws-cdk-lib/assertions';
import { memberRoleArn } from '../../../functions/core/naming';
import type { OrgMfaConfig } from '../../../functions/core/config';
import { REQUIRE_MFA_MANAGED_POLICY_NAME } from '../../../functions/core/guardrail/guardrail-policies';
import { hubRoleArn, HUB_ROLE_NAMES, type HubRoleName } from '../../../infra/policies/hub-role-names';
import { MEMBER_PARAMETER_NAMES, memberParameterValues } from '../../../infra/member-parameters';
import { resolveIntrinsics, type IntrinsicValues } from './cfn-intrinsics';
import type { PolicyDocument } from './iam-simulation';
import { memberTemplate, onlyResource, synthOrgMfa, type TemplateResource } from './synth';
import { identityPoliciesOf, roleLogicalId, trustPolicyOf } from './template-policies';
import { stateMachineWith } from './workflows';
import { GUARDRAIL_POLICY_RESOURCE_TYPE } from '../../../functions/core/guardrail/guardrail-policies';

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
    [MEMBER_PARAMETER_NAMES.hubRegion]: parameters.hubRegion,
    [MEMBER_PARAMETER_NAMES.allowUserDeletion]: parameters.allowUserDeletion,
    [MEMBER_PARAMETER_NAMES.setInitialPassword]: parameters.setInitialPassword,
    [MEMBER_PARAMETER_NAMES.seedKmsKeyArn]: parameters.seedKmsKeyArn,
    [MEMBER_PARAMETER_NAMES.seedKmsKeyAlias]: parameters.seedKmsKeyAlias,
  };
  const logicalId = roleLogicalId(template, { Ref: MEMBER_PARAMETER_NAMES.memberRoleName });
  return {
    arn: memberRoleArn(config.partition, accountId, config.memberRoleName),
    trust: resolveIntrinsics(trustPolicyOf(template, logicalId), { refs }) as PolicyDocument,
    permissions: identityPoliciesOf(template, logicalId, {
      [`${MEMBER_PARAMETER_NAMES.allowUserDeletion}On`]: parameters.allowUserDeletion === 'true',
      [`${MEMBER_PARAMETER_NAMES.setInitialPassword}On`]: parameters.setInitialPassword === 'true',
      [`${MEMBER_PARAMETER_NAMES.seedKmsKeyArn}On`]: parameters.seedKmsKeyArn !== '',
      [`${MEMBER_PARAMETER_NAMES.seedKmsKeyAlias}On`]: parameters.seedKmsKeyAlias !== '',
    }).map((document) => resolveIntrinsics(document, { refs }) as PolicyDocument),
  };
}

/** A hub role as the hub template deploys it: its ARN and every identity policy it gets. */
export interface DeployedHubRole {
  readonly arn: string;
  readonly policies: PolicyDocument[];
}

const hubTemplates = new Map<string, Template>();

/** The hub template for a configuration, synthesized once per configuration and test file. */
function hubTemplate(config: OrgMfaConfig): Template {
  const key = JSON.stringify(config);
  const cached = hubTemplates.get(key);
  if (cached !== undefined) return cached;
  const { hub } = synthOrgMfa(config);
  hubTemplates.set(key, hub);
  return hub;
}

/**
 * Values for the intrinsics of the hub template, as CloudFormation would resolve them in the hub's
 * account and region: `Ref` to a state machine is its ARN (by its name when it has one), `Fn::GetAtt`
 * `Arn` is the ARN of a function, log group, queue or state machine by its logical id.
 */
function hubIntrinsics(config: OrgMfaConfig, template: Template): IntrinsicValues {
  const resources = template.toJSON().Resources as Record<string, TemplateResource>;
  const regional = (service: string, resource: string) =>
    `arn:${config.partition}:${service}:${config.hubRegion}:${config.hubAccountId}:${resource}`;
  const arnOf = (logicalId: string): string => {
    const resource = resources[logicalId];
    switch (resource?.Type) {
      case 'AWS::Lambda::Function':
        return regional('lambda', `function:${logicalId}`);
      case 'AWS::Logs::LogGroup':
        return regional('logs', `log-group:${logicalId}:*`);
      case 'AWS::SQS::Queue':
        return regional('sqs', logicalId);
      case 'AWS::StepFunctions::StateMachine':
        return regional(
          'states',
          `stateMachine:${String(resource.Properties?.StateMachineName ?? logicalId)}`,
        );
      default:
        throw new Error(`no ARN for ${logicalId} (${resource?.Type ?? 'not in the template'})`);
    }
  };
  const stateMachines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
  return {
    refs: {
      'AWS::Partition': config.partition,
      'AWS::Region': config.hubRegion,
      'AWS::AccountId': config.hubAccountId,
      ...Object.fromEntries(stateMachines.map((id) => [id, arnOf(id)])),
    },
    getAtt: (logicalId, attribute) => {
      // The id a guardrail SCP's custom resource answers: a policy id made of its logical id.
      if (attribute === 'PolicyId' && resources[logicalId]?.Type === GUARDRAIL_POLICY_RESOURCE_TYPE) {
        return guardrailPolicyIdOf(logicalId);
      }
      if (attribute !== 'Arn') throw new Error(`no value for Fn::GetAtt ${logicalId}.${attribute}`);
      return arnOf(logicalId);
    },
  };
}

/** The policy id the simulated deployment gives the guardrail SCP of this custom resource. */
export function guardrailPolicyIdOf(logicalId: string): string {
  return `p-${logicalId.toLowerCase()}`;
}

/** Every identity policy of a hub role, resolved. */
function deployedPolicies(config: OrgMfaConfig, hub: Template, logicalId: string): PolicyDocument[] {
  const intrinsics = hubIntrinsics(config, hub);
  return identityPoliciesOf(hub, logicalId).map(
    (document) => resolveIntrinsics(document, intrinsics) as PolicyDocument,
  );
}

/** A fixed-name hub role (a function's) as the hub template deploys it, its policies resolved. */
export function deployedHubRole(config: OrgMfaConfig, roleName: HubRoleName): DeployedHubRole {
  const hub = hubTemplate(config);
  return {
    arn: hubRoleArn(config, roleName),
    policies: deployedPolicies(config, hub, roleLogicalId(hub, roleName)),
  };
}

/**
 * The role of the workflow whose substitutions include `substitution`, as the hub template deploys it.
 * Its ARN stands for the role's session: Step Functions calls with the role's credentials.
 */
export function deployedWorkflowRole(config: OrgMfaConfig, substitution: string): DeployedHubRole {
  const hub = hubTemplate(config);
  const roleArn = stateMachineWith(hub, substitution).resource.Properties?.RoleArn as {
    'Fn::GetAtt': [string, string];
  };
  const logicalId = roleArn['Fn::GetAtt'][0];
  return {
    arn: `arn:${config.partition}:iam::${config.hubAccountId}:role/${logicalId}`,
    policies: deployedPolicies(config, hub, logicalId),
  };
}

/** The cleanup-orphan role as the hub template deploys it: its ARN and every identity policy it gets. */
export function deployedCleanUpOrphanRole(config: OrgMfaConfig): DeployedHubRole {
  return deployedHubRole(config, HUB_ROLE_NAMES.cleanUpOrphan);
}

/** A managed policy of the member template, by name, as deployed in `accountId` for this configuration. */
function deployedManagedPolicy(config: OrgMfaConfig, accountId: string, name: string): PolicyDocument {
  const template = memberTemplate();
  const { resource } = onlyResource(template, 'AWS::IAM::ManagedPolicy', { ManagedPolicyName: name });
  const parameters = memberParameterValues(config);
  const refs = {
    'AWS::Partition': config.partition,
    'AWS::AccountId': accountId,
    [MEMBER_PARAMETER_NAMES.hubRegion]: parameters.hubRegion,
    [MEMBER_PARAMETER_NAMES.mfaDeviceNameTemplate]: parameters.mfaDeviceNameTemplate,
  };
  return resolveIntrinsics(resource.Properties?.PolicyDocument, { refs }) as PolicyDocument;
}

/** The OrgMfaSelfService managed policy as deployed in `accountId` for this configuration. */
export function deployedSelfServicePolicy(config: OrgMfaConfig, accountId: string): PolicyDocument {
  return deployedManagedPolicy(config, accountId, 'OrgMfaSelfService');
}

/** The OrgMfaRequireMfa managed policy as deployed in `accountId` for this configuration. */
export function deployedRequireMfaPolicy(config: OrgMfaConfig, accountId: string): PolicyDocument {
  return deployedManagedPolicy(config, accountId, REQUIRE_MFA_MANAGED_POLICY_NAME);
}
