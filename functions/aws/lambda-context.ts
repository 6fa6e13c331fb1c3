import { createAwsClients } from './clients';
import { OrganizationView } from './organization-view';
import { powertools } from './powertools';
import { membershipCacheMsFromEnv, settingsFromEnv, stateBucketFromEnv } from './settings-from-env';

/**
 * What every hub Lambda builds once per execution environment: its settings, SDK clients for the hub's
 * region (traced with X-Ray, and reused across invocations), its own (hub) scope and the logger. One
 * place, so no handler wires these differently.
 */
export function lambdaContext() {
  const settings = settingsFromEnv();
  const region = process.env.AWS_REGION ?? 'us-east-1';
  return {
    settings,
    region,
    clients: createAwsClients({
      region,
      decorate: (client) => {
        powertools.tracer.captureAWSv3Client(client);
      },
    }),
    hub: { accountId: settings.hubAccountId },
    log: powertools.logger,
    clock: () => new Date(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}

/**
 * {@link lambdaContext} for the event path's functions: with the cached view of the organization their
 * membership checks start from (the state bucket's `organization/accounts.json`, `STATE_BUCKET`, and
 * what DescribeAccount said since), trusted for `MEMBERSHIP_CACHE_MINUTES`. One per execution
 * environment, so it stays warm across invocations.
 */
export function eventPathContext() {
  const context = lambdaContext();
  return {
    ...context,
    organizationView: new OrganizationView({
      s3: () => context.clients.s3(context.hub),
      bucket: stateBucketFromEnv(),
      organizationId: context.settings.organizationId,
      ttlMs: membershipCacheMsFromEnv(),
      clock: context.clock,
    }),
  };
}
