import { cloudTrailEvent } from '../local/sim/cloudtrail';
import { measureEventPath, projectSetup } from './event-path';

/** Provisioning: one CreateUser event in an enabled OU through the real ASL and handlers. */
export async function benchProvisioningPath(): Promise<string[]> {
  const { config, fixture } = projectSetup();
  fixture.accounts[1]!.iam.users.push({
    userName: 'dave',
    path: '/',
    consolePassword: true,
    accessKeys: [],
    tags: {},
  });
  const event = cloudTrailEvent({
    accountId: '222222222222',
    userName: 'admin',
    eventName: 'CreateUser',
    requestParameters: { userName: 'dave' },
    time: new Date(),
  });
  return [
    ...(await measureEventPath({
      title: 'Provisioning path (CreateUser → device enabled, seed stored), event workflow',
      config: {
        ...config,
        provisioning: { ...config.provisioning, organizationalUnitIds: ['ou-a1b2-workload1'] },
      },
      fixture,
      event,
      succeeded: (report) => report.outcome === 'Provisioned',
    })),
    '  TOTP: previous and current window computed at once, no wait for a second code',
    '  goal: ≤ 6 sequential calls, < 2 s (the 2017 single-account sample waited up to 30 s for a second code)',
  ];
}
