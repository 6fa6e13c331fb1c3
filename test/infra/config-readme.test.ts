import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_KEYS, parseConfig } from '../../functions/core/config';

/**
 * The README's configuration table is what operators copy keys from: every key it documents must be
 * accepted by the one configuration schema, and every key the schema knows must be documented.
 */

/** The keys of the README's configuration table (first column), sections joined with a dot. */
function readmeKeys(): string[] {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('| key ');
  const table = readme.slice(start, readme.indexOf('\n\n', start)).split('\n').slice(2);
  return table.flatMap((row) => {
    const names = [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    // "`provisioning.accountIds` / `excludedAccountIds`": the second is in the first one's section.
    const section = names[0]!.includes('.') ? `${names[0]!.split('.')[0]}.` : '';
    return names.map((name, i) => (i === 0 || name.includes('.') ? name : `${section}${name}`));
  });
}

/** A valid value for each key an operator may set, other than its default. */
const EXAMPLES: Readonly<Record<string, unknown>> = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  hubAccountId: '222222222222',
  hubRegion: 'eu-west-1',
  targetOrganizationalUnitIds: ['ou-ab12-abcdefgh'],
  memberRoleName: 'CustomMemberRole',
  eventBusName: 'custom-bus',
  alarmEmail: 'security@example.com',
  hubLambdaConcurrency: 2000,
  'provisioning.organizationalUnitIds': ['ou-ab12-ijklmnop'],
  'provisioning.accountIds': ['333333333333'],
  'provisioning.excludedAccountIds': ['444444444444'],
  'provisioning.exemptPaths': ['/robots/'],
  'provisioning.deviceNameTemplate': 'mfa-{userName}',
  'provisioning.seedKmsKeyId': 'alias/orgmfa-seeds',
  'provisioning.seedExpirationDays': 3,
  'provisioning.deleteUserOnFailure': true,
  'provisioning.setInitialPassword': true,
  'compliance.sweepSchedule': 'rate(12 hours)',
  'compliance.sweepConcurrency': 50,
  'compliance.sweepBatchSize': 10,
  'compliance.sweepAssumeRolesPerSecond': 200,
  'compliance.orphanGraceHours': 48,
  'compliance.deleteOrphans': false,
  'compliance.enrolmentWindowMinutes': 30,
  'eventFunctions.reserveConcurrency': false,
  'eventFunctions.parseEventConcurrency': 40,
  'eventFunctions.cleanUpOrphanConcurrency': 20,
  'eventFunctions.provisionMfaConcurrency': 8,
  'eventFunctions.evaluateUserConcurrency': 12,
  'guardrail.organizationalUnitIds': ['ou-ab12-ijklmnop'],
  'eventFunctions.membershipCacheMinutes': 5,
};

/** The context with every key set to its example. */
function contextWith(keys: readonly string[]): Record<string, unknown> {
  const context: Record<string, Record<string, unknown> | unknown> = {};
  for (const key of keys) {
    const [section, name] = key.includes('.') ? key.split('.') : [undefined, key];
    if (section === undefined) context[key] = EXAMPLES[key];
    else
      context[section] = {
        ...(context[section] as Record<string, unknown> | undefined),
        [name!]: EXAMPLES[key],
      };
  }
  return context;
}

/** Every key of the schema, sections joined with a dot. */
function schemaKeys(): string[] {
  return Object.entries(KNOWN_KEYS).flatMap(([section, keys]) =>
    keys
      .filter((key) => !(section === '' && key in KNOWN_KEYS))
      .map((key) => (section === '' ? key : `${section}.${key}`)),
  );
}

describe("the README's configuration table", () => {
  test('lists every key of the schema, and only those', () => {
    expect([...readmeKeys()].sort()).toEqual(schemaKeys().sort());
  });

  test('every key it documents is accepted, with its value, by the one schema (cdk synth, Lambdas, CLI --config)', () => {
    const keys = readmeKeys();
    expect(keys.filter((key) => !(key in EXAMPLES))).toEqual([]);

    const config = parseConfig({ orgmfa: contextWith(keys) });

    for (const key of keys) {
      const [section, name] = key.includes('.') ? key.split('.') : [undefined, key];
      const value =
        section === undefined
          ? (config as unknown as Record<string, unknown>)[key]
          : (config as unknown as Record<string, Record<string, unknown>>)[section]![name!];
      expect([key, value]).toEqual([key, EXAMPLES[key]]);
    }
  });
});
