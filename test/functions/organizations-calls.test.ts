import { DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { createAwsClients } from '../../functions/aws/clients';
import {
  ORGANIZATIONS_MAX_ATTEMPTS,
  ORGANIZATIONS_PACE,
  organizationsBackoffMs,
  organizationsCallPolicy,
} from '../../functions/aws/organizations-calls';
import { TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { createSimulation } from '../../local/sim/create-simulation';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { orgFixture } from '../helpers/simulated-org';

const HUB = '111111111111';

/** Clients of one factory (one process) over a simulation, with the deployed policy on a clock of its own. */
function organizationsClients(faults: FaultPlan) {
  const sim = createSimulation(orgFixture(), {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    faults,
  });
  let now = 0;
  const policy = organizationsCallPolicy({
    clock: {
      now: () => now,
      sleep: (ms) =>
        new Promise((resolve) =>
          setImmediate(() => {
            now += ms;
            resolve();
          }),
        ),
    },
    backoffMs: () => 0,
  });
  const clients = createAwsClients({
    region: 'us-east-1',
    organizations: policy,
    decorate: (client) => attachSimulatedAws(sim, client),
  });
  const scope = (name: string) => ({ accountId: HUB, credentials: sim.issueSession(HUB, name, 'test') });
  return { sim, clients, policy, scope };
}

const describe222 = new DescribeAccountCommand({ AccountId: '222222222222' });

describe('every Organizations call goes through one pace and one retry policy', () => {
  test(`throttling is retried by the SDK: ${ORGANIZATIONS_MAX_ATTEMPTS} attempts per call`, async () => {
    const { sim, clients, scope } = organizationsClients({
      throttle: [{ service: 'organizations', rate: 1, count: ORGANIZATIONS_MAX_ATTEMPTS - 1 }],
    });

    const { Account } = await clients.organizations(scope('a')).send(describe222);

    expect(Account?.State).toBe('ACTIVE');
    expect(sim.calls.filter((c) => c.error === 'TooManyRequestsException')).toHaveLength(
      ORGANIZATIONS_MAX_ATTEMPTS - 1,
    );
  });

  test('throttling that outlasts the attempts reaches the caller as TooManyRequestsException', async () => {
    const { sim, clients, scope } = organizationsClients({
      throttle: [{ service: 'organizations', rate: 1 }],
    });

    await expect(clients.organizations(scope('a')).send(describe222)).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect(sim.calls).toHaveLength(ORGANIZATIONS_MAX_ATTEMPTS);
  });

  test(`at most ${ORGANIZATIONS_PACE.maxInFlight} calls in flight, across every client of the process, and no more than the pace per second`, async () => {
    const { sim, clients, scope, policy } = organizationsClients({ latencyMs: () => 20 });
    const two = [clients.organizations(scope('a')), clients.organizations(scope('b'))];

    await Promise.all(Array.from({ length: 24 }, (_, i) => two[i % 2]!.send(describe222)));

    expect(sim.calls).toHaveLength(24);
    // A sweep over starts and ends (an end before a start at the same millisecond).
    const events = sim.calls
      .flatMap((c) => [
        [c.startedAt, 1],
        [c.endedAt, -1],
      ])
      .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
    let inFlight = 0;
    let most = 0;
    for (const [, delta] of events) most = Math.max(most, (inFlight += delta!));
    expect(most).toBeLessThanOrEqual(ORGANIZATIONS_PACE.maxInFlight);
    // The burst went at once; the other 16 waited one token each at 8 per second: 2 s on the pace's clock.
    expect(policy.pacer.waitedMs).toBeGreaterThanOrEqual(
      ((24 - ORGANIZATIONS_PACE.burst) * 1000) / ORGANIZATIONS_PACE.perSecond - 1000,
    );
  });

  test('the backoff is exponential from 100 ms, capped at 20 s, with full jitter', () => {
    expect([1, 2, 3, 8, 20].map((attempt) => organizationsBackoffMs(attempt, () => 0.999999))).toEqual([
      199, 399, 799, 19999, 19999,
    ]);
    expect(organizationsBackoffMs(5, () => 0)).toBe(0);
  });
});
