import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  PLACEHOLDER,
  placeholdersOf,
  serviceIntegrationArns,
} from '../../functions/core/workflow-integrations';

/** The workflows orgmfa deploys, by file name under statemachines/. */
export type WorkflowName = 'event-workflow' | 'sweep-workflow';

/**
 * Where the ASL files live: the nearest `statemachines` folder up from here — the repository's own, which
 * the CDK stacks deploy, or the copy the published package carries beside its bundles (dist/).
 */
function statemachinesDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'statemachines');
    if (existsSync(join(candidate, 'event-workflow.asl.json'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`no statemachines folder above ${from}`);
  }
}

/** The raw text of a workflow's ASL file, exactly as the hub stack deploys it. */
export function readDefinitionText(name: WorkflowName): string {
  return readFileSync(join(statemachinesDir(), `${name}.asl.json`), 'utf8');
}

/**
 * Applies definition substitutions the way Step Functions does and parses the result. Every
 * placeholder must have a value and every value a placeholder, so the local run can never execute a
 * definition that differs from the deployed one by a forgotten substitution.
 */
export function substitute(text: string, substitutions: Readonly<Record<string, string>>): unknown {
  const used = placeholdersOf(text);
  const missing = [...used].filter((name) => !(name in substitutions));
  const unused = Object.keys(substitutions).filter((name) => !used.has(name));
  if (missing.length > 0 || unused.length > 0) {
    throw new Error(
      `substitutions do not match the definition: missing [${missing.join(', ')}], unused [${unused.join(', ')}]`,
    );
  }
  return JSON.parse(text.replace(PLACEHOLDER, (_, name: string) => substitutions[name]!));
}

/**
 * A workflow's definition as the hub deploys it in `partition`: its service integrations and its
 * functions (`functionArns`, by substitution name) substituted into the ASL file.
 */
export function deployedDefinition(
  name: WorkflowName,
  partition: string,
  functionArns: Readonly<Record<string, string>>,
): unknown {
  const text = readDefinitionText(name);
  return substitute(text, { ...serviceIntegrationArns(partition, placeholdersOf(text)), ...functionArns });
}
