import { settingsFromEnv } from '../../functions/aws/settings-from-env';
import { functionEnvironment } from '../../infra/constructs/function-environment';
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
