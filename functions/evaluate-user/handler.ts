import { eventPathContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { complianceFromEnv, stateBucketFromEnv } from '../aws/settings-from-env';
import { evaluateUserStep } from './evaluate-user';

// Built once per execution environment and reused across invocations.
const deps = { ...eventPathContext(), compliance: complianceFromEnv(), stateBucket: stateBucketFromEnv() };

/** Lambda entry point of the event workflow's `EvaluateUser` state. */
export const handler = lambdaHandler((event) => evaluateUserStep(deps, event));
