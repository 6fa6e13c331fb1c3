import { createAwsClients } from './clients';
import { powertools } from './powertools';
import { settingsFromEnv } from './settings-from-env';

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
