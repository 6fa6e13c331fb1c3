import { ListMFADevicesCommand, ListVirtualMFADevicesCommand } from '@aws-sdk/client-iam';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { createAwsClients } from '../../functions/aws/clients';
import { TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { createSimulation } from '../../local/sim/create-simulation';
import { FixtureError, readOrganizationFixture } from '../../local/sim/fixture';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { orgFixture } from '../helpers/simulated-org';

function faultySim(faults: Parameters<typeof createSimulation>[1]['faults'], maxAttempts = 3) {
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
  const iam = clients.iam({
    accountId: '222222222222',
    credentials: sim.issueUserCredentials('222222222222', 'alice'),
  });
  return { sim, iam };
}

describe('fault injection', () => {
  test("throttling is AWS's throttling error, retried by the SDK's own strategy", async () => {
    const { sim, iam } = faultySim({ throttle: [{ service: 'iam', rate: 0.5 }], seed: 7 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })),
      ),
    );
    const throttled = sim.calls.filter((c) => c.error === 'Throttling').length;
    expect(throttled).toBeGreaterThan(0);
    expect(sim.calls.length).toBe(20 + throttled);
    // With 3 attempts per call, only a call throttled three times in a row fails, and it fails as Throttling.
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: 'Throttling' });
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(10);
  });

  test('the same seed throttles the same calls', async () => {
    const run = async () => {
      const { sim, iam } = faultySim({ throttle: [{ service: 'iam', rate: 0.3 }], seed: 42 }, 1);
      for (let i = 0; i < 10; i++)
        await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })).catch(() => undefined);
      return sim.calls.map((c) => c.error ?? 'ok');
    };
    expect(await run()).toEqual(await run());
  });

  test('a throttling burst with a count throttles only the first matching calls', async () => {
    const { sim, iam } = faultySim({ throttle: [{ service: 'iam', rate: 1, count: 4 }] }, 1);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual([
      'Throttling',
      'Throttling',
      'Throttling',
      'Throttling',
      'ok',
      'ok',
    ]);
  });

  test("a throttling rule with an account throttles only that account's calls", async () => {
    const { sim, iam } = faultySim({ throttle: [{ service: 'iam', accountId: '333333333333', rate: 1 }] }, 1);
    await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }));
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual(['ok']);
    const { sim: other, iam: throttled } = faultySim(
      { throttle: [{ service: 'iam', accountId: '222222222222', rate: 1 }] },
      1,
    );
    await expect(
      throttled.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })),
    ).rejects.toMatchObject({ name: 'Throttling' });
    expect(other.calls.map((c) => c.error)).toEqual(['Throttling']);
  });

  test('access-denied faults name the caller and the action', async () => {
    const { iam } = faultySim({ accessDenied: [{ accountId: '222222222222', service: 'iam' }] });
    await expect(
      iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message:
        'User: arn:aws:iam::222222222222:user/alice is not authorized to perform: iam:ListVirtualMFADevices',
    });
  });

  test('an access-denied fault with a userName denies only the calls about that user', async () => {
    const { sim, iam } = faultySim({
      accessDenied: [{ accountId: '222222222222', operation: 'ListMFADevices', userName: 'bob' }],
    });
    await expect(iam.send(new ListMFADevicesCommand({ UserName: 'bob' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'User: arn:aws:iam::222222222222:user/alice is not authorized to perform: iam:ListMFADevices',
    });
    await expect(iam.send(new ListMFADevicesCommand({ UserName: 'alice' }))).resolves.toMatchObject({
      MFADevices: [],
    });
    expect(sim.calls.map((c) => c.error)).toEqual(['AccessDenied', undefined]);
  });

  test('refuseNth denies only the nth matching call: one request among several', async () => {
    const { sim, iam } = faultySim({
      refuseNth: [{ accountId: '222222222222', service: 'iam', operation: 'ListVirtualMFADevices', nth: 2 }],
    });
    const list = () =>
      iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' })).then(() => 'ok');

    const outcomes = [await list(), await list().catch((e: Error) => e.name), await list()];

    expect(outcomes).toEqual(['ok', 'AccessDenied', 'ok']);
    expect(sim.calls.map((c) => c.error ?? 'ok')).toEqual(['ok', 'AccessDenied', 'ok']);
  });

  test('latency is really waited, so concurrent calls overlap', async () => {
    const { sim, iam } = faultySim({ latencyMs: () => 40 });
    await Promise.all(
      [1, 2, 3].map(() => iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }))),
    );
    // Each call took the modelled time, and all three were in flight at once (not one after another).
    for (const call of sim.calls) expect(call.endedAt - call.startedAt).toBeGreaterThanOrEqual(38);
    const lastStart = Math.max(...sim.calls.map((c) => c.startedAt));
    const firstEnd = Math.min(...sim.calls.map((c) => c.endedAt));
    expect(lastStart).toBeLessThan(firstEnd);
  });
});

describe('organization fixtures', () => {
  test.each([
    ['a non-object', 42, 'organization: must be a JSON object'],
    [
      'a bad organization id',
      { ...orgFixture(), organizationId: 'org-1' },
      'organization.organizationId: "org-1" is not valid',
    ],
    [
      'an unknown hub account',
      { ...orgFixture(), hubAccountId: '444444444444' },
      'organization.hubAccountId: 444444444444 is not one of the accounts',
    ],
    [
      'a device assigned to a user that does not exist',
      (() => {
        const f = orgFixture();
        f.accounts[1]!.iam.virtualMfaDevices[0]!.assignedTo = 'mallory';
        return f;
      })(),
      'accounts[1].iam.virtualMfaDevices[0].assignedTo: "mallory" is not a user of this account',
    ],
    [
      'a device name IAM would refuse',
      (() => {
        const f = orgFixture();
        f.accounts[1]!.iam.virtualMfaDevices[0]!.name = 'a/b';
        return f;
      })(),
      'accounts[1].iam.virtualMfaDevices[0].name: "a/b" is not valid',
    ],
    [
      'a user id that is not an IAM unique id',
      (() => {
        const f = orgFixture();
        f.accounts[1]!.iam.users[0]!.userId = 'aida-lower';
        return f;
      })(),
      'accounts[1].iam.users[0].userId: "aida-lower" is not valid',
    ],
    [
      'an attached policy that is not a policy ARN',
      (() => {
        const f = orgFixture();
        f.accounts[1]!.iam.users[0]!.attachedPolicies = ['ReadOnlyAccess'];
        return f;
      })(),
      'accounts[1].iam.users[0].attachedPolicies[0]: "ReadOnlyAccess" is not valid',
    ],
  ])('%s is refused with a message naming the field', (_label, raw, message) => {
    expect(() => readOrganizationFixture(raw)).toThrow(new FixtureError(message));
  });

  test('a fixture round-trips through the simulation unchanged', () => {
    const fixture = orgFixture();
    Object.assign(fixture.accounts[1]!.iam.users[1]!, {
      userId: 'AIDABOB0000000000001',
      accessKeys: [{ active: true, id: 'AKIABOB0000000000001' }],
      signingCertificates: ['CERT0000000000000001'],
      sshPublicKeys: ['APKA0000000000000001'],
      serviceSpecificCredentials: ['ACCA0000000000000001'],
      groups: ['developers'],
      attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: ['own-bucket'],
    });
    const sim = createSimulation(fixture, { memberRoleName: 'OrgMfaMemberRole', trustedHubRoleNames: [] });
    expect(readOrganizationFixture(JSON.parse(JSON.stringify(sim.state)))).toEqual(fixture);
  });
});
