import { eventPathContext } from '../aws/lambda-context';
import { metricsSink } from '../aws/metrics';
import { lambdaHandler, powertools } from '../aws/powertools';
import { complianceFromEnv, provisioningFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { provisionMfa } from './provision-mfa';

// Built once per execution environment and reused across invocations.
const deps = {
  ...eventPathContext(),
  metrics: metricsSink(powertools.metrics),
  provisioning: provisioningFromEnv(),
  // A device in the way is decided on by the orphan rule: the device records and the enrolment window.
  compliance: complianceFromEnv(),
  stateBucket: stateBucketFromEnv(),
};

/** Lambda entry point of the event workflow's `ProvisionMfa` state. */
export const handler = lambdaHandler((event) => provisionMfa(deps, event), { metrics: true });
