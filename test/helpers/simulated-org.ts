import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAwsClients } from '../../functions/aws/clients';
import { HUB_ROLE_NAMES, TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { parseConfig, type OrgMfaConfig } from '../../functions/core/config';
import { createSimulation } from '../../local/sim/create-simulation';
import { readOrganizationFixture, type OrganizationFixture } from '../../local/sim/fixture';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import type { SimulatedAwsOptions } from '../../local/sim/simulated-aws';

export const FIXTURES = join(__dirname, '..', 'fixtures');

/** The organization fixture `name` (test/fixtures/orgs/<name>.json), validated. */
export function orgFixture(name = 'three-accounts'): OrganizationFixture {
  return readOrganizationFixture(JSON.parse(readFileSync(join(FIXTURES, 'orgs', `${name}.json`), 'utf8')));
}

/** An event fixture (test/fixtures/events/<name>.json), parsed. */
export function eventFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FIXTURES, 'events', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** The shipped examples (examples/): fixtures that serve both the tests and the README's "Try it locally". */
export const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** An example event (examples/events/<name>.json), parsed. */
export function exampleEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, 'events', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** The project's configuration (cdk.json context). */
/** The root of the fixtures' organizations (test/fixtures/orgs), which the sweep targets in tests. */
export const FIXTURE_ROOT = 'r-a1b2';

/**
 * The project's configuration (cdk.json context), aimed at the fixtures' organization: its sweep
 * targets the fixtures' root (cdk.json's example root is not in them).
 */
export function projectConfig(): OrgMfaConfig {
  const config = parseConfig(JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8')));
  return { ...config, targetOrganizationalUnitIds: [FIXTURE_ROOT] };
}

/** A simulation over `fixture` and a factory of SDK clients wired to it. */
export function simulatedOrg(
  fixture: OrganizationFixture = orgFixture(),
  options: Partial<SimulatedAwsOptions> = {},
) {
  const sim = createSimulation(fixture, {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    ...options,
  });
  const clients = createAwsClients({
    region: 'us-east-1',
    decorate: (client) => attachSimulatedAws(sim, client),
  });
  return {
    sim,
    clients,
    /** Clients acting as IAM user `userName` of `accountId`. */
    asUser: (accountId: string, userName: string) => ({
      accountId,
      credentials: sim.issueUserCredentials(accountId, userName),
    }),
    /** Clients acting as the hub role `roleName` (a hub Lambda's role). */
    asHubRole: (roleName: string = HUB_ROLE_NAMES.cleanUpOrphan) => ({
      accountId: sim.state.hubAccountId,
      credentials: sim.issueSession(sim.state.hubAccountId, roleName, 'test'),
    }),
  };
}
