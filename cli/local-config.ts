import { join } from 'node:path';
import { CONFIG_CONTEXT_KEY, ConfigError, parseConfig, type OrgMfaConfig } from '../functions/core/config';
import type { OrganizationFixture } from '../local/sim/fixture';
import { readJsonFile } from './read-json';
import { UsageError } from './usage-error';

/** The project's cdk.json, whose context is the default configuration of local runs. */
const PROJECT_CDK_JSON = join(__dirname, '..', 'cdk.json');

/** Validates a configuration source, naming the file in a one-line {@link UsageError}. */
function parsed(source: unknown, file: string): OrgMfaConfig {
  try {
    return parseConfig(source);
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(`config ${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The configuration of a local run: `--config FILE` (a CDK context object, or a whole cdk.json) or,
 * without it, the project's cdk.json. Validated exactly as `cdk synth` validates it.
 */
export function loadLocalConfig(path: string | undefined): OrgMfaConfig {
  const file = path ?? PROJECT_CDK_JSON;
  return parsed(readJsonFile(file, 'config'), file);
}

/**
 * The configuration of a run on a simulated organization: `--config FILE` when given, else every
 * default for the fixture's own organization (its ids, its root as the target), so that the command
 * works wherever it is installed, with no cdk.json around.
 */
export function simulationConfig(path: string | undefined, fixture: OrganizationFixture): OrgMfaConfig {
  if (path !== undefined) return loadLocalConfig(path);
  const management = fixture.accounts.find((account) => account.id === fixture.managementAccountId);
  const root = [management?.parentId, ...fixture.accounts.map((account) => account.parentId)].find((id) =>
    id?.startsWith('r-'),
  );
  return parsed(
    {
      [CONFIG_CONTEXT_KEY]: {
        organizationId: fixture.organizationId,
        managementAccountId: fixture.managementAccountId,
        hubAccountId: fixture.hubAccountId,
        hubRegion: 'us-east-1',
        targetOrganizationalUnitIds: [root ?? 'r-0000'],
      },
    },
    'defaults for the simulated organization',
  );
}
