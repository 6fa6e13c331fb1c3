import { lambdaContext } from '../aws/lambda-context';
import { complianceFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { listAccounts } from './list-accounts';

const context = lambdaContext();
const deps = {
  ...context,
  stateBucket: stateBucketFromEnv(),
  sweepConcurrency: complianceFromEnv().sweepConcurrency,
};

/** Lambda entry point of the sweep workflow's `ListAccounts` state. */
export const handler = (event: unknown) => listAccounts(deps, event);
