import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import type { OrgMfaConfig } from '../../../functions/core/config';
import { addOrgMfaStacks, type OrgMfaStacks } from '../../../infra/orgmfa-stacks';
import type { MemberParameterValues } from '../../../infra/member-parameters';
import { MemberStack } from '../../../infra/stacks/member-stack';

/** An app that skips Lambda bundling (no esbuild run per test). */
export function testApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

/** orgmfa's stacks and their templates for a configuration. */
export function synthOrgMfa(config: OrgMfaConfig): {
  stacks: OrgMfaStacks;
  hub: Template;
  managementMember: Template;
} {
  const stacks = addOrgMfaStacks(testApp(), config);
  return {
    stacks,
    hub: Template.fromStack(stacks.hub),
    managementMember: Template.fromStack(stacks.managementMember),
  };
}

/** A member stack on its own, as the StackSet deploys it (or with defaults, as the management account does). */
export function memberTemplate(parameterDefaults?: MemberParameterValues): Template {
  return Template.fromStack(new MemberStack(testApp(), 'Member', { parameterDefaults }));
}

/** A CloudFormation resource as it appears in a template. */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  /** The CloudFormation Condition the resource exists under, if any. */
  readonly Condition?: string;
  /** Resources CloudFormation creates first. */
  readonly DependsOn?: string[];
}

/** The one resource of a type that matches the properties; fails the test unless there is exactly one. */
export function onlyResource(
  template: Template,
  type: string,
  properties?: Record<string, unknown>,
): { logicalId: string; resource: TemplateResource } {
  const found = Object.entries(
    template.findResources(type, properties === undefined ? undefined : { Properties: properties }),
  ) as [string, TemplateResource][];
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  const [logicalId, resource] = found[0]!;
  return { logicalId, resource };
}

/** The logical id of a construct's CloudFormation resource (its default child) in its stack. */
export function logicalIdIn(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}
