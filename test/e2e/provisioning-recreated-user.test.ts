import { CreateUserCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import { userIdOf } from '../../local/sim/iam-entities';
import { orphanWorld, PROD } from '../helpers/orphan-world';
import { provisioningConfig } from '../helpers/provisioning';

/**
 * dave is deleted and re-created (a terraform replace, an administrator fixing a path) while the
 * ProvisionMfa invocation for the first dave is storing the seed, between its GetUser and its
 * EnableMFADevice, which takes a user name only and so enables the device on the new dave.
 */
test('a user re-created between GetUser and EnableMFADevice: the seed and the device tag follow the user the device was enabled on', async () => {
  const w = orphanWorld({
    config: provisioningConfig({}),
    faults: { faults: { latencyMs: (_s, op) => (op === 'PutParameter' ? 400 : 0) } },
  });
  const ann = w.admin('ann@example.com');
  const account = () => w.sim.account(PROD)!;
  const daveId = () =>
    userIdOf(
      account(),
      account().iam.users.find((u) => u.userName === 'dave')!,
    );
  await ann.iam.send(new CreateUserCommand({ UserName: 'dave' }));
  const firstId = daveId();
  const event = cloudTrailEvent({
    accountId: PROD,
    caller: ann.identity,
    eventName: 'CreateUser',
    requestParameters: { userName: 'dave' },
    time: w.clock.now(),
  });

  const running = w.deliver(event);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await ann.iam.send(new DeleteUserCommand({ UserName: 'dave' }));
  await ann.iam.send(new CreateUserCommand({ UserName: 'dave' }));
  const run = await running;

  const secondId = daveId();
  expect(secondId).not.toBe(firstId);
  expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
  expect(run.report.reason).toBe(
    `user dave was re-created (${firstId} became ${secondId}) while its device was provisioned: the device is enabled on ${secondId}, its seed moved to /orgmfa/seed/${secondId} and its orgmfa:user-id tag set to ${secondId}`,
  );
  const device = account().iam.virtualMfaDevices.find((d) => d.name === 'dave')!;
  // The action names where the seed is now.
  expect(run.report.actions).toContainEqual(
    expect.objectContaining({ type: 'ProvisionMfa', parameterName: `/orgmfa/seed/${secondId}` }),
  );
  expect(device).toMatchObject({ assignedTo: 'dave' });
  expect(device.tags?.['orgmfa:user-id']).toBe(secondId);
  // The new dave's seed only, under the new dave's id: what its self-service policy lets it read.
  expect((account().ssm?.parameters ?? []).map((p) => [p.name, p.value === device.seed])).toEqual([
    [`/orgmfa/seed/${secondId}`, true],
  ]);
});
