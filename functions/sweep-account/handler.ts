import { lambdaContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { complianceFromEnv, provisioningFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { sweepBatch } from './sweep-batch';

// Built once per execution environment: its clients (and their connections) serve every account of
// every batch the environment sweeps.
const deps = {
  ...lambdaContext(),
  compliance: complianceFromEnv(),
  provisioning: provisioningFromEnv(),
  stateBucket: stateBucketFromEnv(),
};

/**
 * Lambda entry point of the sweep workflow's child executions: `SweepAccount` (a batch of accounts)
 * and `StartCredentialReports` (the first pass over the same batches).
 */
export const handler = lambdaHandler((event, context) =>
  sweepBatch({ ...deps, remainingMs: () => context.getRemainingTimeInMillis() }, event),
);
