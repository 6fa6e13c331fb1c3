import { lambdaContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { complianceFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { listAccounts } from './list-accounts';

const context = lambdaContext();
const deps = {
  ...context,
  stateBucket: stateBucketFromEnv(),
  sweepConcurrency: complianceFromEnv().sweepConcurrency,
};

/** Lambda entry point of the sweep workflow's `ListAccounts` state. */
export const handler = lambdaHandler((event) => listAccounts(deps, event));
