import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_COMPLIANCE,
  DEFAULT_EVENT_FUNCTIONS,
  DEFAULT_GUARDRAIL,
  DEFAULT_PROVISIONING,
  ConfigError,
  didYouMean,
  parseConfig,
} from '../../functions/core/config';
import { ACCOUNTS, ORGANIZATION_ID, rawTestContext } from './support/test-config';

function parseWith(overrides: Record<string, unknown>) {
  return () => parseConfig({ orgmfa: rawTestContext(overrides) });
}

describe('parseConfig', () => {
  test('reads a complete context', () => {
    // GIVEN every key set
    const context = rawTestContext({
      memberRoleName: 'CustomMemberRole',
      eventBusName: 'custom-bus',
      alarmEmail: 'security@example.com',
    });

    // WHEN
    const config = parseConfig({ orgmfa: context });

    // THEN
    expect(config).toEqual({
      organizationId: ORGANIZATION_ID,
      managementAccountId: ACCOUNTS.management,
      hubAccountId: ACCOUNTS.hub,
      hubRegion: 'eu-west-1',
      partition: 'aws',
      targetOrganizationalUnitIds: ['ou-ab12-abcdefgh', 'ou-ab12-ijklmnop'],
      memberRoleName: 'CustomMemberRole',
      eventBusName: 'custom-bus',
      provisioning: DEFAULT_PROVISIONING,
      compliance: DEFAULT_COMPLIANCE,
      eventFunctions: DEFAULT_EVENT_FUNCTIONS,
      guardrail: DEFAULT_GUARDRAIL,
      hubLambdaConcurrency: 1000,
      alarmEmail: 'security@example.com',
    });
  });

  test('fills the defaults: hub = management account, role, bus, no e-mail', () => {
    // GIVEN only the required keys
    const context = {
      organizationId: ORGANIZATION_ID,
      managementAccountId: ACCOUNTS.management,
      hubRegion: 'us-gov-west-1',
      targetOrganizationalUnitIds: ['r-ab12'],
    };

    // WHEN
    const config = parseConfig({ orgmfa: context });

    // THEN
    expect(config).toEqual({
      organizationId: ORGANIZATION_ID,
      managementAccountId: ACCOUNTS.management,
      hubAccountId: ACCOUNTS.management,
      hubRegion: 'us-gov-west-1',
      partition: 'aws-us-gov',
      targetOrganizationalUnitIds: ['r-ab12'],
      memberRoleName: 'OrgMfaMemberRole',
      eventBusName: 'orgmfa',
      provisioning: DEFAULT_PROVISIONING,
      compliance: DEFAULT_COMPLIANCE,
      eventFunctions: DEFAULT_EVENT_FUNCTIONS,
      guardrail: DEFAULT_GUARDRAIL,
      hubLambdaConcurrency: 1000,
    });
    expect(config).not.toHaveProperty('alarmEmail');
  });

  test("accepts the project's own cdk.json", () => {
    // GIVEN the cdk.json document as a whole
    const cdkJson: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cdk.json'), 'utf8'));

    // WHEN / THEN
    expect(parseConfig(cdkJson).organizationId).toMatch(/^o-/);
  });

  test.each([
    [
      'a bad organization id',
      { organizationId: 'o-SHORT' },
      'orgmfa.organizationId must be an organization id such as o-a1b2c3d4e5, got "o-SHORT"',
    ],
    [
      'a bad OU id',
      { targetOrganizationalUnitIds: ['ou-ab12-abcdefgh', 'ou-1'] },
      'orgmfa.targetOrganizationalUnitIds has "ou-1", which is not an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)',
    ],
    [
      'an empty OU list',
      { targetOrganizationalUnitIds: [] },
      'orgmfa.targetOrganizationalUnitIds must be a non-empty list, got []',
    ],
    [
      'a bad management account id',
      { managementAccountId: '12345' },
      'orgmfa.managementAccountId must be a 12-digit account id, got "12345"',
    ],
    [
      'a bad hub account id',
      { hubAccountId: 222222222222 },
      'orgmfa.hubAccountId must be a 12-digit account id, got 222222222222',
    ],
    [
      'a region outside the supported partitions',
      { hubRegion: 'us-iso-east-1' },
      'orgmfa.hubRegion us-iso-east-1 is not in a partition orgmfa supports (aws, aws-us-gov, aws-cn)',
    ],
  ])('rejects %s with an exact message', (_case, overrides, message) => {
    // GIVEN a context with one bad key / WHEN parsed / THEN
    expect(parseWith(overrides)).toThrow(new ConfigError(message));
    expect(parseWith(overrides)).toThrow(ConfigError);
  });

  test('rejects a context without the orgmfa key', () => {
    expect(() => parseConfig({ other: {} })).toThrow(
      new ConfigError('the CDK context has no "orgmfa" object (see cdk.json)'),
    );
  });
});

describe('parseConfig: provisioning', () => {
  test('reads an enabled provisioning section', () => {
    const config = parseConfig({
      orgmfa: rawTestContext({
        provisioning: {
          organizationalUnitIds: ['ou-ab12-abcdefgh'],
          accountIds: ['444444444444'],
          excludedAccountIds: ['555555555555'],
          exemptPaths: ['/service/', '/robots/'],
          deviceNameTemplate: 'orgmfa-{userName}',
          seedExpirationDays: 3,
          deleteUserOnFailure: true,
          setInitialPassword: true,
        },
      }),
    });
    expect(config.provisioning).toEqual({
      ...DEFAULT_PROVISIONING,
      organizationalUnitIds: ['ou-ab12-abcdefgh'],
      accountIds: ['444444444444'],
      excludedAccountIds: ['555555555555'],
      exemptPaths: ['/service/', '/robots/'],
      deviceNameTemplate: 'orgmfa-{userName}',
      seedExpirationDays: 3,
      deleteUserOnFailure: true,
      setInitialPassword: true,
    });
  });

  test.each([
    [
      { seedExpirationDays: 0 },
      'orgmfa.provisioning.seedExpirationDays must be a whole number from 1 to 365, got 0',
    ],
    [
      { exemptPaths: ['service'] },
      'orgmfa.provisioning.exemptPaths has "service", which is not an IAM path (/…/)',
    ],
    [
      { organizationalUnitIds: 'ou-ab12-abcdefgh' },
      'orgmfa.provisioning.organizationalUnitIds must be a list, got "ou-ab12-abcdefgh"',
    ],
    [
      { deleteUserOnFailure: 'yes' },
      'orgmfa.provisioning.deleteUserOnFailure must be true or false, got "yes"',
    ],
    [
      { deviceNameTemplate: 'a/b-{userName}' },
      'orgmfa.provisioning.deviceNameTemplate must be a device name with {userName} for the user name, got "a/b-{userName}"',
    ],
    [
      // Every user would get the same device name.
      { deviceNameTemplate: 'orgmfa-phone' },
      'orgmfa.provisioning.deviceNameTemplate must be a device name with {userName} for the user name, got "orgmfa-phone"',
    ],
    [
      // Stray braces: no user name ever gives a valid device name.
      { deviceNameTemplate: '{userName}{x}' },
      'orgmfa.provisioning.deviceNameTemplate must be a device name with {userName} for the user name that stays a valid device name (at most 226 characters of [\\w+=,.@-]) for a 64-character user name, got "{userName}{x}"',
    ],
    [
      // Valid alone, too long once {userName} is a 64-character name (170 + 64 > 226).
      { deviceNameTemplate: `${'a'.repeat(170)}{userName}` },
      `orgmfa.provisioning.deviceNameTemplate must be a device name with {userName} for the user name that stays a valid device name (at most 226 characters of [\\w+=,.@-]) for a 64-character user name, got "${'a'.repeat(170)}{userName}"`,
    ],
  ])('rejects %j with an exact message', (provisioning, message) => {
    expect(parseWith({ provisioning })).toThrow(new ConfigError(message));
  });

  const KEY_EXPECTED =
    'alias/aws/ssm, the alias of a customer managed key in every member account (alias/…), or a key ARN';
  test.each([
    ['a bare key id (it names a key of one account only)', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias ARN (one account only)', 'arn:aws:kms:eu-west-1:222222222222:alias/orgmfa-seeds'],
    ["another of AWS's own keys", 'alias/aws/s3'],
  ])('seedKmsKeyId refuses %s', (_label, seedKmsKeyId) => {
    expect(parseWith({ provisioning: { seedKmsKeyId } })).toThrow(
      new ConfigError(
        `orgmfa.provisioning.seedKmsKeyId must be ${KEY_EXPECTED}, got ${JSON.stringify(seedKmsKeyId)}`,
      ),
    );
  });

  test("seedKmsKeyId refuses a key ARN outside the hub's region, where SSM could not use it", () => {
    expect(
      parseWith({
        provisioning: {
          seedKmsKeyId: 'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      }),
    ).toThrow(
      new ConfigError(
        "orgmfa.provisioning.seedKmsKeyId names a key in us-east-1: seeds are stored in the hub's region eu-west-1, and SSM encrypts only with a key of its own region",
      ),
    );
  });

  test.each([
    'alias/aws/ssm',
    'alias/orgmfa-seeds',
    'arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:eu-west-1:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab',
  ])('seedKmsKeyId accepts %s', (seedKmsKeyId) => {
    expect(parseWith({ provisioning: { seedKmsKeyId } })().provisioning.seedKmsKeyId).toBe(seedKmsKeyId);
  });
});

describe('parseConfig: compliance', () => {
  test('defaults to the documented compliance settings: a sweep every 6 hours', () => {
    const { compliance } = parseConfig({ orgmfa: rawTestContext() });
    expect(compliance).toEqual(DEFAULT_COMPLIANCE);
    expect(compliance.sweepSchedule).toBe('rate(6 hours)');
  });

  test('reads every key', () => {
    const config = parseConfig({
      orgmfa: rawTestContext({
        compliance: {
          sweepSchedule: 'cron(0 3 * * ? *)',
          sweepConcurrency: 100,
          sweepBatchSize: 10,
          sweepAssumeRolesPerSecond: 450,
          orphanGraceHours: 72,
          deleteOrphans: false,
          enrolmentWindowMinutes: 30,
        },
      }),
    });
    expect(config.compliance).toEqual({
      sweepSchedule: 'cron(0 3 * * ? *)',
      sweepConcurrency: 100,
      sweepBatchSize: 10,
      sweepAssumeRolesPerSecond: 450,
      orphanGraceHours: 72,
      deleteOrphans: false,
      enrolmentWindowMinutes: 30,
    });
  });

  test('the sweep: 100 child executions at once, 25 accounts each, 300 role assumptions per second', () => {
    expect(DEFAULT_COMPLIANCE).toMatchObject({
      sweepConcurrency: 100,
      sweepBatchSize: 25,
      sweepAssumeRolesPerSecond: 300,
    });
  });

  test('the enrolment window is 15 minutes unless configured', () => {
    expect(DEFAULT_COMPLIANCE.enrolmentWindowMinutes).toBe(15);
  });

  test("the sweep's grace period may not be shorter than the enrolment window (equal is accepted)", () => {
    expect(parseWith({ compliance: { orphanGraceHours: 1, enrolmentWindowMinutes: 240 } })).toThrow(
      new ConfigError(
        'orgmfa.compliance.orphanGraceHours 1 is shorter than the enrolment window (enrolmentWindowMinutes 240): the sweep would delete devices someone may still be enrolling',
      ),
    );
    expect(parseWith({ compliance: { orphanGraceHours: 4, enrolmentWindowMinutes: 240 } })).not.toThrow();
  });

  test.each([
    [
      { sweepSchedule: 'every 6 hours' },
      'orgmfa.compliance.sweepSchedule must be a schedule expression such as rate(6 hours), got "every 6 hours"',
    ],
    [
      { sweepConcurrency: 0 },
      'orgmfa.compliance.sweepConcurrency must be a whole number from 1 to 1000, got 0',
    ],
    [
      { orphanGraceHours: 0.5 },
      'orgmfa.compliance.orphanGraceHours must be a whole number from 1 to 2160, got 0.5',
    ],
    [{ deleteOrphans: 'no' }, 'orgmfa.compliance.deleteOrphans must be true or false, got "no"'],
    [
      { enrolmentWindowMinutes: 0 },
      'orgmfa.compliance.enrolmentWindowMinutes must be a whole number from 1 to 1440, got 0',
    ],
    [
      { enrolmentWindowMinutes: '15' },
      'orgmfa.compliance.enrolmentWindowMinutes must be a whole number from 1 to 1440, got "15"',
    ],
    [
      { sweepBatchSize: 101 },
      'orgmfa.compliance.sweepBatchSize must be a whole number from 1 to 100, got 101',
    ],
    // STS allows 600 requests per second per account: the sweep may take 500 of them at most.
    [
      { sweepAssumeRolesPerSecond: 600 },
      'orgmfa.compliance.sweepAssumeRolesPerSecond must be a whole number from 1 to 500, got 600',
    ],
  ])('rejects %j with an exact message', (compliance, message) => {
    expect(parseWith({ compliance })).toThrow(new ConfigError(message));
  });
});

describe("parseConfig: the hub's Lambda pool", () => {
  test('the default sweep and event functions fit the default quota of 1,000 with 100 left unreserved', () => {
    const config = parseWith({})();
    expect(config.hubLambdaConcurrency).toBe(1000);
    // 100 for the sweep and 45 for the event functions: 855 left, 100 of them kept by Lambda.
    expect(config.compliance.sweepConcurrency).toBe(100);
  });

  test('the largest sweep concurrency that fits the default pool is accepted, one more is refused', () => {
    // 1,000 - 100 unreserved - 45 for the event functions = 855.
    expect(parseWith({ compliance: { sweepConcurrency: 855 } })().compliance.sweepConcurrency).toBe(855);
    expect(parseWith({ compliance: { sweepConcurrency: 856 } })).toThrow(
      new ConfigError(
        "orgmfa.compliance.sweepConcurrency 856 plus the event functions' reserved concurrency 45 exceed what the hub's Lambda pool can reserve (hubLambdaConcurrency 1000 less the 100 Lambda keeps unreserved): lower them, raise the quota and hubLambdaConcurrency, or set eventFunctions.reserveConcurrency to false",
      ),
    );
  });

  test('a raised quota makes room for more', () => {
    const config = parseWith({ hubLambdaConcurrency: 2000, compliance: { sweepConcurrency: 1000 } })();
    expect(config.compliance.sweepConcurrency).toBe(1000);
  });

  test('without reservations (a reduced quota), the sweep alone must fit in the pool', () => {
    const small = { hubLambdaConcurrency: 10, eventFunctions: { reserveConcurrency: false } };
    expect(parseWith({ ...small, compliance: { sweepConcurrency: 10 } })().compliance.sweepConcurrency).toBe(
      10,
    );
    expect(parseWith({ ...small })).toThrow(
      new ConfigError(
        "orgmfa.compliance.sweepConcurrency 100 exceeds the hub's Lambda pool (hubLambdaConcurrency 10)",
      ),
    );
  });

  test('rejects a pool below 10 with an exact message', () => {
    expect(parseWith({ hubLambdaConcurrency: 5 })).toThrow(
      new ConfigError('orgmfa.hubLambdaConcurrency must be a whole number from 10 to 1000000, got 5'),
    );
  });
});

describe('parseConfig: eventFunctions', () => {
  test('reserves concurrency by default, 45 in all: room left in an account with the default quota of 1,000', () => {
    expect(DEFAULT_EVENT_FUNCTIONS).toEqual({
      reserveConcurrency: true,
      parseEventConcurrency: 20,
      cleanUpOrphanConcurrency: 10,
      provisionMfaConcurrency: 5,
      evaluateUserConcurrency: 10,
      membershipCacheMinutes: 15,
    });
  });

  test('reads every key', () => {
    const eventFunctions = {
      reserveConcurrency: false,
      parseEventConcurrency: 40,
      cleanUpOrphanConcurrency: 20,
      provisionMfaConcurrency: 2,
      evaluateUserConcurrency: 30,
      membershipCacheMinutes: 0,
    };
    expect(parseConfig({ orgmfa: rawTestContext({ eventFunctions }) }).eventFunctions).toEqual(
      eventFunctions,
    );
  });

  test.each([
    [
      { parseEventConcurrency: 0 },
      'orgmfa.eventFunctions.parseEventConcurrency must be a whole number from 1 to 900, got 0',
    ],
    [
      { reserveConcurrency: 'off' },
      'orgmfa.eventFunctions.reserveConcurrency must be true or false, got "off"',
    ],
    [
      { membershipCacheMinutes: 61 },
      'orgmfa.eventFunctions.membershipCacheMinutes must be a whole number from 0 to 60, got 61',
    ],
    [
      { cleanupOrphanConcurrency: 5 },
      'orgmfa.eventFunctions.cleanupOrphanConcurrency is not a configuration key (did you mean cleanUpOrphanConcurrency?)',
    ],
  ])('rejects %j with an exact message', (eventFunctions, message) => {
    expect(parseWith({ eventFunctions })).toThrow(new ConfigError(message));
  });
});

describe('parseConfig: guardrail', () => {
  test('is off by default: no OU, so no SCP', () => {
    expect(DEFAULT_GUARDRAIL).toEqual({ organizationalUnitIds: [] });
  });

  test('reads the OUs and the root to attach the SCPs to', () => {
    const guardrail = { organizationalUnitIds: ['ou-ab12-abcdefgh', 'r-ab12'] };
    expect(parseConfig({ orgmfa: rawTestContext({ guardrail }) }).guardrail).toEqual(guardrail);
  });

  test.each([
    [
      { organizationalUnitIds: ['ou-ab12-abcdefgh', 'ou-ab12-abcdefgh'] },
      'orgmfa.guardrail.organizationalUnitIds lists ou-ab12-abcdefgh twice',
    ],
    [
      { organizationalUnitIds: ['111111111111'] },
      'orgmfa.guardrail.organizationalUnitIds has "111111111111", which is not an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)',
    ],
    [
      { organisationalUnitIds: ['ou-ab12-abcdefgh'] },
      'orgmfa.guardrail.organisationalUnitIds is not a configuration key (did you mean organizationalUnitIds?)',
    ],
  ])('rejects %j with an exact message', (guardrail, message) => {
    expect(parseWith({ guardrail })).toThrow(new ConfigError(message));
  });

  test('refuses the SCPs in aws-cn, where SCPs lack the NotResource they use, and names the alternative', () => {
    expect(
      parseWith({ hubRegion: 'cn-north-1', guardrail: { organizationalUnitIds: ['ou-ab12-abcdefgh'] } }),
    ).toThrow(
      /^orgmfa\.guardrail\.organizationalUnitIds: .*aws-cn attach the OrgMfaRequireMfa managed policy/,
    );
    // Off, aws-cn is fine.
    expect(parseWith({ hubRegion: 'cn-north-1' })).not.toThrow();
  });
});

describe('parseConfig: unknown keys', () => {
  test.each([
    [
      { compliance: { deleteOrphan: false } },
      'orgmfa.compliance.deleteOrphan is not a configuration key (did you mean deleteOrphans?)',
    ],
    [
      { provisioning: { organisationalUnitIds: ['ou-ab12-abcdefgh'] } },
      'orgmfa.provisioning.organisationalUnitIds is not a configuration key (did you mean organizationalUnitIds?)',
    ],
    [
      { memberRolename: 'X' },
      'orgmfa.memberRolename is not a configuration key (did you mean memberRoleName?)',
    ],
    [{ colour: 'blue' }, 'orgmfa.colour is not a configuration key'],
  ])('refuses %j, naming the key and the one it resembles', (overrides, message) => {
    // GIVEN a context with a misspelt or unknown key / WHEN parsed / THEN the exact one-line error
    expect(parseWith(overrides)).toThrow(new ConfigError(message));
  });

  test('a misspelt safety switch never falls back to its default', () => {
    // GIVEN deleteOrphans switched off, but misspelt
    // WHEN parsed / THEN it is an error, not deletion left on
    expect(parseWith({ compliance: { deleteOrphan: false } })).toThrow(ConfigError);
  });
});

describe('didYouMean', () => {
  test.each([
    ['deleteOrphan', 'deleteOrphans'],
    ['sweepconcurrency', 'sweepConcurrency'],
    ['orphanGrace', undefined],
    ['x', undefined],
  ])('%s → %s', (key, expected) => {
    expect(didYouMean(key, ['deleteOrphans', 'sweepConcurrency', 'orphanGraceHours', 'sweepSchedule'])).toBe(
      expected,
    );
  });
});
