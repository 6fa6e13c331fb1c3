import { OrganizationsClient, type OrganizationsClientConfig } from '@aws-sdk/client-organizations';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { Pacer, type Pace, type PacerClock } from '../core/pacer';

/**
 * How orgmfa calls AWS Organizations: every call of every Organizations client the client factory makes
 * (functions/aws/clients.ts) goes through here, the sweep's listing, the membership gate's
 * DescribeAccount and provisioning's ListParents alike.
 *
 * AWS publishes no request rate for Organizations, and it throttles early: users of multi-account
 * tools report TooManyRequestsException ("another request is already in progress") from a few
 * hundred accounts on. So calls are paced per process (one Lambda execution environment, the CLI):
 * {@link ORGANIZATIONS_PACE}, and what is throttled anyway is retried by the SDK's own retry strategy
 * (ConfiguredRetryStrategy: the standard mode's classification of throttling and transient errors,
 * with {@link ORGANIZATIONS_MAX_ATTEMPTS} attempts and exponential backoff with full jitter). The SDK's
 * adaptive mode was not chosen: its client-side rate limiter starts unlimited and only learns a rate
 * after throttling, while the pace here holds from the first call.
 */
export interface OrganizationsCallPolicy {
  readonly pacer: Pacer;
  /** The retry strategy of every Organizations client. */
  readonly retryStrategy: ConfiguredRetryStrategy;
}

/** Organizations calls per second and in flight, per process. */
export const ORGANIZATIONS_PACE: Pace = { perSecond: 8, burst: 8, maxInFlight: 4 };

/** Attempts per Organizations call (the first one included): ten throttled attempts in a row are 0.3^10 ≈ 6·10⁻⁶ at a 30% throttle rate. */
export const ORGANIZATIONS_MAX_ATTEMPTS = 10;

/** Backoff before retry `attempt` (1, 2, …): exponential from 100 ms, capped at 20 s, with full jitter. */
export function organizationsBackoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(20_000, 100 * 2 ** attempt));
}

const REAL_TIME: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The policy orgmfa deploys with: {@link ORGANIZATIONS_PACE} in real time, SDK retries with backoff.
 * `overrides` replace the clock (the local simulation's) or the backoff (no real waiting in tests).
 */
export function organizationsCallPolicy(
  overrides: { readonly clock?: PacerClock; readonly backoffMs?: (attempt: number) => number } = {},
): OrganizationsCallPolicy {
  return {
    pacer: new Pacer(ORGANIZATIONS_PACE, overrides.clock ?? REAL_TIME),
    retryStrategy: new ConfiguredRetryStrategy(
      ORGANIZATIONS_MAX_ATTEMPTS,
      overrides.backoffMs ?? ((attempt) => organizationsBackoffMs(attempt)),
    ),
  };
}

/**
 * Paces every request `client` sends with `pacer`. The middleware sits inside the SDK's retry loop
 * (finalizeRequest, low priority), so each attempt, retries included, waits its turn.
 */
export function paceOrganizationsClient(client: OrganizationsClient, pacer: Pacer): void {
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: 'finalizeRequest'; name: string; priority: 'low' }): void;
  };
  stack.add((next: (args: unknown) => Promise<unknown>) => (args: unknown) => pacer.run(() => next(args)), {
    step: 'finalizeRequest',
    name: 'orgmfaOrganizationsPacer',
    priority: 'low',
  });
}

/**
 * An Organizations client made outside the client factory (a CLI command's one-off call), under the
 * same policy: its retry strategy and the pace.
 */
export function pacedOrganizationsClient(
  config: OrganizationsClientConfig,
  policy: OrganizationsCallPolicy = organizationsCallPolicy(),
): OrganizationsClient {
  const client = new OrganizationsClient({ ...config, retryStrategy: policy.retryStrategy });
  paceOrganizationsClient(client, policy.pacer);
  return client;
}
