import { CreateVirtualMFADeviceCommand, TagMFADeviceCommand } from '@aws-sdk/client-iam';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { orphanWorld, PROD } from '../helpers/orphan-world';
import { orgFixture } from '../helpers/simulated-org';

/**
 * The sweep's proof of an orphan's age (ORGMFA.3, and deletion after the grace period of 24 hours)
 * comes from orgmfa's own record in the hub, never from a tag: the real sweep workflow over the
 * simulated organization, with the people and events of the event-path scenarios.
 */

const HOUR_S = 3600;
const SERIAL = (name: string) => `arn:aws:iam::${PROD}:mfa/${name}`;

/** The three-account organization with Security Hub on everywhere, so every account can be swept. */
function world() {
  const fixture = orgFixture();
  for (const account of fixture.accounts) account.securityHub = { enabled: true, findings: [] };
  // alice-phone, unassigned in the fixture, is not the subject here.
  fixture.accounts[1]!.iam.virtualMfaDevices = fixture.accounts[1]!.iam.virtualMfaDevices.filter(
    (d) => d.name !== 'alice-phone',
  );
  return orphanWorld({ fixture });
}

/** The ORGMFA.3 finding of a device in PROD's Security Hub, if any. */
function orphanFinding(w: ReturnType<typeof world>, name: string) {
  return (w.sim.account(PROD)!.securityHub?.findings ?? []).find(
    (f) =>
      (f as { GeneratorId: string }).GeneratorId === 'orgmfa/ORGMFA.3' &&
      JSON.stringify(f).includes(SERIAL(name)),
  ) as { Compliance: { Status: string }; Description: string } | undefined;
}

let sweeps = 0;
const sweep = (w: ReturnType<typeof world>) => runSweepWorkflow(w.backend, { sweepId: `s${++sweeps}` });

describe('the sweep: an orphan’s age cannot be forged or go stale', () => {
  test('GIVEN a user tags an unassigned device orgmfa:first-seen 2020 THEN the sweep ignores the tag: first seen now, deleted only 24 h later', async () => {
    const w = world();
    const alice = w.user('alice');
    await alice.iam.send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: 'bait',
        Tags: [{ Key: 'orgmfa:first-seen', Value: '2020-01-01T00:00:00.000Z' }],
      }),
    );
    await alice.iam.send(
      new TagMFADeviceCommand({
        SerialNumber: SERIAL('bait'),
        Tags: [{ Key: 'orgmfa:first-seen', Value: '2019-01-01T00:00:00Z' }],
      }),
    );

    const first = await sweep(w);

    expect(first.report.orphansDeleted).toBe(0);
    expect(w.device('bait')).toBeDefined();
    expect(orphanFinding(w, 'bait')).toBeUndefined();
    w.clock.set(w.at(23 * HOUR_S));
    expect((await sweep(w)).report.orphansDeleted).toBe(0);
    w.clock.set(w.at(25 * HOUR_S));
    expect((await sweep(w)).report.orphansDeleted).toBe(1);
    expect(w.device('bait')).toBeUndefined();
  });

  test('GIVEN a device seen by a sweep while being enrolled, enabled, then deactivated a month later THEN its age starts at the deactivation', async () => {
    const w = world();
    const bob = w.user('bob');
    const created = await w.create(bob, 'bob-old');
    if (!created.created) throw new Error('not created');
    await w.deliver(created.event);
    w.clock.set(w.at(60));
    await sweep(w); // bob is still enrolling: the sweep sees bob-old unassigned
    w.clock.set(w.at(120));
    await w.deliver(await w.enable(bob, 'bob', 'bob-old', created.seed));
    await sweep(w);
    w.clock.set(w.at(30 * 24 * HOUR_S));
    await w.deliver(await w.deactivate(bob, 'bob', 'bob-old'));

    w.clock.set(w.at(30 * 24 * HOUR_S + 300));
    expect((await sweep(w)).report.orphansDeleted).toBe(0);
    expect(w.device('bob-old')).toMatchObject({ assignedTo: null });

    w.clock.set(w.at(31 * 24 * HOUR_S + 600));
    expect((await sweep(w)).report.orphansDeleted).toBe(1);
  });

  test('GIVEN the deactivation event lost THEN the sweep that sees the device unassigned starts its age, having reset it when it saw it assigned', async () => {
    const w = world();
    const bob = w.user('bob');
    const created = await w.create(bob, 'bob-old');
    if (!created.created) throw new Error('not created');
    await w.deliver(created.event);
    await sweep(w); // bob is still enrolling: the sweep sees bob-old unassigned
    w.clock.set(w.at(60));
    await w.enable(bob, 'bob', 'bob-old', created.seed); // its event lost too
    w.clock.set(w.at(120));
    await sweep(w); // sees it assigned: the age recorded at its creation is reset
    w.clock.set(w.at(30 * 24 * HOUR_S));
    await w.deactivate(bob, 'bob', 'bob-old'); // event lost

    w.clock.set(w.at(30 * 24 * HOUR_S + 300));
    expect((await sweep(w)).report.orphansDeleted).toBe(0);
    w.clock.set(w.at(30 * 24 * HOUR_S + 23 * HOUR_S));
    expect((await sweep(w)).report.orphansDeleted).toBe(0);
    w.clock.set(w.at(31 * 24 * HOUR_S + 600));
    expect((await sweep(w)).report.orphansDeleted).toBe(1);
  });

  test.each([
    ['its creation event delivered', { deletion: false, creation: true, sweepBetween: false }],
    ['only its deletion event delivered', { deletion: true, creation: false, sweepBetween: false }],
    [
      'no event delivered, but a sweep ran in between',
      { deletion: false, creation: false, sweepBetween: true },
    ],
  ])(
    'GIVEN an old orphan deleted and a device re-created under the same name (%s) THEN the new device gets its own age',
    async (_, delivered) => {
      const w = world();
      const alice = w.user('alice');
      const old = await w.create(alice, 'shared-name');
      await w.deliver(old.event);
      await sweep(w);
      w.clock.set(w.at(20 * HOUR_S));
      const removal = await w.remove(alice, 'shared-name');
      if (delivered.deletion) await w.deliver(removal);
      if (delivered.sweepBetween) await sweep(w);
      w.clock.set(w.at(25 * HOUR_S));
      const again = await w.create(w.user('bob'), 'shared-name');
      if (delivered.creation) await w.deliver(again.event);

      w.clock.set(w.at(25 * HOUR_S + 60));
      const result = await sweep(w);

      // The old device was unassigned for 25 hours; the new one for a minute: it is not deleted.
      expect(result.report.orphansDeleted).toBe(0);
      expect(w.device('shared-name')).toBeDefined();
    },
  );
});
