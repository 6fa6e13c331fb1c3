import { parseConfig } from '../../functions/core/config';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { MGMT, ROOT, treeOrg } from '../helpers/tree-org';

const NOW = new Date('2026-11-21T09:00:00Z');
const ACTIVE = '200000000000';
const SUSPENDED = '300000000001';

function backendWith(options: { cacheMinutes?: number; faults?: FaultPlan; sweepSchedule?: string } = {}) {
  const clock = new VirtualClock(NOW);
  const config = parseConfig({
    orgmfa: {
      organizationId: 'o-a1b2c3d4e5',
      managementAccountId: MGMT,
      hubRegion: 'us-east-1',
      targetOrganizationalUnitIds: [ROOT],
      eventFunctions: { membershipCacheMinutes: options.cacheMinutes ?? 15 },
      ...(options.sweepSchedule === undefined
        ? {}
        : { compliance: { sweepSchedule: options.sweepSchedule } }),
    },
  });
  const backend = simulatedBackend(treeOrg(), config, {
    clock,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  return { backend, clock };
}

/** pat's console password was created: an event the event path re-evaluates pat for. */
function passwordCreated(accountId: string) {
  return cloudTrailEvent({
    accountId,
    userName: 'admin',
    eventName: 'CreateLoginProfile',
    requestParameters: { userName: 'pat' },
    time: NOW,
  });
}

async function event(backend: Backend, accountId: string) {
  const { report } = await runEventWorkflow(backend, passwordCreated(accountId));
  return {
    report,
    organizations: report.apiCalls.filter((c) => c.service === 'organizations').map((c) => c.operation),
    inAccount: report.apiCalls.filter((c) => c.accountId === accountId),
  };
}

describe("the event path's membership check: a cached view of the organization", () => {
  test("GIVEN a sweep just listed the organization THEN, once an environment has read the sweep's view, events make no Organizations call (warm cache)", async () => {
    const { backend } = backendWith();
    await runSweepWorkflow(backend, { sweepId: 'listing' });

    // A new environment's first check asks Organizations, and reads the sweep's view beside it.
    const cold = await event(backend, ACTIVE);
    expect(cold.organizations).toEqual(['DescribeAccount']);
    expect(cold.report.apiCalls).toContainEqual({ service: 's3', operation: 'GetObject', accountId: MGMT });

    // Warm: this account again, and accounts it never described, all from the view.
    for (const accountId of [ACTIVE, '200000000001', '400000000001', '500000000001', MGMT]) {
      const warm = await event(backend, accountId);
      expect(warm.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated' });
      expect(warm.organizations).toEqual([]);
    }
  });

  test('GIVEN provisioning enabled by no OU THEN a CreateUser event on a warm cache makes no Organizations call either (no OU ancestry to walk)', async () => {
    const { backend } = backendWith();
    await runSweepWorkflow(backend, { sweepId: 'listing' });
    await event(backend, ACTIVE);

    const { report } = await runEventWorkflow(
      backend,
      cloudTrailEvent({
        accountId: '200000000001',
        userName: 'admin',
        eventName: 'CreateUser',
        requestParameters: { userName: 'newcomer' },
        responseElements: {
          user: {
            userName: 'newcomer',
            userId: 'AIDANEWCOMER00000001',
            arn: 'arn:aws:iam::200000000001:user/newcomer',
            path: '/',
            createDate: 'Nov 21, 2026 9:00:00 AM',
          },
        },
        time: NOW,
      }),
    );

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Skipped' });
    expect(report.apiCalls.filter((c) => c.service === 'organizations')).toEqual([]);
  });

  test('GIVEN no view yet THEN the first event asks Organizations once, the next ones within the TTL do not, and after the TTL it asks again', async () => {
    const { backend, clock } = backendWith();

    expect((await event(backend, ACTIVE)).organizations).toEqual(['DescribeAccount']);
    clock.set(new Date(NOW.getTime() + 14 * 60_000));
    expect((await event(backend, ACTIVE)).organizations).toEqual([]);
    clock.set(new Date(NOW.getTime() + 30 * 60_000));
    expect((await event(backend, ACTIVE)).organizations).toEqual(['DescribeAccount']);
  });

  test('GIVEN the cache switched off (0 minutes) THEN every event asks Organizations, as before the cache', async () => {
    const { backend } = backendWith({ cacheMinutes: 0 });
    await runSweepWorkflow(backend, { sweepId: 'listing' });

    expect((await event(backend, ACTIVE)).organizations).toEqual(['DescribeAccount']);
    expect((await event(backend, ACTIVE)).organizations).toEqual(['DescribeAccount']);
  });

  test('GIVEN the listing says SUSPENDED THEN the event is refused at once, with the reason it always had, and no call', async () => {
    const { backend } = backendWith();
    await runSweepWorkflow(backend, { sweepId: 'listing' });
    await event(backend, ACTIVE);
    const uncached = backendWith({ cacheMinutes: 0 }).backend;

    const cached = await event(backend, SUSPENDED);

    const before = await event(uncached, SUSPENDED);
    expect(cached.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Rejected',
      reason: `account ${SUSPENDED} is SUSPENDED, not ACTIVE`,
      actions: [],
    });
    expect(cached.report.reason).toBe(before.report.reason);
    expect(cached.report.apiCalls.filter((c) => c.service !== 's3')).toEqual([]);
  });

  test('GIVEN an account suspended after the listing (a stale cache) THEN the refused role assumption sends the check to Organizations: refused as before, nothing done there', async () => {
    const { backend } = backendWith();
    await runSweepWorkflow(backend, { sweepId: 'listing' });
    const account = backend.sim!.account(ACTIVE)!;
    account.status = 'SUSPENDED';
    const before = JSON.stringify(account);

    const run = await event(backend, ACTIVE);

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Rejected',
      reason: `account ${ACTIVE} is SUSPENDED, not ACTIVE`,
      actions: [],
    });
    expect(run.organizations).toEqual(['DescribeAccount']);
    expect(run.inAccount).toEqual([]);
    expect(JSON.stringify(account)).toBe(before);
    // And the cache learned it: the next event is refused without a call.
    expect((await event(backend, ACTIVE)).report.apiCalls.filter((c) => c.service !== 's3')).toEqual([]);
  });

  test('GIVEN an account that left the organization after the listing (a stale cache) THEN AWS refuses the role (aws:ResourceOrgID) and the check says why: not a member, nothing done', async () => {
    const { backend } = backendWith();
    await runSweepWorkflow(backend, { sweepId: 'listing' });
    backend.sim!.state.accounts = backend.sim!.state.accounts.filter((a) => a.id !== ACTIVE);

    const run = await event(backend, ACTIVE);

    expect(run.report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Rejected',
      reason: `account ${ACTIVE} is not a member of organization o-a1b2c3d4e5`,
      actions: [],
    });
    expect(run.organizations).toEqual(['DescribeAccount']);
    expect(run.inAccount).toEqual([]);
  });

  describe('between sweeps (rate(6 hours), 15-minute cache): ACTIVE accounts of the listing are trusted until the next listing', () => {
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    const reads = (report: { apiCalls: readonly { service: string; operation: string }[] }) =>
      report.apiCalls.filter((c) => c.service === 's3' && c.operation === 'GetObject').length;

    test('GIVEN the sweep listed the organization 1 h ago THEN an ACTIVE account never described makes no Organizations call, and the view is not downloaded again', async () => {
      const { backend, clock } = backendWith();
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);
      // What each event reads from S3 besides the view (its records), while the view was just read.
      const baseline = [
        reads((await event(backend, '200000000001')).report),
        reads((await event(backend, '999999999999')).report),
      ];

      for (const minutes of [20, 60, 61, 62, 300, 6 * 60 - 1]) {
        clock.set(at(minutes));
        const warm = await event(backend, '200000000001');
        expect(warm.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated' });
        expect(warm.organizations).toEqual([]);
        // An account the listing does not hold still asks Organizations, without re-reading the view.
        const unknown = await event(backend, '999999999999');
        expect(unknown.organizations).toEqual(['DescribeAccount']);
        expect([reads(warm.report), reads(unknown.report)]).toEqual(baseline);
      }

      // Once the next listing is due, a miss looks for it (the view again), and the listed ACTIVE
      // account is still trusted while that listing is being written.
      clock.set(at(6 * 60 + 14));
      const unknown = await event(backend, '999999999999');
      expect(reads(unknown.report)).toBe(baseline[1]! + 1);
      expect((await event(backend, '200000000001')).organizations).toEqual([]);
    });

    test('GIVEN the next sweep was due and has not listed THEN, after the short lifetime, the entry is no longer trusted: Organizations is asked and the view read again', async () => {
      const { backend, clock } = backendWith();
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);
      const baseline = reads((await event(backend, '200000000001')).report);

      clock.set(at(6 * 60 + 16));
      const late = await event(backend, '200000000001');
      expect(late.organizations).toEqual(['DescribeAccount']);
      expect(reads(late.report)).toBe(baseline + 1);
    });

    test('GIVEN the next sweep listed on time THEN the event path reads its view once and trusts it until the one after', async () => {
      const { backend, clock } = backendWith();
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);
      const baseline = reads((await event(backend, '999999999999')).report);

      clock.set(at(6 * 60));
      await runSweepWorkflow(backend, { sweepId: 'next' });
      clock.set(at(6 * 60 + 2));
      expect(reads((await event(backend, '999999999999')).report)).toBe(baseline + 1);

      for (const minutes of [6 * 60 + 30, 11 * 60]) {
        clock.set(at(minutes));
        const unknown = await event(backend, '999999999999');
        expect(reads(unknown.report)).toBe(baseline);
        expect((await event(backend, '200000000001')).organizations).toEqual([]);
      }
    });

    test('GIVEN a cron() schedule (no known next listing) THEN every listed state keeps the short lifetime', async () => {
      const { backend, clock } = backendWith({ sweepSchedule: 'cron(0 */6 * * ? *)' });
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);

      clock.set(at(14));
      expect((await event(backend, '200000000001')).organizations).toEqual([]);
      clock.set(at(20));
      expect((await event(backend, '200000000001')).organizations).toEqual(['DescribeAccount']);
    });

    test('GIVEN the listing says SUSPENDED THEN that is trusted for the short lifetime only: 20 minutes on, Organizations is asked', async () => {
      const { backend, clock } = backendWith();
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);
      backend.sim!.account(SUSPENDED)!.status = 'ACTIVE';

      clock.set(at(20));
      const run = await event(backend, SUSPENDED);
      expect(run.organizations).toEqual(['DescribeAccount']);
      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated' });
    });

    test('GIVEN an account removed from the organization 1 h after the listing THEN the trusted entry only lets orgmfa try: the role assumption is refused, Organizations is asked, nothing is done there', async () => {
      const { backend, clock } = backendWith();
      await runSweepWorkflow(backend, { sweepId: 'listing' });
      await event(backend, ACTIVE);
      clock.set(at(60));
      backend.sim!.state.accounts = backend.sim!.state.accounts.filter((a) => a.id !== '200000000001');

      const run = await event(backend, '200000000001');

      expect(run.report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Rejected',
        reason: 'account 200000000001 is not a member of organization o-a1b2c3d4e5',
        actions: [],
      });
      expect(run.organizations).toEqual(['DescribeAccount']);
      expect(run.inAccount).toEqual([]);
      expect(
        run.report.apiCalls.filter((c) => c.service === 'sts' && c.operation === 'AssumeRole').length,
      ).toBeGreaterThan(0);
    });
  });

  test('GIVEN Organizations throttles 30% of the calls THEN events are still decided: the retries absorb it', async () => {
    const { backend, clock } = backendWith({
      cacheMinutes: 0,
      faults: { throttle: [{ service: 'organizations', rate: 0.3 }], seed: 3 },
    });

    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      clock.set(new Date(NOW.getTime() + i * 1000));
      outcomes.push((await event(backend, ACTIVE)).report.outcome ?? 'none');
    }

    expect(outcomes).toEqual(Array<string>(20).fill('Evaluated'));
    const throttled = backend.sim!.calls.filter(
      (c) => c.service === 'organizations' && c.error === 'TooManyRequestsException',
    );
    expect(throttled.length).toBeGreaterThan(0);
  });
});
