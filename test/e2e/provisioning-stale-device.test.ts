import { CreateUserCommand, DeleteUserCommand } from '@aws-sdk/client-iam';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { updateDeviceRecord } from '../../functions/aws/device-record';
import { withClaim } from '../../functions/core/device-claim';
import { applyFacts } from '../../functions/core/device-evidence';
import { provisionMfa, type ProvisioningResult } from '../../functions/provision-mfa/provision-mfa';
import { CollectingMetrics } from '../../local/runner/collecting-metrics';
import type { EventRun } from '../../local/runner/event-run';
import { cloudTrailEvent, type CallerIdentity } from '../../local/sim/cloudtrail';
import type { OrganizationFixture } from '../../local/sim/fixture';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { userIdOf } from '../../local/sim/iam-entities';
import { orphanWorld, PROD } from '../helpers/orphan-world';
import { provisioningConfig } from '../helpers/provisioning';
import { orgFixture } from '../helpers/simulated-org';

/**
 * A user re-created under the name of a deleted one finds the old user's device, or any device of that
 * name, in the way of its own. Provisioning decides on it by the orphan rule and still provisions the
 * user in the same execution, through the real ASL on the simulated organization (a virtual clock:
 * Wait states cost nothing). The events of orgmfa's own calls are built as CloudTrail records them: by
 * the member role's session for provisioning.
 */

const WINDOW_MS = 15 * 60_000;
const SERIAL = `arn:aws:iam::${PROD}:mfa/dave`;
const PROVISIONING: CallerIdentity = {
  type: 'AssumedRole',
  roleName: 'OrgMfaMemberRole',
  sessionName: 'orgmfa-provision-mfa',
};

const waited = (run: EventRun) =>
  run.execution.history.some((e) => e.type === 'StateEntered' && e.state.name === 'WaitForStaleDevice');
const calls = (run: EventRun) => run.report.apiCalls.map((c) => `${c.service}:${c.operation}`);

function staleWorld(
  options: {
    fixture?: OrganizationFixture;
    deleteUserOnFailure?: boolean;
    latencyMs?: FaultPlan['latencyMs'];
    faults?: Omit<FaultPlan, 'latencyMs'>;
  } = {},
) {
  const faults: FaultPlan = {
    ...options.faults,
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }),
  };
  const w = orphanWorld({
    config: provisioningConfig({ deleteUserOnFailure: options.deleteUserOnFailure ?? false }),
    ...(options.fixture === undefined ? {} : { fixture: options.fixture }),
    faults: { faults },
  });
  const ann = w.admin('ann@example.com');
  const account = () => w.sim.account(PROD)!;
  const event = (caller: CallerIdentity, eventName: string, requestParameters: Record<string, unknown>) =>
    cloudTrailEvent({ accountId: PROD, caller, eventName, requestParameters, time: w.clock.now() });
  const iamUser = (name: string) => account().iam.users.find((u) => u.userName === name);
  return {
    ...w,
    ann,
    /** ann creates IAM user `name` now; the CreateUser event. */
    async createUser(name: string) {
      await ann.iam.send(new CreateUserCommand({ UserName: name }));
      return event(ann.identity, 'CreateUser', { userName: name });
    },
    /** ann deletes IAM user `name` (its devices deactivated before, as IAM requires). */
    async deleteUser(name: string) {
      await ann.iam.send(new DeleteUserCommand({ UserName: name }));
    },
    /** An event of a call orgmfa's provisioning made (the member role's session). */
    provisioningEvent: (eventName: string, requestParameters: Record<string, unknown>) =>
      event(PROVISIONING, eventName, requestParameters),
    /** The clash CloudTrail records for provisioning's own CreateVirtualMFADevice of `name`. */
    provisioningClash: (name: string) =>
      cloudTrailEvent({
        accountId: PROD,
        caller: PROVISIONING,
        eventName: 'CreateVirtualMFADevice',
        requestParameters: { virtualMFADeviceName: name },
        error: {
          code: 'EntityAlreadyExistsException',
          message: 'MFADevice entity at the same path and name already exists.',
        },
        time: w.clock.now(),
      }),
    userId: (name: string) => userIdOf(account(), iamUser(name)!),
    iamUser,
    seeds: () => account().ssm?.parameters ?? [],
  };
}
type StaleWorld = ReturnType<typeof staleWorld>;

/**
 * dave was provisioned by orgmfa (its creation recorded from the CloudTrail event), used the device
 * for an hour, and was then removed: ann deactivated his device (the console leaves it unassigned)
 * and deleted him. Returns the old device's seed and dave's old id.
 */
async function formerDaveProvisioned(w: StaleWorld) {
  const run = await w.deliver(await w.createUser('dave'));
  expect(run.report.outcome).toBe('Provisioned');
  const formerId = w.userId('dave');
  await w.deliver(w.provisioningEvent('CreateVirtualMFADevice', { virtualMFADeviceName: 'dave' }));
  w.clock.set(w.at(3600));
  await w.deliver(await w.deactivate(w.ann, 'dave', 'dave'));
  await w.deleteUser('dave');
  return { formerSeed: w.device('dave')!.seed!, formerId };
}

/** The new dave holds a working device that orgmfa provisioned for him, and his seed waits in SSM. */
function expectProvisioned(w: StaleWorld, formerSeed?: string) {
  const daveId = w.userId('dave');
  const device = w.device('dave')!;
  expect(device).toMatchObject({
    assignedTo: 'dave',
    tags: { 'orgmfa:managed': 'provisioned', 'orgmfa:user-id': daveId },
  });
  if (formerSeed !== undefined) expect(device.seed).not.toBe(formerSeed);
  expect(w.seeds().find((p) => p.name === `/orgmfa/seed/${daveId}`)?.value).toBe(device.seed);
}

const provisioned = (daveId: string) => ({
  type: 'ProvisionMfa',
  accountId: PROD,
  userName: 'dave',
  serialNumber: SERIAL,
  parameterName: `/orgmfa/seed/${daveId}`,
});
const deleted = { type: 'DeleteVirtualMFADevice', accountId: PROD, serialNumber: SERIAL };

describe('a user re-created under an old name, with the old unassigned device in the way (real ASL)', () => {
  test('the old user’s device, provisioned by orgmfa and recorded: deleted at once, and the new user provisioned in the same execution', async () => {
    const w = staleWorld();
    const { formerSeed, formerId } = await formerDaveProvisioned(w);
    w.clock.set(w.at(3660));

    const run = await w.deliver(await w.createUser('dave'));

    expect(w.userId('dave')).not.toBe(formerId);
    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Provisioned',
      actions: [deleted, provisioned(w.userId('dave'))],
    });
    expect(waited(run)).toBe(false);
    expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
    expectProvisioned(w, formerSeed);
    // The decision and why, in the log.
    const principal = `arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-provision-mfa`;
    expect(run.log.entries).toContainEqual(
      expect.objectContaining({
        message: 'clash decided',
        attributes: [
          expect.objectContaining({
            action: 'delete',
            by: principal,
            reason: `created by ${principal} at 2026-11-21T09:00:00.000Z, whose retry failed at 2026-11-21T10:01:00.000Z`,
          }),
        ],
      }),
    );
    // No secret of either device anywhere the workflow or its logs keep.
    const exposed = JSON.stringify([run.report, run.execution.history, run.log.entries]);
    for (const seed of w.sim.issuedSeeds) expect(exposed).not.toContain(seed);
  });

  test('orgmfa’s own failed CreateVirtualMFADevice, delivered to the event path afterwards, deletes nothing', async () => {
    const w = staleWorld();
    await formerDaveProvisioned(w);
    w.clock.set(w.at(3660));
    const provisioning = await w.deliver(await w.createUser('dave'));
    const clash = w.provisioningClash('dave');
    w.clock.set(w.at(3720));

    const late = await w.deliver(clash);

    expect(provisioning.report.outcome).toBe('Provisioned');
    expect(late.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'NothingToDo', actions: [] });
    expectProvisioned(w);
  });

  test('a device orgmfa has no record of: first seen now, the workflow waits the enrolment window, then deletes it and provisions', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const w = staleWorld({ fixture });
    const stillThere: (string | undefined)[] = [];
    w.clock.schedule(new Date(w.at(0).getTime() + WINDOW_MS - 1000), () => {
      stillThere.push(w.device('dave')?.seed);
    });

    const run = await w.deliver(await w.createUser('dave'));

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Provisioned',
      actions: [deleted, provisioned(w.userId('dave'))],
    });
    expect(waited(run)).toBe(true);
    expect(stillThere).toEqual(['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ']);
    expect(w.clock.now().getTime() - w.at(0).getTime()).toBe(WINDOW_MS);
    expectProvisioned(w, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
  });

  test('a device someone else created and left unassigned for longer than the window: deleted at once', async () => {
    const w = staleWorld();
    await w.deliver((await w.create(w.user('alice'), 'dave')).event);
    w.clock.set(w.at(20 * 60));

    const run = await w.deliver(await w.createUser('dave'));

    expect(run.report).toMatchObject({
      outcome: 'Provisioned',
      actions: [deleted, provisioned(w.userId('dave'))],
    });
    expect(waited(run)).toBe(false);
    expectProvisioned(w);
  });

  test('someone enrolling a device of that name a minute ago: not deleted before the window, the user provisioned after it', async () => {
    const w = staleWorld();
    const bobs = await w.create(w.user('bob'), 'dave');
    if (!bobs.created) throw new Error('bob could not create the device');
    await w.deliver(bobs.event);
    w.clock.set(w.at(60));
    const stillThere: (string | undefined)[] = [];
    w.clock.schedule(w.at(14 * 60 + 59), () => {
      stillThere.push(w.device('dave')?.seed);
    });

    const run = await w.deliver(await w.createUser('dave'));

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Provisioned',
      actions: [deleted, provisioned(w.userId('dave'))],
    });
    expect(stillThere).toEqual([bobs.seed]);
    // Bob's device was unassigned since its creation at 09:00: the wait ends at 09:15 exactly.
    expect(w.clock.now()).toEqual(w.at(15 * 60));
    expectProvisioned(w, bobs.seed);
  });

  test('the person enrolling finishes during the wait (the device is now theirs): ProvisioningFailed naming the device, nothing deleted', async () => {
    const w = staleWorld();
    const bob = w.user('bob');
    const bobs = await w.create(bob, 'dave');
    if (!bobs.created) throw new Error('bob could not create the device');
    await w.deliver(bobs.event);
    w.clock.set(w.at(60));
    w.clock.schedule(
      w.at(5 * 60),
      async () => void (await w.deliver(await w.enable(bob, 'bob', 'dave', bobs.seed))),
    );

    const run = await w.deliver(await w.createUser('dave'));

    expect(waited(run)).toBe(true);
    expect(run.report.status).toBe('FAILED');
    expect(run.report.error).toBe(
      `ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to create the device (DeviceInTheWay: the virtual MFA device ${SERIAL} has the name dave's device needs and is not unassigned: it is assigned to an IAM user, and orgmfa never removes an assigned device. Free the name (or set provisioning.deviceNameTemplate), then enrol an MFA device for dave); nothing had been created`,
    );
    expect(w.device('dave')).toMatchObject({ assignedTo: 'bob', seed: bobs.seed });
    expect(w.sim.calls.filter((c) => c.operation === 'DeleteVirtualMFADevice')).toEqual([]);
    expect(w.seeds()).toEqual([]);
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
  });

  test('a device of that name assigned to another user: ProvisioningFailed at once, nothing deleted, and with deleteUserOnFailure the new user is removed', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: 'alice',
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const w = staleWorld({ fixture, deleteUserOnFailure: true });

    const run = await w.deliver(await w.createUser('dave'));

    expect(waited(run)).toBe(false);
    expect(run.report.error).toMatch(
      new RegExp(
        `^ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to create the device \\(DeviceInTheWay: the virtual MFA device ${SERIAL} has the name dave's device needs and is not unassigned: .*\\); nothing had been created; the user was deleted \\(deleteUserOnFailure\\)$`,
      ),
    );
    expect(w.device('dave')).toMatchObject({ assignedTo: 'alice' });
    expect(calls(run).filter((c) => /^iam:(DeleteVirtualMFADevice|DeactivateMFADevice)$/.test(c))).toEqual(
      [],
    );
    expect(w.iamUser('dave')).toBeUndefined();
  });

  test('a device that cannot be proven abandoned before the deadline (the CreateUser event came 20 minutes late): ProvisioningFailed without waiting', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const w = staleWorld({ fixture });
    const created = await w.createUser('dave');
    w.clock.set(w.at(20 * 60));

    const run = await w.deliver(created);

    expect(waited(run)).toBe(false);
    expect(run.report.error).toBe(
      `ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to create the device (DeviceInTheWay: the virtual MFA device ${SERIAL} has the name dave's device needs and has not been proven abandoned in time: it could be deleted at 2026-11-21T09:35:00.000Z, after the 2026-11-21T09:30:00.000Z by which dave must have MFA (unassigned since 2026-11-21T09:20:00.000Z (created by an unknown principal): someone may be enrolling it until the enrolment window of 15 minutes has passed). Once nobody is enrolling it, delete it (orgmfa orphans clean --account ${PROD} --device ${SERIAL} --include-recent), then enrol an MFA device for dave); nothing had been created`,
    );
    expect(w.device('dave')).toMatchObject({ seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' });
  });
});

describe('the device in the way: its listing and its deletion throttled or denied', () => {
  /** A device of the new user's name that orgmfa has no record of: listed, waited out, then deleted. */
  function unknownDevice(): OrganizationFixture {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    return fixture;
  }
  const failedAt = `ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to create the device`;
  const session = `arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-provision-mfa`;
  const provisionWith = async (faults: Omit<FaultPlan, 'latencyMs'>) => {
    const w = staleWorld({ fixture: unknownDevice(), deleteUserOnFailure: true, faults });
    const run = await w.deliver(await w.createUser('dave'));
    return { w, run };
  };
  /** The stale device is still there, unassigned, with its own seed; no seed was stored for dave. */
  const expectStaleDeviceLeft = (w: StaleWorld) => {
    expect(w.device('dave')).toMatchObject({ assignedTo: null, seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' });
    expect(w.seeds()).toEqual([]);
  };

  test.each([
    ['the listing', 'ListVirtualMFADevices'],
    ['the deletion', 'DeleteVirtualMFADevice'],
  ])(
    '%s always throttled: retried by the workflow, then a counted ProvisioningFailed; the user kept',
    async (_what, operation) => {
      const { w, run } = await provisionWith({ throttle: [{ service: 'iam', operation, rate: 1 }] });

      expect(run.report.status).toBe('FAILED');
      expect(run.report.error).toBe(
        `${failedAt} (Throttled: iam:${operation} in ${PROD} was throttled by AWS); nothing had been created; the user was kept: Throttled is not a definitive failure, and a retry may succeed`,
      );
      // The Throttled retrier's 4 retries, all used.
      expect(
        run.execution.history.filter((e) => e.type === 'StateRetried' && e.state.name === 'ProvisionMfa'),
      ).toHaveLength(4);
      expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
      expect(w.iamUser('dave')).toBeDefined();
      expectStaleDeviceLeft(w);
    },
  );

  test.each([
    ['the listing', 'ListVirtualMFADevices'],
    ['the deletion', 'DeleteVirtualMFADevice'],
  ])(
    '%s throttled in a burst the workflow outlasts: the device replaced and the user provisioned',
    async (_what, operation) => {
      // One throttled call more than the SDK's 3 tries: the step fails once, the workflow retries it.
      const { w, run } = await provisionWith({
        throttle: [{ service: 'iam', operation, rate: 1, count: 4 }],
      });

      expect(run.report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Provisioned',
        actions: [deleted, provisioned(w.userId('dave'))],
      });
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      expectProvisioned(w, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    },
  );

  test.each([
    ['the listing', 'ListVirtualMFADevices'],
    ['the deletion', 'DeleteVirtualMFADevice'],
  ])(
    '%s denied: a counted ProvisioningFailed at once, the device left, the new user deleted (deleteUserOnFailure)',
    async (_what, operation) => {
      const { w, run } = await provisionWith({
        accessDenied: [{ accountId: PROD, service: 'iam', operation }],
      });

      expect(run.report.status).toBe('FAILED');
      expect(run.report.error).toBe(
        `${failedAt} (AccessDenied: User: ${session} is not authorized to perform: iam:${operation}); nothing had been created; the user was deleted (deleteUserOnFailure)`,
      );
      expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
      expect(w.iamUser('dave')).toBeUndefined();
      expectStaleDeviceLeft(w);
    },
  );
});

describe('the event path leaves a device that provisioning is replacing to it', () => {
  test('someone’s clash on the device while a provisioning execution holds its claim: nothing deleted, until the claim lapses', async () => {
    const w = staleWorld();
    const { backend } = w;
    await w.deliver((await w.create(w.user('alice'), 'dave')).event);
    w.clock.set(w.at(20 * 60));
    await updateDeviceRecord(
      { s3: backend.clients.s3(backend.hubScope('provisionMfa')), bucket: backend.stateBucket },
      PROD,
      (record) => withClaim(record, SERIAL, 'x1', w.clock.now()),
    );

    const run = await w.deliver((await w.create(w.user('bob'), 'dave')).event);

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'NothingToDo',
      reason: "orgmfa's provisioning (execution x1) is replacing the device until 2026-11-21T09:23:00.000Z",
      actions: [],
    });
    expect(calls(run)).toEqual(['s3:GetObject']);
    expect(w.device('dave')).toBeDefined();
    // Once it has lapsed, the orphan rule decides as ever: alice's device, unassigned for 23 minutes.
    w.clock.set(w.at(23 * 60));
    const later = await w.deliver((await w.create(w.user('bob'), 'dave')).event);
    expect(later.report).toMatchObject({ outcome: 'Deleted' });
  });
});

describe('duplicate and concurrent deliveries alongside a stale device: exactly one device', () => {
  const oneDevice = (w: StaleWorld, runs: readonly EventRun[]) => {
    expect(runs.every((r) => r.report.status === 'SUCCEEDED')).toBe(true);
    expect(runs.map((r) => r.report.outcome).sort()).toEqual(['Provisioned', 'Skipped', 'Skipped']);
    expect(w.sim.account(PROD)!.iam.virtualMfaDevices.filter((d) => d.name === 'dave')).toHaveLength(1);
    expect(w.seeds().filter((p) => p.name === `/orgmfa/seed/${w.userId('dave')}`)).toHaveLength(1);
    expectProvisioned(w);
  };

  test('the old provisioned device (deleted at once): two deliveries at the same moment, a third later', async () => {
    const w = staleWorld();
    await formerDaveProvisioned(w);
    w.clock.set(w.at(3660));
    const created = await w.createUser('dave');

    const both = await Promise.all([w.deliver(created), w.deliver(structuredClone(created))]);
    const third = await w.deliver(structuredClone(created));

    oneDevice(w, [...both, third]);
    expect(both.flatMap((r) => r.report.actions).filter((a) => a.type === 'SkipProvisioning')).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/provisioned by orgmfa for this user|already has an MFA device/),
      }),
    ]);
  });

  test('a device orgmfa has no record of (both executions wait): two deliveries at the same moment, a third later', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    const w = staleWorld({ fixture });
    const created = await w.createUser('dave');

    const both = await Promise.all([w.deliver(created), w.deliver(structuredClone(created))]);
    const third = await w.deliver(structuredClone(created));

    oneDevice(w, [...both, third]);
    expect(both.every(waited)).toBe(true);
  });
});

describe('deliveries racing for a stale device, under random latency: one replaces it, the others wait or skip', () => {
  /**
   * The workflow's Wait states move the simulation's one virtual clock for every execution at once, so
   * racing executions are run here as the workflow would run their ProvisionMfa steps, with calls that
   * take 0 to 30 ms in a random (seeded) order, and the waiting ones' next round run once the claim has
   * lapsed, as their Wait state would.
   */
  const deps = (w: StaleWorld) => {
    const { backend } = w;
    return {
      settings: backend.settings,
      clients: backend.clients,
      log: new CollectingLog(),
      metrics: new CollectingMetrics(),
      hub: backend.hubScope('provisionMfa'),
      provisioning: backend.provisioning,
      stateBucket: backend.stateBucket,
      compliance: backend.compliance,
      clock: backend.clock,
      sleep: backend.sleep,
    };
  };
  const step = (w: StaleWorld, execution: string, user: unknown = undefined) =>
    provisionMfa(deps(w), {
      user: user ?? { accountId: PROD, partition: 'aws', userName: 'dave', cloudTrailEventId: 'e1' },
      retryCount: 0,
      throttledRetries: 4,
      execution,
    });

  /** dave re-created at 10:00; the device named dave has been unassigned since 09:00, as orgmfa's record knows. */
  async function staleForAnHour(latencyMs: () => number) {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: null,
      seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    });
    let lists = 0;
    const w = staleWorld({
      fixture,
      latencyMs: (...call: Parameters<NonNullable<FaultPlan['latencyMs']>>) =>
        call[1] === 'ListVirtualMFADevices' && lists++ > 0 ? 150 : latencyMs(),
    });
    const { backend } = w;
    await updateDeviceRecord(
      { s3: backend.clients.s3(backend.hubScope('cleanUpOrphan')), bucket: backend.stateBucket },
      PROD,
      (record) =>
        applyFacts(
          record,
          SERIAL,
          [{ kind: 'listed', unassigned: true, at: w.at(0).toISOString() }],
          w.at(0),
        ),
    );
    w.clock.set(w.at(3600));
    await w.createUser('dave');
    return w;
  }

  /** The racers' first steps, then the next round of those that wait, once the claim has lapsed. */
  async function race(w: StaleWorld, executions: readonly string[]) {
    const first = await Promise.all(executions.map((x) => step(w, x)));
    w.clock.set(w.at(3600 + 10 * 60));
    const again = await Promise.all(
      first.flatMap((r, i) => (r.recheck === null ? [] : [step(w, executions[i]!, r.recheck)])),
    );
    return { first, again };
  }

  function expectOneReplacement(
    w: StaleWorld,
    runs: { first: ProvisioningResult[]; again: ProvisioningResult[] },
  ) {
    const outcomes = [...runs.first, ...runs.again].map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'Provisioned')).toHaveLength(1);
    expect(outcomes.filter((o) => !['Provisioned', 'Skipped', 'Waiting'].includes(o))).toEqual([]);
    expect(runs.again.map((r) => r.outcome)).toEqual(runs.again.map(() => 'Skipped'));
    expect(w.sim.account(PROD)!.iam.virtualMfaDevices.filter((d) => d.name === 'dave')).toHaveLength(1);
    expectProvisioned(w, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(
      w.sim.calls.filter((c) => c.operation === 'DeleteVirtualMFADevice' && c.error === undefined),
    ).toHaveLength(1);
  }

  test('the second delivery’s listing answers late, after the first one created the new device: its claim lost, it never lists, never deletes that device', async () => {
    const w = await staleForAnHour(() => 1);

    const runs = await race(w, ['x1', 'x2']);

    expect(runs.first.map((r) => r.outcome).sort()).toEqual(['Provisioned', 'Waiting']);
    expect(runs.first.find((r) => r.outcome === 'Waiting')?.reason).toMatch(
      /^waiting until 2026-11-21T10:04:00\.000Z to decide again on arn:aws:iam::222222222222:mfa\/dave, which is in the way: orgmfa's provisioning \(execution x[12]\) is replacing the device until 2026-11-21T10:03:00\.000Z$/,
    );
    expectOneReplacement(w, runs);
  });

  test.each([1, 2, 3, 4, 5, 6])(
    'three deliveries with calls taking 0 to 30 ms in a random order (seed %i): one replaces the device',
    async (seed) => {
      let state = seed * 7919;
      const jitter = () => {
        state = (state * 48271) % 2147483647;
        return Math.floor((state / 2147483647) * 30);
      };
      const w = await staleForAnHour(jitter);

      expectOneReplacement(w, await race(w, ['x1', 'x2', 'x3']));
    },
  );
});
