import {
  complianceFromEnv,
  membershipCacheMsFromEnv,
  provisioningFromEnv,
  settingsFromEnv,
  stateBucketFromEnv,
  sweepTargetsFromEnv,
} from '../../functions/aws/settings-from-env';
import { ConfigError } from '../../functions/core/config';
import {
  complianceEnvironment,
  eventPathEnvironment,
  functionEnvironment,
  listingEnvironment,
} from '../../infra/constructs/function-environment';
import { projectConfig } from '../helpers/simulated-org';

describe('settingsFromEnv', () => {
  test('reads back exactly what the hub stack deploys into every function', () => {
    const config = projectConfig();

    const settings = settingsFromEnv({ ...functionEnvironment(config), AWS_REGION: config.hubRegion });

    expect(settings).toEqual({
      organizationId: config.organizationId,
      managementAccountId: config.managementAccountId,
      hubAccountId: config.hubAccountId,
      partition: config.partition,
      memberRoleName: config.memberRoleName,
    });
  });

  test('a missing variable fails at start-up, naming it', () => {
    const { HUB_ACCOUNT_ID: _missing, ...env } = functionEnvironment(projectConfig());
    expect(() => settingsFromEnv({ ...env, AWS_REGION: 'us-east-1' })).toThrow(
      'environment variable HUB_ACCOUNT_ID is not set',
    );
  });

  test('a partition that does not match the region fails at start-up', () => {
    expect(() =>
      settingsFromEnv({ ...functionEnvironment(projectConfig()), AWS_REGION: 'cn-north-1' }),
    ).toThrow("PARTITION aws does not match the function's region cn-north-1");
  });
});

describe('provisioningFromEnv and complianceFromEnv', () => {
  const env = () => functionEnvironment(projectConfig());

  test('read back exactly the sections the hub stack deploys', () => {
    const config = projectConfig();
    const deployed = { ...complianceEnvironment(config, 'orgmfa-state-111111111111') };
    expect(provisioningFromEnv(deployed)).toEqual(config.provisioning);
    expect(complianceFromEnv(deployed)).toEqual(config.compliance);
    expect(stateBucketFromEnv(deployed)).toBe('orgmfa-state-111111111111');
  });

  test.each([
    [
      { PROVISIONING: '{"deleteUserOnFalure":true}' },
      provisioningFromEnv,
      'PROVISIONING.deleteUserOnFalure is not a configuration key (did you mean deleteUserOnFailure?)',
    ],
    [
      { PROVISIONING: '{"seedExpirationDays":"7"}' },
      provisioningFromEnv,
      'PROVISIONING.seedExpirationDays must be a whole number from 1 to 365, got "7"',
    ],
    [{ COMPLIANCE: 'not json' }, complianceFromEnv, 'environment variable COMPLIANCE is not JSON'],
    [{ COMPLIANCE: undefined }, complianceFromEnv, 'environment variable COMPLIANCE is not set'],
  ])('refuse %j at start-up instead of casting it', (overrides, read, message) => {
    const attempt = () => read({ ...env(), ...overrides });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  test('a malformed organization id fails at start-up', () => {
    expect(() => settingsFromEnv({ ...env(), ORGANIZATION_ID: 'o-*', AWS_REGION: 'us-east-1' })).toThrow(
      'environment variable ORGANIZATION_ID is not valid: "o-*"',
    );
  });
});

describe('sweepTargetsFromEnv and membershipCacheMsFromEnv', () => {
  test('read back exactly what the hub stack deploys into ListAccounts and the event functions', () => {
    const config = projectConfig();
    expect(sweepTargetsFromEnv(listingEnvironment(config))).toEqual(config.targetOrganizationalUnitIds);
    expect(membershipCacheMsFromEnv(eventPathEnvironment(config, 'orgmfa-state-111111111111'))).toBe(
      15 * 60_000,
    );
  });

  test('a bad target or TTL fails at start-up, naming the variable and what it expects', () => {
    expect(() => sweepTargetsFromEnv({ SWEEP_TARGETS: '["ou-1"]' })).toThrow(
      new ConfigError(
        'SWEEP_TARGETS has "ou-1", which is not an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)',
      ),
    );
    expect(() => membershipCacheMsFromEnv({ MEMBERSHIP_CACHE_MINUTES: '90' })).toThrow(
      new ConfigError('MEMBERSHIP_CACHE_MINUTES must be a whole number from 0 to 60, got 90'),
    );
  });
});
