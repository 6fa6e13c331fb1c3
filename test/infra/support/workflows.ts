import { Match, type Template } from 'aws-cdk-lib/assertions';
import { resolveIntrinsics } from './cfn-intrinsics';
import { onlyResource, type TemplateResource } from './synth';

/** A `${Name}` placeholder of an ASL file. */
export const PLACEHOLDER = /\$\{(\w+)\}/g;

/** The placeholders an ASL file uses. */
export function placeholdersOf(definition: string): Set<string> {
  return new Set([...definition.matchAll(PLACEHOLDER)].map((match) => match[1]!));
}

/** Replaces every `${Name}` as Step Functions does with DefinitionSubstitutions; a missing value fails. */
export function substitute(definition: string, values: Record<string, string>): string {
  return definition.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no substitution for \${${name}}`);
    return value;
  });
}

/** The workflow state machine whose substitutions include `substitution` (each has its own functions). */
export function stateMachineWith(
  template: Template,
  substitution: string,
): { logicalId: string; resource: TemplateResource } {
  return onlyResource(template, 'AWS::StepFunctions::StateMachine', {
    DefinitionSubstitutions: Match.objectLike({ [substitution]: Match.anyValue() }),
  });
}

/** A deployed function's ARN, standing in for Fn::GetAtt [logicalId, 'Arn']. */
function functionArn(logicalId: string, attribute: string): string {
  if (attribute !== 'Arn') throw new Error(`unexpected attribute ${attribute}`);
  return `arn:aws:lambda:eu-west-1:222222222222:function:${logicalId}`;
}

/**
 * The definition a state machine resource carries and the ASL file, both substituted with the
 * resource's own substitutions, resolved as CloudFormation would (the definition may be a string or an
 * Fn::Join around tokens). Both parsed, so they compare as data.
 */
export function deployedAndFileDefinitions(
  resource: TemplateResource,
  file: string,
): { deployed: unknown; fromFile: unknown } {
  const intrinsics = { refs: { 'AWS::Partition': 'aws' }, getAtt: functionArn };
  const values = resolveIntrinsics(resource.Properties?.DefinitionSubstitutions, intrinsics) as Record<
    string,
    string
  >;
  const carried = resolveIntrinsics(resource.Properties?.DefinitionString, intrinsics);
  if (typeof carried !== 'string') throw new Error('the definition is not carried as a string');
  return {
    deployed: JSON.parse(substitute(carried, values)) as unknown,
    fromFile: JSON.parse(substitute(file, values)) as unknown,
  };
}
