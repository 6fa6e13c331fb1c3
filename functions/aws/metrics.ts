import type { Metrics } from '@aws-lambda-powertools/metrics';

/** orgmfa's CloudWatch metrics namespace (the hub stack's alarms read it). */
export const METRICS_NAMESPACE = 'orgmfa';

/** The metrics orgmfa's functions publish. */
export type MetricName =
  | 'ProvisioningSucceeded'
  | 'ProvisioningSkipped'
  | 'ProvisioningFailed'
  | 'SweepAccountsFailed'
  | 'SweepAccountsIncomplete'
  | 'SweepFindingsActive'
  | 'SweepFindingsExempt'
  | 'SweepFindingsNew'
  | 'SweepFindingsResolved'
  | 'SweepFindingsTampered'
  | 'GuardrailRefreshed'
  | 'GuardrailAttachmentDrift';

/** The metrics interface handlers are given: Powertools Metrics in Lambda, a collector locally. */
export interface MetricsSink {
  /** Adds one occurrence. */
  count(name: MetricName): void;
  /** Records a value (a sweep's totals). */
  gauge(name: MetricName, value: number): void;
}

/**
 * The sink over Powertools Metrics (CloudWatch embedded metric format); the Lambda handler's middleware
 * (functions/aws/powertools.ts) publishes what was added after each invocation.
 */
export function metricsSink(metrics: Metrics): MetricsSink {
  return {
    // The unit's string value: importing MetricUnit would load Powertools wherever this file is read.
    count: (name) => metrics.addMetric(name, 'Count', 1),
    gauge: (name, value) => metrics.addMetric(name, 'Count', value),
  };
}
