import { lambdaContext } from '../aws/lambda-context';
import { lambdaMetrics } from '../aws/metrics';
import { provisioningFromEnv } from '../aws/settings-from-env';
import { provisionMfa } from './provision-mfa';

// Built once per execution environment and reused across invocations.
const metrics = lambdaMetrics();
const deps = { ...lambdaContext(), metrics, provisioning: provisioningFromEnv() };

/** Lambda entry point of the event workflow's `ProvisionMfa` state. */
export const handler = async (event: unknown) => {
  try {
    return await provisionMfa(deps, event);
  } finally {
    metrics.flush();
  }
};
