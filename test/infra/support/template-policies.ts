import type { Template } from 'aws-cdk-lib/assertions';
import type { TemplateResource } from './synth';

function roles(template: Template): [string, TemplateResource][] {
  return Object.entries(template.findResources('AWS::IAM::Role')) as [string, TemplateResource][];
}

/** The logical id of the role with this `RoleName` (a name, or a `{ Ref }` to the name's parameter). */
export function roleLogicalId(template: Template, roleName: unknown): string {
  const matches = roles(template).filter(
    ([, role]) => JSON.stringify(role.Properties?.RoleName) === JSON.stringify(roleName),
  );
  if (matches.length !== 1)
    throw new Error(`expected one role named ${JSON.stringify(roleName)}, found ${matches.length}`);
  return matches[0]![0];
}

/** The role's trust policy, unresolved. */
export function trustPolicyOf(template: Template, logicalId: string): unknown {
  const role = template.toJSON().Resources[logicalId] as TemplateResource;
  return role.Properties?.AssumeRolePolicyDocument;
}

/** Every identity policy document the role gets: inline ones, and AWS::IAM::Policy resources attached to it. */
export function identityPoliciesOf(
  template: Template,
  logicalId: string,
  conditions: Readonly<Record<string, boolean>> = {},
): unknown[] {
  const role = template.toJSON().Resources[logicalId] as TemplateResource;
  const inline = ((role.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? []).map(
    (policy) => policy.PolicyDocument,
  );
  const attached = Object.values(
    template.findResources('AWS::IAM::Policy') as Record<string, TemplateResource>,
  )
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(JSON.stringify({ Ref: logicalId })))
    // A policy with a CloudFormation Condition exists only when the condition holds.
    .filter((policy) => {
      if (policy.Condition === undefined) return true;
      const holds = conditions[policy.Condition];
      if (holds === undefined)
        throw new Error(`no value given for the template condition ${policy.Condition}`);
      return holds;
    })
    .map((policy) => policy.Properties?.PolicyDocument);
  return [...inline, ...attached];
}
