import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/** orgmfa's CloudWatch metrics namespace (the hub stack's alarms read it). */
export const METRICS_NAMESPACE = 'orgmfa';

/** The metrics orgmfa's functions publish. */
export type MetricName =
  | 'ProvisioningSucceeded'
  | 'ProvisioningSkipped'
  | 'ProvisioningFailed'
  | 'SweepAccountsFailed'
  | 'SweepFindingsActive'
  | 'SweepFindingsNew'
  | 'SweepFindingsResolved';

/** The metrics interface handlers are given: Powertools Metrics in Lambda, a collector locally. */
export interface MetricsSink {
  /** Adds one occurrence. */
  count(name: MetricName): void;
  /** Records a value (a sweep's totals). */
  gauge(name: MetricName, value: number): void;
}

/** Powertools Metrics (CloudWatch embedded metric format), flushed after each invocation by the handler. */
export function lambdaMetrics(): MetricsSink & { flush(): void } {
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'orgmfa' });
  return {
    count: (name) => metrics.addMetric(name, MetricUnit.Count, 1),
    gauge: (name, value) => metrics.addMetric(name, MetricUnit.Count, value),
    flush: () => metrics.publishStoredMetrics(),
  };
}
