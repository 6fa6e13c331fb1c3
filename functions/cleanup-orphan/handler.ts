import { createAwsClients } from '../aws/clients';
import { lambdaLogger } from '../aws/log';
import { settingsFromEnv } from '../aws/settings-from-env';
import { cleanUpOrphan } from './cleanup-orphan';

// Created once per execution environment and reused across invocations.
const settings = settingsFromEnv();
const deps = {
  clients: createAwsClients({ region: process.env.AWS_REGION ?? 'us-east-1' }),
  settings,
  hub: { accountId: settings.hubAccountId },
  log: lambdaLogger,
};

/** Lambda entry point of the event workflow's `CleanUpOrphan` state. */
export const handler = (event: unknown) => cleanUpOrphan(deps, event);
