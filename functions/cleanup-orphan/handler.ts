import { lambdaContext } from '../aws/lambda-context';
import { lambdaHandler } from '../aws/powertools';
import { cleanUpOrphan } from './cleanup-orphan';

// Built once per execution environment and reused across invocations.
const deps = lambdaContext();

/** Lambda entry point of the event workflow's `CleanUpOrphan` state. */
export const handler = lambdaHandler((event) => cleanUpOrphan(deps, event));
