import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE } from './metrics';

/** The service name every orgmfa function logs, traces and publishes metrics under. */
const SERVICE = process.env.POWERTOOLS_SERVICE_NAME ?? 'orgmfa';

/** The Lambda functions' logger, tracer and metrics: configured once per execution environment. */
export const powertools = {
  logger: new Logger({ serviceName: SERVICE }),
  tracer: new Tracer({ serviceName: SERVICE }),
  metrics: new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE }),
};

/**
 * A hub function's Lambda handler around its step: Powertools injects the Lambda context into the
 * logger (request id, cold start and function name on every line) and traces the invocation with X-Ray
 * (the SDK clients are traced by the client factory); a function that publishes metrics
 * (`options.metrics`) has them published after each invocation.
 */
export function lambdaHandler<R>(
  step: (event: unknown, context: Context) => Promise<R> | R,
  options: { readonly metrics?: boolean } = {},
) {
  const handler = middy(async (event: unknown, context: Context) => step(event, context))
    .use(captureLambdaHandler(powertools.tracer))
    .use(injectLambdaContext(powertools.logger, { resetKeys: true }));
  return options.metrics === true ? handler.use(logMetrics(powertools.metrics)) : handler;
}
