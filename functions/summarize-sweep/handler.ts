import { lambdaContext } from '../aws/lambda-context';
import { metricsSink } from '../aws/metrics';
import { lambdaHandler, powertools } from '../aws/powertools';
import { summarizeSweep } from './summarize-sweep';

// Built once per execution environment and reused across invocations.
const deps = {
  ...lambdaContext(),
  metrics: metricsSink(powertools.metrics),
  // Set by the hub stack from package.json: the version the OCSF findings name.
  productVersion: process.env.ORGMFA_VERSION || 'unknown',
};

/** Lambda entry point of the sweep workflow's `SummarizeSweep` state. */
export const handler = lambdaHandler((event) => summarizeSweep(deps, event), { metrics: true });
