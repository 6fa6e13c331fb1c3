import { createAwsClients } from '../aws/clients';
import { lambdaLogger } from '../aws/log';
import { lambdaMetrics } from '../aws/metrics';
import { provisioningFromEnv, settingsFromEnv } from '../aws/settings-from-env';
import { provisionMfa } from './provision-mfa';

// Created once per execution environment and reused across invocations.
const settings = settingsFromEnv();
const metrics = lambdaMetrics();
const deps = {
  clients: createAwsClients({ region: process.env.AWS_REGION ?? 'us-east-1' }),
  settings,
  hub: { accountId: settings.hubAccountId },
  log: lambdaLogger,
  metrics,
  provisioning: provisioningFromEnv(),
  clock: () => new Date(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/** Lambda entry point of the event workflow's `ProvisionMfa` state. */
export const handler = async (event: unknown) => {
  try {
    return await provisionMfa(deps, event);
  } finally {
    metrics.flush();
  }
};
