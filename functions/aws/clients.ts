import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { Agent } from 'node:https';
import {
  organizationsCallPolicy,
  paceOrganizationsClient,
  type OrganizationsCallPolicy,
} from './organizations-calls';

/** The account a client acts in and, for a member account, the assumed role's credentials. */
export interface ClientScope {
  readonly accountId: string;
  readonly credentials?: AwsCredentialIdentity;
}

/**
 * Creates the SDK clients orgmfa's functions use. Handlers get one injected and never construct
 * clients themselves, so the same handler runs in Lambda, against the local simulation, and in tests.
 */
export interface AwsClients {
  /** The hub's region: SSM and Security Hub calls go there, since Step Functions cannot cross regions. */
  readonly region: string;
  iam(scope: ClientScope): IAMClient;
  sts(scope: ClientScope): STSClient;
  organizations(scope: ClientScope): OrganizationsClient;
  /** SSM in the hub's region, acting in the scope's account. */
  ssm(scope: ClientScope): SSMClient;
  /** Security Hub in the hub's region, acting in the scope's account (findings are imported from there). */
  securityHub(scope: ClientScope): SecurityHubClient;
  /** S3 in the hub's region (sweep item lists, results and reports). */
  s3(scope: ClientScope): S3Client;
}

/** Common configuration of every client orgmfa creates. */
export interface ClientOptions {
  readonly region: string;
  /** Called on each new client: the local runtime attaches the simulation and the call recorder here. */
  readonly decorate?: (client: SdkClient, scope: ClientScope) => void;
  /** Extra client configuration, such as a retry strategy. */
  readonly extraConfig?: Record<string, unknown>;
  /**
   * How Organizations calls are paced and retried (functions/aws/organizations-calls.ts); it wins over
   * `extraConfig` for Organizations clients. The deployed policy, in real time, by default.
   */
  readonly organizations?: OrganizationsCallPolicy;
}

/** The part of an SDK v3 client that {@link ClientOptions.decorate} may use. */
export type SdkClient =
  | IAMClient
  | STSClient
  | OrganizationsClient
  | SSMClient
  | SecurityHubClient
  | S3Client
  // The CLI's `orgmfa sweep` drives the deployed workflow (not simulated: it exists only in AWS).
  | SFNClient;

/**
 * S3 checksums only where the API requires them. Since SDK 3.729 an S3 client adds CRC32 checksums to
 * every upload and validates them on downloads by default; S3-compatible emulators reached through
 * `AWS_ENDPOINT_URL_S3` often lack them, and AWS itself needs none for the small objects orgmfa writes
 * (conditional writes `IfNoneMatch`/`IfMatch` work either way). The local simulation works with both
 * settings: it answers in place of the HTTP exchange, after request checksums are computed and before
 * response validation would run.
 */
const S3_CHECKSUMS = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

/** Clients kept per factory: enough for the accounts one warm Lambda environment works on at a time. */
const MAX_CACHED_CLIENTS = 64;

/**
 * The standard factory. Without credentials in the scope a client uses the default credential chain;
 * endpoints come from the SDK (which honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`).
 *
 * Every Organizations client is paced and retried by one policy (see organizations-calls.ts).
 *
 * Clients are created once per scope and reused: a Lambda execution environment builds its factory
 * once, so warm invocations reuse the hub's clients (and their open connections) instead of building
 * new ones. A member account's scope carries the credentials of one role session; its clients are
 * kept while that session is in use, the oldest dropped beyond {@link MAX_CACHED_CLIENTS}.
 */
export function createAwsClients(options: ClientOptions): AwsClients {
  const cache = new Map<string, SdkClient>();
  // One connection pool for every client of the factory: a member account's clients are new for each
  // role session, but IAM's endpoint is global and Security Hub's and S3's are the hub region's, so a
  // Lambda environment sweeping account after account reuses its open TLS connections across them.
  const requestHandler = { httpsAgent: new Agent({ keepAlive: true, maxSockets: 64 }) };
  const organizations = options.organizations ?? organizationsCallPolicy();
  const make = <C extends SdkClient>(
    service: string,
    Client: new (config: object) => C,
    scope: ClientScope,
    serviceConfig: Record<string, unknown> = {},
    prepare: (client: C) => void = () => undefined,
  ): C => {
    const key = `${service} ${scope.accountId} ${scope.credentials?.accessKeyId ?? ''}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached as C;
    const client = new Client({
      region: options.region,
      requestHandler,
      ...(scope.credentials === undefined ? {} : { credentials: scope.credentials }),
      ...options.extraConfig,
      ...serviceConfig,
    });
    prepare(client);
    options.decorate?.(client, scope);
    cache.set(key, client);
    if (cache.size > MAX_CACHED_CLIENTS) cache.delete(cache.keys().next().value!);
    return client;
  };
  return {
    region: options.region,
    iam: (scope) => make('iam', IAMClient, scope),
    sts: (scope) => make('sts', STSClient, scope),
    organizations: (scope) =>
      make(
        'organizations',
        OrganizationsClient,
        scope,
        { retryStrategy: organizations.retryStrategy },
        (client) => paceOrganizationsClient(client, organizations.pacer),
      ),
    ssm: (scope) => make('ssm', SSMClient, scope),
    securityHub: (scope) => make('securityhub', SecurityHubClient, scope),
    s3: (scope) => make('s3', S3Client, scope, S3_CHECKSUMS),
  };
}
