import { CONFIG_CONTEXT_KEY, ConfigError, parseConfig, type OrgMfaConfig } from '../functions/core/config';
import type { OrganizationFixture } from '../local/sim/fixture';
import { readJsonFile } from './read-json';
import { UsageError } from './usage-error';

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
 * The configuration a command's `--config FILE` names (a CDK context object, or a whole cdk.json),
 * validated exactly as `cdk synth` validates it.
 */
export function loadLocalConfig(path: string): OrgMfaConfig {
  return parsed(readJsonFile(path, 'config'), path);
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
