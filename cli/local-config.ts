import { join } from 'node:path';
import { ConfigError, parseConfig, type OrgMfaConfig } from '../functions/core/config';
import { readJsonFile } from './read-json';
import { UsageError } from './usage-error';

/** The project's cdk.json, whose context is the default configuration of local runs. */
const PROJECT_CDK_JSON = join(__dirname, '..', 'cdk.json');

/**
 * The configuration of a local run: `--config FILE` (a CDK context object, or a whole cdk.json) or,
 * without it, the project's cdk.json. Validated exactly as `cdk synth` validates it.
 */
export function loadLocalConfig(path: string | undefined): OrgMfaConfig {
  const source = readJsonFile(path ?? PROJECT_CDK_JSON, 'config');
  try {
    return parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(`config ${path ?? PROJECT_CDK_JSON}: ${error.message}`, { cause: error });
    throw error;
  }
}
