import { createAwsClients } from './clients';
import { lambdaLogger } from './log';
import { settingsFromEnv } from './settings-from-env';

/**
 * What every hub Lambda builds once per execution environment: its settings, SDK clients for the hub's
 * region, its own (hub) scope and the logger. One place, so no handler wires these differently.
 */
export function lambdaContext() {
  const settings = settingsFromEnv();
  const region = process.env.AWS_REGION ?? 'us-east-1';
  return {
    settings,
    region,
    clients: createAwsClients({ region }),
    hub: { accountId: settings.hubAccountId },
    log: lambdaLogger,
    clock: () => new Date(),
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  };
}
