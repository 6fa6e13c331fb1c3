/**
 * The Step Functions service integrations the workflows use, by the definition substitution that names
 * each. Every `Resource` of a definition is one whole `${…}` substitution (or a literal ARN), never a
 * partial one such as `arn:${Partition}:states:::lambda:invoke`: cfn-lint's Step Functions rule (E3601)
 * can check only a value that is a whole substitution, and would report the partial one as an error.
 */
export const SERVICE_INTEGRATIONS = {
  LambdaInvoke: 'lambda:invoke',
  S3GetObject: 's3:getObject',
  S3PutObject: 's3:putObject',
} as const;

/** The name of a service integration's substitution. */
export type ServiceIntegration = keyof typeof SERVICE_INTEGRATIONS;

/**
 * The ARNs of the service integrations `used` (the placeholders of one definition) in `partition`,
 * which may be a CloudFormation token in the hub stack.
 */
export function serviceIntegrationArns(partition: string, used: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(SERVICE_INTEGRATIONS)
      .filter(([name]) => used.has(name))
      .map(([name, action]) => [name, `arn:${partition}:states:::${action}`]),
  );
}

/** A `${Name}` placeholder of an ASL text, as CloudFormation's definitionSubstitutions fill them. */
export const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** The `${Name}` placeholders an ASL text uses. */
export function placeholdersOf(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
}
