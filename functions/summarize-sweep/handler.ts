import { lambdaContext } from '../aws/lambda-context';
import { metricsSink } from '../aws/metrics';
import { lambdaHandler, powertools } from '../aws/powertools';
import { summarizeSweep } from './summarize-sweep';

// Built once per execution environment and reused across invocations.
const deps = { ...lambdaContext(), metrics: metricsSink(powertools.metrics) };

/** Lambda entry point of the sweep workflow's `SummarizeSweep` state. */
export const handler = lambdaHandler((event) => summarizeSweep(deps, event), { metrics: true });
