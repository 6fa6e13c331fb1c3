/**
 * A small evaluator for the CloudFormation intrinsics orgmfa's IAM policies use (`Ref`, `Fn::Join`,
 * `Fn::Split`, `Fn::GetAtt`), so that the policies a template carries can be fed to the IAM simulator as
 * CloudFormation would deploy them. Any other intrinsic fails loudly rather than being guessed.
 */
export interface IntrinsicValues {
  /** Values of parameters, pseudo parameters (`AWS::Partition`) and resources, by name. */
  readonly refs: Readonly<Record<string, string | readonly string[]>>;
  /** Value of `Fn::GetAtt` [logicalId, attribute]. */
  readonly getAtt?: (logicalId: string, attribute: string) => string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves every intrinsic in `value`. */
export function resolveIntrinsics(value: unknown, values: IntrinsicValues): Json {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, values));
  if (!isObject(value)) return value as Json;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'))) {
    return resolveIntrinsic(keys[0]!, value[keys[0]!], values);
  }
  return Object.fromEntries(keys.map((key) => [key, resolveIntrinsics(value[key], values)]));
}

function resolveIntrinsic(name: string, argument: unknown, values: IntrinsicValues): Json {
  switch (name) {
    case 'Ref': {
      const resolved = values.refs[String(argument)];
      if (resolved === undefined) throw new Error(`no value for Ref ${String(argument)}`);
      return typeof resolved === 'string' ? resolved : [...resolved];
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      const list = resolveIntrinsics(parts, values);
      if (!Array.isArray(list)) throw new Error('Fn::Join needs a list');
      return list.map(String).join(separator);
    }
    case 'Fn::Split': {
      const [separator, source] = argument as [string, unknown];
      return String(resolveIntrinsics(source, values)).split(separator);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = argument as [string, string];
      if (values.getAtt === undefined) throw new Error(`no value for Fn::GetAtt ${logicalId}.${attribute}`);
      return values.getAtt(logicalId, attribute);
    }
    default:
      throw new Error(`resolveIntrinsics does not evaluate ${name}`);
  }
}
