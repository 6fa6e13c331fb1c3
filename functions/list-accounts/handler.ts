import { lambdaContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { complianceFromEnv, stateBucketFromEnv, sweepTargetsFromEnv } from '../aws/settings-from-env';
import { listAccounts } from './list-accounts';

const deps = {
  ...lambdaContext(),
  stateBucket: stateBucketFromEnv(),
  compliance: complianceFromEnv(),
  targets: sweepTargetsFromEnv(),
};

/** What is left of the invocation when the listing stops taking new pages (it saves its progress then). */
const RESERVE_MS = 60_000;

/** Lambda entry point of the sweep workflow's `ListAccounts` state. */
export const handler = lambdaHandler((event, context) =>
  listAccounts(deps, event, () => context.getRemainingTimeInMillis() < RESERVE_MS),
);
