import { lambdaContext } from '../aws/lambda-context';
import { metricsSink } from '../aws/metrics';
import { lambdaHandler, powertools } from '../aws/powertools';
import { guardrailPolicies } from './guardrail-policies';

const context = lambdaContext();
// Built once per execution environment and reused across invocations.
const deps = {
  organizations: context.clients.organizations(context.hub),
  now: context.clock,
  sleep: context.sleep,
  log: context.log,
  metrics: metricsSink(powertools.metrics),
};

/** Lambda entry point of the guardrail's custom resources and of its hourly refresh. */
export const handler = lambdaHandler((event) => guardrailPolicies(deps, event), { metrics: true });
