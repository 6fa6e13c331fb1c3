import {
  ConcurrentModificationException,
  CreateVirtualMFADeviceCommand,
  EntityAlreadyExistsException,
  EntityTemporarilyUnmodifiableException,
  TagMFADeviceCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import { GetParameterCommand, PutParameterCommand, TooManyUpdates } from '@aws-sdk/client-ssm';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { createAwsClients } from '../../functions/aws/clients';
import { TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { createSimulation } from '../../local/sim/create-simulation';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { orgFixture } from '../helpers/simulated-org';

const PROD = '222222222222';

/** The simulation with `faults`, and alice's IAM and SSM clients in prod, with `maxAttempts` SDK attempts. */
function faultySim(faults: FaultPlan, maxAttempts = 3) {
  const sim = createSimulation(orgFixture(), {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    faults,
  });
  const clients = createAwsClients({
    region: 'us-east-1',
    extraConfig: { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 1) },
    decorate: (client) => attachSimulatedAws(sim, client),
  });
  const scope = { accountId: PROD, credentials: sim.issueUserCredentials(PROD, 'alice') };
  return { sim, iam: clients.iam(scope), ssm: clients.ssm(scope), prod: () => sim.account(PROD)! };
}

describe('conflict faults: refused with the error AWS documents as worth a retry after waiting', () => {
  test.each([
    [
      'EntityTemporarilyUnmodifiable',
      EntityTemporarilyUnmodifiableException,
      'EntityTemporarilyUnmodifiableException',
    ],
    ['ConcurrentModification', ConcurrentModificationException, 'ConcurrentModificationException'],
  ] as const)(
    "IAM's %s: HTTP 409, not retried by the SDK, nothing changed; the next call succeeds",
    async (code, type, name) => {
      const { sim, iam, prod } = faultySim({
        conflict: [{ service: 'iam', operation: 'CreateVirtualMFADevice', code, accountId: PROD }],
      });
      const create = () => iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' }));

      const refused = await create().catch((e: unknown) => e);

      expect(refused).toBeInstanceOf(type);
      expect(refused).toMatchObject({ name, $fault: 'client', $metadata: { httpStatusCode: 409 } });
      expect(prod().iam.virtualMfaDevices.some((d) => d.name === 'carol')).toBe(false);
      await expect(create()).resolves.toMatchObject({
        VirtualMFADevice: { SerialNumber: `arn:aws:iam::${PROD}:mfa/carol` },
      });
      expect(sim.calls.map((c) => `${c.operation}:${c.error ?? 'ok'}`)).toEqual([
        `CreateVirtualMFADevice:${name}`,
        'CreateVirtualMFADevice:ok',
      ]);
    },
  );

  test('a conflict applies only to its operation and account, and to its first `count` calls', async () => {
    const { sim, iam } = faultySim({
      conflict: [{ service: 'iam', operation: 'TagMFADevice', code: 'ConcurrentModification', count: 2 }],
    });
    const tag = () =>
      iam
        .send(
          new TagMFADeviceCommand({
            SerialNumber: `arn:aws:iam::${PROD}:mfa/carol`,
            Tags: [{ Key: 'k', Value: 'v' }],
          }),
        )
        .then(() => 'ok')
        .catch((e: Error) => e.name);
    await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' }));

    expect([await tag(), await tag(), await tag()]).toEqual([
      'ConcurrentModificationException',
      'ConcurrentModificationException',
      'ok',
    ]);
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual([
      'ok',
      'ConcurrentModificationException',
      'ConcurrentModificationException',
      'ok',
    ]);
  });

  test("SSM's TooManyUpdates: a client fault the SDK does not retry, nothing stored", async () => {
    const { ssm, prod } = faultySim({
      conflict: [{ service: 'ssm', operation: 'PutParameter', code: 'TooManyUpdates' }],
    });
    const put = () => ssm.send(new PutParameterCommand({ Name: '/orgmfa/x', Value: 'v', Type: 'String' }));

    const refused = await put().catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(TooManyUpdates);
    expect(refused).toMatchObject({ name: 'TooManyUpdates', $fault: 'client' });
    expect(prod().ssm?.parameters ?? []).toEqual([]);
    await put();
    await expect(ssm.send(new GetParameterCommand({ Name: '/orgmfa/x' }))).resolves.toMatchObject({
      Parameter: { Value: 'v' },
    });
  });
});

describe('lost answers: the call takes effect, then its answer is lost', () => {
  test("a lost ServiceFailure (500) is retried by the SDK, whose retry meets the first call's effect", async () => {
    const { sim, iam, prod } = faultySim({
      loseAnswer: [{ service: 'iam', operation: 'CreateVirtualMFADevice', code: 'ServiceFailure' }],
    });

    const retried = await iam
      .send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' }))
      .catch((e: unknown) => e);

    // The first call created the device; the SDK's retry was told the name is taken.
    expect(retried).toBeInstanceOf(EntityAlreadyExistsException);
    expect(prod().iam.virtualMfaDevices.filter((d) => d.name === 'carol')).toHaveLength(1);
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual([
      'ServiceFailureException',
      'EntityAlreadyExistsException',
    ]);
  });

  test('the lost answer itself is a server fault (HTTP 500); RequestTimeout is 408', async () => {
    const { iam, prod } = faultySim(
      {
        loseAnswer: [
          { service: 'iam', operation: 'CreateVirtualMFADevice', code: 'ServiceFailure' },
          { service: 'iam', operation: 'CreateUser', code: 'RequestTimeout' },
        ],
      },
      1,
    );

    await expect(
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'carol' })),
    ).rejects.toMatchObject({
      name: 'ServiceFailureException',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    await expect(iam.send(new CreateUserCommand({ UserName: 'erin' }))).rejects.toMatchObject({
      name: 'RequestTimeout',
      $metadata: { httpStatusCode: 408 },
    });
    // Both took effect.
    expect(prod().iam.virtualMfaDevices.some((d) => d.name === 'carol')).toBe(true);
    expect(prod().iam.users.some((u) => u.userName === 'erin')).toBe(true);
  });
});
