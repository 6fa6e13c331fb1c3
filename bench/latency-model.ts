import type { ServiceName } from '../local/sim/service-name';

/**
 * The per-call latency model the benchmarks run under: typical in-region round trips of a warm
 * Lambda, which the simulation really waits (so concurrent calls overlap as they would in AWS).
 */
export const LATENCY_MS: Record<ServiceName, number> = {
  iam: 60,
  sts: 50,
  organizations: 40,
  ssm: 30,
  securityhub: 40,
  s3: 20,
};

/** What a Step Functions `lambda:invoke` of a warm function adds around the handler. */
export const LAMBDA_INVOKE_OVERHEAD_MS = 30;

/** One line describing the model, printed with every figure. */
export function describeLatencyModel(): string {
  const calls = Object.entries(LATENCY_MS)
    .map(([service, ms]) => `${service} ${ms} ms`)
    .join(', ');
  return `latency model: ${calls} per call; ${LAMBDA_INVOKE_OVERHEAD_MS} ms per Lambda invocation; state transitions free`;
}
