import { LATE_CREATION_GRACE_MS } from '../../functions/core/device-evidence';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import type { EventRun } from '../../local/runner/event-run';
import { orgFixture, projectConfig } from '../helpers/simulated-org';
import { orphanWorld, PROD } from '../helpers/orphan-world';

/**
 * The orphan rule end to end: people calling the simulated IAM, the CloudTrail events their calls
 * produce delivered (in order, out of order, twice, or not at all) through the real event workflow
 * (ASL, handlers, the hub's device record), on a virtual clock whose Wait states cost nothing.
 */

const WINDOW_MS = 15 * 60_000;

const deletions = (runs: readonly EventRun[]) =>
  runs.flatMap((run) => run.report.actions.filter((a) => a.type === 'DeleteVirtualMFADevice'));
const calls = (run: EventRun) => run.report.apiCalls.map((c) => `${c.service}:${c.operation}`);
const waited = (run: EventRun) =>
  run.execution.history.some((e) => e.type === 'StateEntered' && e.state.name === 'WaitForEnrolmentWindow');

describe("the attack: alice cannot get bob's in-progress enrolment deleted (real ASL, simulated organization)", () => {
  /**
   * bob starts enrolling bob-new at the start; alice, allowed to call CreateVirtualMFADevice on mfa/*,
   * calls it with the same name 20 seconds later and gets EntityAlreadyExists. Each case delivers the
   * events in another order and timing; bob enables his device within the enrolment window.
   */
  type Order = (world: ReturnType<typeof orphanWorld>, events: Events) => Promise<EventRun[]>;
  interface Events {
    readonly created: Record<string, unknown>;
    readonly clash: Record<string, unknown>;
    /** bob enables bob-new (now) and returns the EnableMFADevice event. */
    readonly enable: () => Promise<Record<string, unknown>>;
  }

  const orders: [string, Order][] = [
    [
      'creation event first; alice clashes; bob enables 3 minutes into the wait',
      async (w, e) => {
        const runs = [await w.deliver(e.created)];
        w.clock.schedule(w.at(200), async () => void runs.push(await w.deliver(await e.enable())));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
    [
      "alice's clash arrives before bob's creation event, which arrives a minute later",
      async (w, e) => {
        const runs: EventRun[] = [];
        w.clock.schedule(w.at(80), async () => void runs.push(await w.deliver(e.created)));
        w.clock.schedule(w.at(300), async () => void runs.push(await w.deliver(await e.enable())));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
    [
      "bob's creation event is lost",
      async (w, e) => {
        const runs: EventRun[] = [];
        w.clock.schedule(w.at(400), async () => void runs.push(await w.deliver(await e.enable())));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
    [
      "bob enables before alice's clash is processed (her event is late)",
      async (w, e) => {
        const runs = [await w.deliver(e.created)];
        w.clock.set(w.at(60));
        runs.push(await w.deliver(await e.enable()));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
    [
      "bob's EnableMFADevice event is lost: the fresh listing before any deletion still protects him",
      async (w, e) => {
        const runs = [await w.deliver(e.created)];
        w.clock.schedule(w.at(500), async () => void (await e.enable()));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
    [
      'alice clashes 20 times (and each clash is delivered twice) while bob takes 14 minutes',
      async (w, e) => {
        const runs = [await w.deliver(e.created)];
        for (let i = 1; i <= 20; i++) {
          w.clock.schedule(w.at(20 + i * 30), async () => {
            const again = await w.create(w.user('alice'), 'bob-new');
            runs.push(await w.deliver(again.event), await w.deliver(structuredClone(again.event)));
          });
        }
        w.clock.schedule(w.at(14 * 60), async () => void runs.push(await w.deliver(await e.enable())));
        runs.push(await w.deliver(e.clash));
        return runs;
      },
    ],
  ];

  test.each(orders)('%s: the device survives and bob has MFA', async (_, order) => {
    const w = orphanWorld();
    const bob = w.user('bob');
    const bobStarts = await w.create(bob, 'bob-new');
    if (!bobStarts.created) throw new Error('bob could not start enrolling');
    w.clock.set(w.at(20));
    const alice = await w.create(w.user('alice'), 'bob-new');
    expect(alice.created).toBe(false);

    const runs = await order(w, {
      created: bobStarts.event,
      clash: alice.event,
      enable: () => w.enable(bob, 'bob', 'bob-new', bobStarts.seed),
    });

    expect(runs.every((run) => run.report.status === 'SUCCEEDED')).toBe(true);
    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
    expect(w.sim.calls.filter((c) => c.operation === 'DeleteVirtualMFADevice')).toEqual([]);
  });

  test('a flood of duplicate clashes while a wait is recorded costs no Organizations, STS or IAM call', async () => {
    const w = orphanWorld();
    const bobStarts = await w.create(w.user('bob'), 'bob-new');
    await w.deliver(bobStarts.event);
    const alice = await w.create(w.user('alice'), 'bob-new');
    const duplicates: EventRun[] = [];
    w.clock.schedule(w.at(5), async () => {
      for (let i = 0; i < 50; i++) duplicates.push(await w.deliver(structuredClone(alice.event)));
    });

    await w.deliver(alice.event);

    expect(duplicates).toHaveLength(50);
    expect(duplicates.flatMap(calls)).toEqual(Array(50).fill('s3:GetObject'));
    expect(duplicates.every((run) => run.report.outcome === 'NothingToDo')).toBe(true);
  });
});

describe('the honest cases still work', () => {
  test('the same user cancels and retries: the orphan is deleted within that one event, and the retry works', async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    const first = await w.create(alice, 'alice-tablet');
    await w.deliver(first.event);
    w.clock.set(w.at(25));
    const retry = await w.create(alice, 'alice-tablet');

    const run = await w.deliver(retry.event);

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Deleted',
      reason: `created by arn:aws:iam::${PROD}:user/alice at 2026-11-21T09:00:00.000Z, whose retry failed at 2026-11-21T09:00:25.000Z`,
      actions: [
        {
          type: 'DeleteVirtualMFADevice',
          accountId: PROD,
          serialNumber: `arn:aws:iam::${PROD}:mfa/alice-tablet`,
        },
      ],
    });
    expect(waited(run)).toBe(false);
    expect(w.clock.now()).toEqual(w.at(25));
    const third = await w.create(alice, 'alice-tablet');
    if (!third.created) throw new Error('the retry failed');
    await w.enable(alice, 'alice', 'alice-tablet', third.seed);
    expect(w.device('alice-tablet')).toMatchObject({ assignedTo: 'alice' });
  });

  test('the orphan path: 5 billed transitions, and 5 sequential AWS calls of which the device record is 2', async () => {
    const w = orphanWorld({ faults: { faults: { latencyMs: () => 25 } } });
    const alice = w.user('alice');
    await w.deliver((await w.create(alice, 'alice-tablet')).event);
    const retry = await w.create(alice, 'alice-tablet');
    const before = w.backend.recorder.calls.length;

    const run = await w.deliver(retry.event);

    expect(run.report.stateTransitions).toBe(5);
    // In the order they ended; the three in the middle run at once.
    expect(calls(run).slice(0, 1)).toEqual(['s3:GetObject']);
    expect(calls(run).slice(1, 4).sort()).toEqual([
      'organizations:DescribeAccount',
      // Beside the membership check, this environment's first: the sweep's view of the organization
      // (none here), read at most once a minute, for the checks after this one.
      's3:GetObject',
      'sts:AssumeRole',
    ]);
    expect(calls(run).slice(4)).toEqual([
      'iam:ListVirtualMFADevices',
      'iam:DeleteVirtualMFADevice',
      's3:PutObject',
    ]);
    w.backend.recorder.calls.splice(0, before);
    expect(w.backend.recorder.criticalPathLength()).toBe(5);
  });

  test('another administrator clashing with the device an administrator created for bob waits out the window', async () => {
    const w = orphanWorld();
    const ann = w.admin('ann@example.com');
    await w.deliver((await w.create(ann, 'bob-work')).event);
    w.clock.set(w.at(40));

    const byBen = await w.deliver((await w.create(w.admin('ben@example.com'), 'bob-work')).event);

    // Ben is another principal: his clash waits out the window (nobody enabled bob-work meanwhile, so it
    // is then deleted as abandoned), it does not delete at once.
    expect(waited(byBen)).toBe(true);
    expect(byBen.report).toMatchObject({
      outcome: 'Deleted',
      reason: 'unassigned since 2026-11-21T09:00:00.000Z, for the enrolment window of 15 minutes or longer',
    });
    expect(w.clock.now().getTime() - w.at(0).getTime()).toBe(WINDOW_MS);
  });

  test('an administrator creates a device for another user, cancels and retries: deleted at once, the session named as the creator', async () => {
    const w = orphanWorld();
    const ann = w.admin('ann@example.com');
    await w.deliver((await w.create(ann, 'bob-work')).event);
    w.clock.set(w.at(40));

    const run = await w.deliver((await w.create(ann, 'bob-work')).event);

    expect(run.report).toMatchObject({
      outcome: 'Deleted',
      reason: expect.stringContaining(
        `created by arn:aws:sts::${PROD}:assumed-role/AWSReservedSSO_AdministratorAccess_0a1b2c3d/ann@example.com`,
      ),
    });
    expect(waited(run)).toBe(false);
  });

  test('a device of unknown origin is deleted once it is proven unassigned for the enrolment window, not before', async () => {
    // alice-phone exists unassigned in the fixture; orgmfa has never seen it.
    const w = orphanWorld();
    const clash = await w.create(w.user('alice'), 'alice-phone');

    const run = await w.deliver(clash.event);

    expect(run.report).toMatchObject({
      outcome: 'Deleted',
      reason: expect.stringMatching(/^unassigned since 2026-11-21T09:00:00.000Z/),
    });
    expect(waited(run)).toBe(true);
    expect(w.clock.now().getTime() - w.at(0).getTime()).toBe(WINDOW_MS);
    expect(w.device('alice-phone')).toBeUndefined();
  });

  test('a device the record proves unassigned for longer than the window is deleted at once, for anyone', async () => {
    const w = orphanWorld();
    const bobStarts = await w.create(w.user('bob'), 'bob-new');
    await w.deliver(bobStarts.event);
    w.clock.set(w.at(3600));

    const run = await w.deliver((await w.create(w.user('alice'), 'bob-new')).event);

    expect(run.report).toMatchObject({
      outcome: 'Deleted',
      reason: 'unassigned since 2026-11-21T09:00:00.000Z, for the enrolment window of 15 minutes or longer',
    });
    expect(waited(run)).toBe(false);
  });

  test('duplicate deliveries: a second clash event and a second creation event change nothing and cost one S3 read', async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    const created = await w.create(alice, 'alice-tablet');
    await w.deliver(created.event);
    const retry = await w.create(alice, 'alice-tablet');
    await w.deliver(retry.event);
    const record = () => JSON.stringify(w.sim.account('111111111111')!.s3);
    const before = record();

    const again = await w.deliver(structuredClone(retry.event));
    const createdAgain = await w.deliver(structuredClone(created.event));

    expect(again.report).toMatchObject({
      outcome: 'NothingToDo',
      reason: expect.stringMatching(/^the device this clash met was deleted at /),
    });
    expect(calls(again)).toEqual(['s3:GetObject']);
    expect(calls(createdAgain)).toEqual(['s3:GetObject']);
    expect(record()).toBe(before);
  });

  test("out of order: alice's retry arrives before her creation event; learnt late, her creation deletes the orphan once the 5-minute grace for a late deletion of an earlier device is over", async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    const created = await w.create(alice, 'alice-tablet');
    w.clock.set(w.at(10));
    const retry = await w.create(alice, 'alice-tablet');
    const late: EventRun[] = [];
    w.clock.schedule(w.at(12), async () => {
      late.push(await w.deliver(created.event));
    });
    const present: [string, boolean][] = [];
    for (const [label, at] of [
      ['before the grace', w.at(12 + LATE_CREATION_GRACE_MS / 1000 - 2)],
      ['after the grace', w.at(12 + LATE_CREATION_GRACE_MS / 1000 + 2)],
    ] as const) {
      w.clock.schedule(at, () => {
        present.push([label, w.device('alice-tablet') !== undefined]);
        return Promise.resolve();
      });
    }

    const waiting = await w.deliver(retry.event);

    expect(late[0]!.report).toMatchObject({
      outcome: 'Deleted',
      reason: `created by arn:aws:iam::${PROD}:user/alice at 2026-11-21T09:00:00.000Z, whose retry failed at 2026-11-21T09:00:10.000Z`,
    });
    // The creation event's execution waited the grace (from its arrival at 12 s), then deleted.
    expect(present).toEqual([
      ['before the grace', true],
      ['after the grace', false],
    ]);
    expect(waiting.report.actions).toEqual([]);
    expect(w.device('alice-tablet')).toBeUndefined();
  });

  test('the creation event lost: the orphan is deleted once the enrolment window has passed', async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    await w.create(alice, 'alice-tablet');
    w.clock.set(w.at(10));

    const run = await w.deliver((await w.create(alice, 'alice-tablet')).event);

    expect(run.report).toMatchObject({ outcome: 'Deleted' });
    expect(w.clock.now().getTime() - w.at(10).getTime()).toBe(WINDOW_MS);
  });

  test('GIVEN the device was enabled before the workflow ran THEN the assigned device is left alone', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = 'alice';
    const w = orphanWorld({ fixture });

    const run = await w.deliver((await w.create(w.user('alice'), 'alice-phone')).event);

    expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'NothingToDo', actions: [] });
    expect(calls(run).filter((c) => /^iam:(Delete|Deactivate)/.test(c))).toEqual([]);
    expect(w.device('alice-phone')).toMatchObject({ assignedTo: 'alice' });
  });

  test('GIVEN an account without the member role THEN the workflow fails naming the account, and nothing changes', async () => {
    const w = orphanWorld();
    const event = (await w.create(w.user('alice'), 'alice-phone')).event;
    const detail = event.detail as Record<string, unknown>;
    const sandbox = {
      ...event,
      account: '333333333333',
      detail: {
        ...detail,
        recipientAccountId: '333333333333',
        userIdentity: { ...(detail.userIdentity as object), arn: 'arn:aws:iam::333333333333:user/carol' },
        requestParameters: { virtualMFADeviceName: 'carol', path: '/' },
      },
    };

    const run = await w.deliver(sandbox);

    expect(run.report.status).toBe('FAILED');
    expect(run.report.error).toBe(
      'MemberRoleUnavailable: cannot assume the orgmfa member role in account 333333333333: deploy the member stack there or check its trust policy',
    );
    expect(calls(run).filter((c) => c.startsWith('iam:'))).toEqual([]);
    expect(w.device('alice-phone')).toMatchObject({ assignedTo: null });
  });

  test('GIVEN IAM and STS throttle 40% of calls THEN the retries still delete the orphan, once', async () => {
    const w = orphanWorld({
      config: projectConfig(),
      faults: {
        faults: {
          throttle: [
            { service: 'iam', rate: 0.4 },
            { service: 'sts', rate: 0.4 },
          ],
          seed: 3,
        },
      },
    });
    const alice = w.user('alice');
    let created = await w.create(alice, 'alice-tablet');
    while (!created.created) created = await w.create(alice, 'alice-tablet');
    await w.deliver(created.event);
    let retry = await w.create(alice, 'alice-tablet');
    while (retry.created) retry = await w.create(alice, 'alice-tablet');

    const run = await w.deliver(retry.event);

    expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Deleted' });
    expect(w.sim.calls.filter((c) => c.error === 'Throttling').length).toBeGreaterThan(0);
    expect(
      w.sim.calls.filter((c) => c.operation === 'DeleteVirtualMFADevice' && c.error === undefined),
    ).toHaveLength(1);
    expect(w.device('alice-tablet')).toBeUndefined();
  });
});

describe('stale evidence gives nobody a creator’s right to someone else’s device', () => {
  test("alice created and deleted bob-phone; bob's own creation event is lost, he enables it and a day later deactivates it: alice's clash deletes nothing at once", async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    const bob = w.user('bob');
    const runs: EventRun[] = [];
    runs.push(await w.deliver((await w.create(alice, 'bob-phone')).event));
    w.clock.set(w.at(5));
    runs.push(await w.deliver(await w.remove(alice, 'bob-phone')));
    w.clock.set(w.at(600));
    const bobs = await w.create(bob, 'bob-phone'); // its creation event is lost
    if (!bobs.created) throw new Error('bob could not create bob-phone');
    w.clock.set(w.at(630));
    runs.push(await w.deliver(await w.enable(bob, 'bob', 'bob-phone', bobs.seed)));
    w.clock.set(w.at(86_400));
    runs.push(await w.deliver(await w.deactivate(bob, 'bob', 'bob-phone')));
    w.clock.set(w.at(86_420));
    const clash = await w.create(alice, 'bob-phone');
    w.clock.schedule(w.at(86_500), async () => {
      runs.push(await w.deliver(await w.enable(bob, 'bob', 'bob-phone', bobs.seed)));
    });
    runs.push(await w.deliver(clash.event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-phone')).toMatchObject({ assignedTo: 'bob' });
  });
});

describe('alice created bob-new, an administrator deleted it, bob is enrolling his own bob-new, alice clashes: no order of the events deletes it', () => {
  async function setUp() {
    const w = orphanWorld();
    const alice = w.user('alice');
    const bob = w.user('bob');
    const admin = w.admin('carol@example.com');
    const alices = await w.create(alice, 'bob-new');
    if (!alices.created) throw new Error('alice could not create bob-new');
    w.clock.set(w.at(5));
    const deletion = await w.remove(admin, 'bob-new');
    w.clock.set(w.at(10));
    const bobs = await w.create(bob, 'bob-new');
    if (!bobs.created) throw new Error('bob could not create bob-new');
    w.clock.set(w.at(12));
    const clash = await w.create(alice, 'bob-new');
    // bob finishes enrolling within the window.
    w.clock.schedule(w.at(120), async () => {
      await w.deliver(await w.enable(bob, 'bob', 'bob-new', bobs.seed));
    });
    return { w, alices, deletion, bobs, clash };
  }

  test('the deletion first (of a device the record does not know yet), then her creation, her clash, bob’s creation', async () => {
    const { w, alices, deletion, bobs, clash } = await setUp();
    const runs: EventRun[] = [];
    for (const event of [deletion, alices.event, clash.event, bobs.event]) runs.push(await w.deliver(event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
  });

  test('her creation and the deletion delivered, bob’s creation lost, her creation delivered again while her clash waits', async () => {
    const { w, alices, deletion, clash } = await setUp();
    const runs: EventRun[] = [];
    runs.push(await w.deliver(alices.event));
    runs.push(await w.deliver(deletion));
    w.clock.schedule(w.at(70), async () => void runs.push(await w.deliver(structuredClone(alices.event))));
    runs.push(await w.deliver(clash.event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
  });

  test('her clash first; the deletion, then her creation, then bob’s creation, all after it', async () => {
    const { w, alices, deletion, bobs, clash } = await setUp();
    const runs: EventRun[] = [];
    w.clock.schedule(w.at(40), async () => void runs.push(await w.deliver(deletion)));
    w.clock.schedule(w.at(45), async () => void runs.push(await w.deliver(alices.event)));
    w.clock.schedule(w.at(60), async () => void runs.push(await w.deliver(bobs.event)));
    runs.push(await w.deliver(clash.event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
  });

  test('her clash first; her creation 28 s later, the deletion 48 s later, bob’s creation after them', async () => {
    const { w, alices, deletion, bobs, clash } = await setUp();
    const runs: EventRun[] = [];
    w.clock.schedule(w.at(40), async () => void runs.push(await w.deliver(alices.event)));
    w.clock.schedule(w.at(60), async () => void runs.push(await w.deliver(deletion)));
    w.clock.schedule(w.at(80), async () => void runs.push(await w.deliver(bobs.event)));
    runs.push(await w.deliver(clash.event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
  });

  test('in order, with a sweep between the deletion and bob’s creation, then her creation delivered again', async () => {
    const w = orphanWorld();
    const alice = w.user('alice');
    const bob = w.user('bob');
    const runs: EventRun[] = [];
    const alices = await w.create(alice, 'bob-new');
    if (!alices.created) throw new Error('alice could not create bob-new');
    runs.push(await w.deliver(alices.event));
    w.clock.set(w.at(5));
    runs.push(await w.deliver(await w.remove(w.admin('carol'), 'bob-new')));
    w.clock.set(w.at(7));
    await runSweepWorkflow(w.backend, { sweepId: 'between' });
    w.clock.set(w.at(10));
    const bobs = await w.create(bob, 'bob-new');
    if (!bobs.created) throw new Error('bob could not create bob-new');
    w.clock.set(w.at(12));
    const clash = await w.create(alice, 'bob-new');
    w.clock.schedule(w.at(120), async () => {
      runs.push(await w.deliver(await w.enable(bob, 'bob', 'bob-new', bobs.seed)));
    });
    runs.push(await w.deliver(structuredClone(alices.event)));
    runs.push(await w.deliver(clash.event));
    runs.push(await w.deliver(bobs.event));

    expect(deletions(runs)).toEqual([]);
    expect(w.device('bob-new')).toMatchObject({ assignedTo: 'bob' });
  });
});
