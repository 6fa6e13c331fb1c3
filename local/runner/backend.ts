import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import {
  createAwsClients,
  type AwsClients,
  type ClientScope,
  type SdkClient,
} from '../../functions/aws/clients';
import { organizationsCallPolicy } from '../../functions/aws/organizations-calls';
import { OrganizationView } from '../../functions/aws/organization-view';
import { HUB_ROLE_NAMES, stateBucketName, TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import type { HubSettings } from '../../functions/core/settings';
import type { OrgMfaConfig, ProvisioningSettings, ComplianceSettings } from '../../functions/core/config';
import type { PacerClock } from '../../functions/core/pacer';
import type { OrganizationFixture } from '../sim/fixture';
import { createSimulation } from '../sim/create-simulation';
import { attachSimulatedAws } from '../sim/sdk-bridge';
import type { FaultPlan, SimulatedAws } from '../sim/simulated-aws';
import { VirtualClock } from '../sim/virtual-clock';
import { CallRecorder } from './call-recorder';

/** A hub role, by its key in {@link HUB_ROLE_NAMES}. */
export type HubRole = keyof typeof HUB_ROLE_NAMES;

/** Where a local run's AWS calls go, with everything the hub's functions need to reach it. */
export interface Backend {
  readonly clients: AwsClients;
  readonly settings: HubSettings;
  readonly provisioning: ProvisioningSettings;
  readonly compliance: ComplianceSettings;
  /** The hub's state bucket: findings records, sweep item lists and results, reports. */
  readonly stateBucket: string;
  /** The roots and OUs the sweep covers, with their descendants (and the management account). */
  readonly targets: readonly string[];
  /**
   * The event path's cached view of the organization. One per backend, shared by every run on it, as
   * a warm Lambda environment keeps its own across invocations.
   */
  readonly organizationView: OrganizationView;
  readonly region: string;
  /** The time the functions see, and how they wait. */
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * The clock the pacers (Organizations calls, the sweep's role assumptions) wait on. Against AWS, real
   * time. On the simulation, a clock of their own: pacing is exercised but costs no time and moves no
   * simulated time, which many concurrent waiters would push far ahead (sessions would expire); the
   * benchmarks model the pace's time instead (bench/sweep-model.ts).
   */
  readonly pacing: PacerClock;
  readonly recorder: CallRecorder;
  /** The hub-side scope a function runs with: its own role's session. */
  hubScope(role: HubRole): ClientScope;
  /** The simulated organization, for the simulation backend. */
  readonly sim?: SimulatedAws;
}

/**
 * The simulated organization as backend. The organization, management and hub accounts come from the
 * fixture; the rest (member role name, provisioning, …) from the configuration. The simulation is of
 * partition `aws` only and runs on a {@link VirtualClock}. SDK retries keep their count but wait 5 ms
 * instead of AWS's backoff, so that throttling tests run fast.
 */
export function simulatedBackend(
  fixture: OrganizationFixture,
  config: OrgMfaConfig,
  options: { faults?: FaultPlan; clock?: VirtualClock } = {},
): Backend {
  const clock = options.clock ?? new VirtualClock();
  const pacing = ownPacingClock();
  const sim = createSimulation(fixture, {
    memberRoleName: config.memberRoleName,
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    clock: clock.now,
    // The hub stack's state bucket, as if the hub were deployed in the simulated hub account.
    deployedBuckets: [{ name: stateBucketName(fixture.hubAccountId), accountId: fixture.hubAccountId }],
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const recorder = new CallRecorder();
  const region = 'us-east-1';
  const clients = createAwsClients({
    region,
    extraConfig: { retryStrategy: new ConfiguredRetryStrategy(3, 5) },
    // The deployed pace and number of attempts, on the simulation's clock, without real backoff waits.
    organizations: organizationsCallPolicy({ clock: pacing, backoffMs: () => 5 }),
    decorate: (client, scope) => {
      recorder.attach(client, scope);
      attachSimulatedAws(sim, client);
    },
  });
  const hubAccountId = sim.state.hubAccountId;
  const stateBucket = stateBucketName(hubAccountId);
  const hubScope: Backend['hubScope'] = (role) => ({
    accountId: hubAccountId,
    credentials: sim.issueSession(hubAccountId, HUB_ROLE_NAMES[role], 'local'),
  });
  return {
    clients,
    region,
    recorder,
    sim,
    provisioning: config.provisioning,
    compliance: config.compliance,
    stateBucket,
    targets: config.targetOrganizationalUnitIds,
    organizationView: new OrganizationView({
      // A session per read, as a Lambda's credentials are refreshed: one issued once would expire.
      s3: () => clients.s3(hubScope('evaluateUser')),
      bucket: stateBucket,
      organizationId: sim.state.organizationId,
      ttlMs: config.eventFunctions.membershipCacheMinutes * 60_000,
      clock: clock.now,
    }),
    clock: clock.now,
    sleep: clock.sleep,
    pacing,
    settings: {
      organizationId: sim.state.organizationId,
      managementAccountId: sim.state.managementAccountId,
      hubAccountId,
      partition: 'aws',
      memberRoleName: config.memberRoleName,
    },
    hubScope,
  };
}

/**
 * Real AWS (or any AWS-compatible endpoint named by `AWS_ENDPOINT_URL*`) as backend: the default
 * credential chain acts as every hub role, so it needs the union of their permissions. `decorate`
 * sees every client (the CLI's tests attach the simulation there).
 */
export function awsBackend(
  config: OrgMfaConfig,
  options: { readonly env?: NodeJS.ProcessEnv; readonly decorate?: (client: SdkClient) => void } = {},
): Backend {
  const env = options.env ?? process.env;
  const recorder = new CallRecorder();
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? config.hubRegion;
  const clients = createAwsClients({
    region,
    decorate: (client, scope) => {
      recorder.attach(client, scope);
      options.decorate?.(client);
    },
  });
  const stateBucket = env.ORGMFA_STATE_BUCKET ?? stateBucketName(config.hubAccountId);
  return {
    clients,
    region,
    recorder,
    provisioning: config.provisioning,
    compliance: config.compliance,
    stateBucket,
    targets: config.targetOrganizationalUnitIds,
    organizationView: new OrganizationView({
      s3: () => clients.s3({ accountId: config.hubAccountId }),
      bucket: stateBucket,
      organizationId: config.organizationId,
      ttlMs: config.eventFunctions.membershipCacheMinutes * 60_000,
      clock: () => new Date(),
    }),
    clock: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    pacing: { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    settings: {
      organizationId: config.organizationId,
      managementAccountId: config.managementAccountId,
      hubAccountId: config.hubAccountId,
      partition: config.partition,
      memberRoleName: config.memberRoleName,
    },
    hubScope: () => ({ accountId: config.hubAccountId }),
  };
}

/** A clock of the pacers' own: waiting moves it at once, and nothing else sees it. */
function ownPacingClock(): PacerClock {
  let now = 0;
  return {
    now: () => now,
    sleep: (ms) => {
      now += Math.max(0, ms);
      return Promise.resolve();
    },
  };
}

/** The ARN a hub function would have in the backend's hub: what the workflows' substitutions name. */
export function localFunctionArn(backend: Backend, name: string): string {
  return `arn:${backend.settings.partition}:lambda:${backend.region}:${backend.settings.hubAccountId}:function:${name}`;
}

/** The ARNs of a workflow's functions in the backend's hub, by substitution name. */
export function localFunctionArns<K extends string>(
  backend: Backend,
  functions: Readonly<Record<K, string>>,
): Record<K, string> {
  const arns = {} as Record<K, string>;
  for (const key of Object.keys(functions) as K[]) arns[key] = localFunctionArn(backend, functions[key]);
  return arns;
}
