import { lambdaContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { complianceFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { sweepAccount } from './sweep-account';

const deps = { ...lambdaContext(), compliance: complianceFromEnv(), stateBucket: stateBucketFromEnv() };

/** Lambda entry point of the sweep workflow's `SweepAccount` state (one account). */
export const handler = lambdaHandler((event) => sweepAccount(deps, event));
