import { randomBytes } from 'node:crypto';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { AccountFixture, OrganizationFixture } from './fixture';
import { ArrayIndex } from './array-index';
import { OrganizationTree } from './organization-tree';
import { awsError, CONFLICT_MESSAGE, THROTTLING_CODE, type ConflictCode } from './aws-errors';
import type { ServiceName } from './service-name';
import { createRandom } from './random';

/** Who is calling, identified by the credentials the SDK signs with: a role session or an IAM user. */
export interface SimPrincipal {
  readonly accountId: string;
  readonly kind: 'role' | 'user';
  /** The role's or the user's name. */
  readonly name: string;
  /** The identity's ARN as STS GetCallerIdentity reports it (assumed-role session or user). */
  readonly sessionArn: string;
  /**
   * Temporary credentials (a GetSessionToken or AssumeRole session) rather than an IAM user's access
   * keys: STS then refuses GetSessionToken, limits role chaining to an hour, and IAM policies see
   * `aws:MultiFactorAuthPresent` (absent with access keys).
   */
  readonly temporary: boolean;
  /** When the MFA the credentials carry was checked (epoch ms); absent without MFA. */
  readonly mfaAuthenticatedAt?: number;
  /** When temporary credentials STS issued expire (epoch ms); calls after it fail with ExpiredToken. */
  readonly expiresAt?: number;
}

/** What a session STS issues carries over from the request that made it. */
export interface SessionContext {
  readonly mfaAuthenticatedAt?: number;
  /** Set for sessions STS issues, which then expire; helpers' sessions for tests never do. */
  readonly expiresAt?: number;
}

/** One API call the simulation answered (or refused). */
export interface ApiCallRecord {
  readonly service: ServiceName;
  readonly operation: string;
  /** The account whose API was called: the caller's account. */
  readonly accountId: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error?: string;
}

/** Faults to inject, for tests and benchmarks. */
export interface FaultPlan {
  /** Milliseconds each call takes; the simulation really waits, so concurrency shows in timings. */
  readonly latencyMs?: (service: ServiceName, operation: string) => number;
  /**
   * Each matching call fails with the service's throttling error with this probability; with `count`,
   * only the first `count` matching calls can be throttled (a burst that passes); with `accountId`,
   * only calls of that (caller's) account.
   */
  readonly throttle?: readonly {
    readonly service: ServiceName;
    readonly operation?: string;
    readonly rate: number;
    readonly count?: number;
    readonly accountId?: string;
  }[];
  /**
   * Matching calls fail with AccessDenied; with `userName`, only calls about that IAM user (their
   * `UserName` parameter): a policy that protects one user, such as an SCP on a user path.
   */
  readonly accessDenied?: readonly {
    readonly accountId: string;
    readonly service?: ServiceName;
    readonly operation?: string;
    readonly userName?: string;
  }[];
  /**
   * The `nth` matching call (1 for the first) fails with AccessDenied, and only that one: a single
   * request refused by policy, such as one BatchImportFindings batch among several.
   */
  readonly refuseNth?: readonly {
    readonly accountId: string;
    readonly service: ServiceName;
    readonly operation: string;
    readonly nth: number;
  }[];
  /**
   * The first `count` (default 1) matching calls are refused, changing nothing, with a conflict AWS
   * documents as worth a retry after waiting: IAM's `EntityTemporarilyUnmodifiable` (a user deleted
   * and re-created: "likely to succeed if you try again after waiting several minutes") or
   * `ConcurrentModification`, SSM's `TooManyUpdates`. With `accountId`, only calls of that account.
   */
  readonly conflict?: readonly {
    readonly service: ServiceName;
    readonly operation: string;
    readonly code: ConflictCode;
    readonly count?: number;
    readonly accountId?: string;
  }[];
  /**
   * The first `count` (default 1) matching calls take effect, and then their answer is lost: the
   * caller gets a `ServiceFailure` (500) or a `RequestTimeout` (408), which the SDK's own strategy
   * retries, as after a network failure or a fault of the service once the change was made.
   */
  readonly loseAnswer?: readonly {
    readonly service: ServiceName;
    readonly operation: string;
    readonly code: 'ServiceFailure' | 'RequestTimeout';
    readonly count?: number;
    readonly accountId?: string;
  }[];
  /** Seed for the throttling draws, so a faulty run is reproducible. */
  readonly seed?: number;
  /** How far AWS's clock is ahead of the callers' (negative: behind), as IAM's TOTP check sees it. */
  readonly clockSkewMs?: number;
  /**
   * How long IAM takes to build a credential report, by the simulation's clock: a report is COMPLETE
   * once this much time has passed since it was started, and not before, however often it is polled.
   * Without it, the first poll after STARTED is told to wait and the next one finds it COMPLETE.
   */
  readonly credentialReportBuildMs?: number;
}

/** What each simulated service gets to work with. */
export interface ServiceContext {
  readonly sim: SimulatedAws;
  readonly caller: SimPrincipal;
  /** The caller's account. */
  readonly account: AccountFixture;
  /** The region the caller's client is configured for (Security Hub and S3 are regional). */
  readonly region: string;
}

/** A simulated service: answers `operation` with AWS's output shape or throws AWS's error. */
export type ServiceHandler = (
  operation: string,
  input: Record<string, unknown>,
  ctx: ServiceContext,
) => Promise<object> | object;

export interface SimulatedAwsOptions {
  /** The simulation's clock; IAM's TOTP check and timestamps use it. Defaults to the real time. */
  readonly clock?: () => Date;
  readonly faults?: FaultPlan;
  /** Name of the member role that the member stack creates in each account. */
  readonly memberRoleName: string;
  /** Names of the hub roles that member roles trust (in the hub account). */
  readonly trustedHubRoleNames: readonly string[];
  /** Buckets deployed stacks own (the hub's state bucket): they exist without being in the fixture. */
  readonly deployedBuckets?: readonly { readonly name: string; readonly accountId: string }[];
}

/**
 * A stateful, in-memory AWS organization: the subset of IAM, STS, Organizations, SSM, Security Hub
 * and S3 that orgmfa calls, enforcing AWS's behaviour where orgmfa depends on it. SDK clients reach it through
 * {@link attachSimulatedAws} (local/sim/sdk-bridge.ts), so handlers run unchanged.
 */
export class SimulatedAws {
  readonly calls: ApiCallRecord[] = [];
  /** Every TOTP seed simulated IAM issued, kept so tests can prove no seed leaked anywhere. */
  readonly issuedSeeds: string[] = [];
  readonly clock: () => Date;
  readonly memberRoleName: string;
  readonly trustedHubRoleNames: readonly string[];
  readonly deployedBuckets: readonly { readonly name: string; readonly accountId: string }[];
  /** See {@link FaultPlan.credentialReportBuildMs}. */
  readonly credentialReportBuildMs: number | undefined;
  private readonly faults: FaultPlan;
  private readonly random: () => number;
  private readonly sessions = new Map<string, SimPrincipal>();
  /** How many calls each `refuseNth` rule has matched so far. */
  private readonly refusalCounts = new Map<object, number>();
  private readonly services = new Map<ServiceName, ServiceHandler>();
  /** How many calls each throttling, conflict or lost-answer rule has matched so far (for its `count`). */
  private readonly ruleMatches = new Map<object, number>();
  private readonly accountsById = new ArrayIndex<AccountFixture>((account) => account.id);
  /**
   * Milliseconds spent inside the simulated services' handlers (their synchronous part: the simulation's
   * own CPU time, latency waits excluded), so a benchmark can say what share of a run the simulator took.
   */
  handlerMs = 0;

  constructor(
    readonly state: OrganizationFixture,
    options: SimulatedAwsOptions,
  ) {
    this.faults = options.faults ?? {};
    const callersClock = options.clock ?? (() => new Date());
    const skew = this.faults.clockSkewMs ?? 0;
    this.clock = skew === 0 ? callersClock : () => new Date(callersClock().getTime() + skew);
    this.random = createRandom(this.faults.seed ?? 1);
    this.memberRoleName = options.memberRoleName;
    this.trustedHubRoleNames = options.trustedHubRoleNames;
    this.deployedBuckets = options.deployedBuckets ?? [];
    this.credentialReportBuildMs = this.faults.credentialReportBuildMs;
    this.tree = new OrganizationTree(state);
  }

  /** The organization's root, OUs and accounts, indexed by parent. */
  readonly tree: OrganizationTree;

  /** Plugs in a service implementation. */
  register(service: ServiceName, handler: ServiceHandler): this {
    this.services.set(service, handler);
    return this;
  }

  /** The account with `id`, if the organization has it. */
  account(id: string): AccountFixture | undefined {
    return this.accountsById.find(this.state.accounts, id);
  }

  /** Issues credentials for a session of `roleName` in `accountId`, as STS would. */
  issueSession(
    accountId: string,
    roleName: string,
    sessionName: string,
    context: SessionContext = {},
  ): AwsCredentialIdentity {
    return this.issueCredentials({
      accountId,
      kind: 'role',
      name: roleName,
      sessionArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      temporary: true,
      ...context,
    });
  }

  /** Issues access keys of IAM user `userName` of `accountId` (a person's long-term keys). */
  issueUserCredentials(accountId: string, userName: string): AwsCredentialIdentity {
    return this.issueCredentials({
      accountId,
      kind: 'user',
      name: userName,
      sessionArn: this.userArn(accountId, userName),
      temporary: false,
    });
  }

  /** Issues a GetSessionToken session of IAM user `userName`: temporary credentials acting as the user. */
  issueUserSession(accountId: string, userName: string, context: SessionContext): AwsCredentialIdentity {
    return this.issueCredentials({
      accountId,
      kind: 'user',
      name: userName,
      sessionArn: this.userArn(accountId, userName),
      temporary: true,
      ...context,
    });
  }

  /** A user's ARN, with its path, as STS GetCallerIdentity reports it. */
  private userArn(accountId: string, userName: string): string {
    const path = this.account(accountId)?.iam.users.find((u) => u.userName === userName)?.path ?? '/';
    return `arn:aws:iam::${accountId}:user${path}${userName}`;
  }

  private issueCredentials(principal: SimPrincipal): AwsCredentialIdentity {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    this.sessions.set(accessKeyId, principal);
    return {
      accessKeyId,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: randomBytes(32).toString('base64'),
      expiration: new Date(this.clock().getTime() + 3600_000),
    };
  }

  /**
   * Answers one API call signed with `credentials` by a client of `region`, recording it, with the
   * planned faults applied.
   */
  async call(
    service: ServiceName,
    operation: string,
    input: Record<string, unknown>,
    credentials: AwsCredentialIdentity,
    region = 'us-east-1',
  ): Promise<object> {
    const startedAt = Date.now();
    const caller = this.sessions.get(credentials.accessKeyId);
    const accountId = caller?.accountId ?? 'unknown';
    const record = (error?: unknown) =>
      this.calls.push({
        service,
        operation,
        accountId,
        startedAt,
        endedAt: Date.now(),
        ...(error === undefined ? {} : { error: error instanceof Error ? error.name : String(error) }),
      });
    try {
      const latency = this.faults.latencyMs?.(service, operation) ?? 0;
      if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
      if (caller === undefined) {
        throw awsError(
          service,
          'InvalidClientTokenId',
          'The security token included in the request is invalid.',
        );
      }
      if (caller.expiresAt !== undefined && this.clock().getTime() >= caller.expiresAt) {
        throw awsError(service, 'ExpiredToken', 'The security token included in the request is expired');
      }
      this.injectFaults(service, operation, input, caller);
      const handler = this.services.get(service);
      const account = this.account(caller.accountId);
      if (handler === undefined || account === undefined) {
        throw awsError(service, 'InvalidAction', `${service}:${operation} is not simulated`);
      }
      const began = performance.now();
      let pending: Promise<object> | object;
      try {
        pending = handler(operation, input, { sim: this, caller, account, region });
      } finally {
        this.handlerMs += performance.now() - began;
      }
      const output = await pending;
      const lost = (this.faults.loseAnswer ?? []).find((rule) =>
        this.firstMatches(rule, service, operation, caller),
      );
      if (lost !== undefined) {
        throw awsError(
          service,
          lost.code,
          lost.code === 'ServiceFailure'
            ? 'We encountered an internal error. Please try again.'
            : 'Request timed out',
        );
      }
      record();
      return output;
    } catch (error) {
      record(error);
      throw error;
    }
  }

  private injectFaults(
    service: ServiceName,
    operation: string,
    input: Record<string, unknown>,
    caller: SimPrincipal,
  ): void {
    const matches = (rule: { service?: ServiceName; operation?: string }) =>
      (rule.service === undefined || rule.service === service) &&
      (rule.operation === undefined || rule.operation === operation);
    const deny = () =>
      awsError(
        service,
        service === 'organizations' || service === 'securityhub' ? 'AccessDeniedException' : 'AccessDenied',
        `User: ${caller.sessionArn} is not authorized to perform: ${service}:${operation}`,
      );
    const aboutUser = (rule: { userName?: string }) =>
      rule.userName === undefined || rule.userName === input.UserName;
    if (
      this.faults.accessDenied?.some(
        (rule) => rule.accountId === caller.accountId && matches(rule) && aboutUser(rule),
      )
    ) {
      throw deny();
    }
    for (const rule of this.faults.refuseNth ?? []) {
      if (rule.accountId !== caller.accountId || !matches(rule)) continue;
      const count = (this.refusalCounts.get(rule) ?? 0) + 1;
      this.refusalCounts.set(rule, count);
      if (count === rule.nth) throw deny();
    }
    for (const rule of this.faults.conflict ?? []) {
      if (this.firstMatches(rule, service, operation, caller))
        throw awsError(service, rule.code, CONFLICT_MESSAGE[rule.code]);
    }
    for (const rule of this.faults.throttle ?? []) {
      if (!matches(rule) || (rule.accountId !== undefined && rule.accountId !== caller.accountId)) continue;
      const seen = this.matched(rule);
      if ((rule.count === undefined || seen <= rule.count) && this.random() < rule.rate) {
        throw awsError(service, THROTTLING_CODE[service], 'Rate exceeded');
      }
    }
  }

  /** Counts one more call matching `rule`; how many have matched so far. */
  private matched(rule: object): number {
    const seen = (this.ruleMatches.get(rule) ?? 0) + 1;
    this.ruleMatches.set(rule, seen);
    return seen;
  }

  /** Whether this call matches `rule` and is among its first `count` (default 1) matching calls. */
  private firstMatches(
    rule: { service: ServiceName; operation: string; count?: number; accountId?: string },
    service: ServiceName,
    operation: string,
    caller: SimPrincipal,
  ): boolean {
    if (rule.service !== service || rule.operation !== operation) return false;
    if (rule.accountId !== undefined && rule.accountId !== caller.accountId) return false;
    return this.matched(rule) <= (rule.count ?? 1);
  }
}
