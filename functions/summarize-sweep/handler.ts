import { lambdaContext } from '../aws/lambda-context';
import { lambdaMetrics } from '../aws/metrics';
import { summarizeSweep } from './summarize-sweep';

const metrics = lambdaMetrics();
const deps = { ...lambdaContext(), metrics };

/** Lambda entry point of the sweep workflow's `SummarizeSweep` state. */
export const handler = async (event: unknown) => {
  try {
    return await summarizeSweep(deps, event);
  } finally {
    metrics.flush();
  }
};
