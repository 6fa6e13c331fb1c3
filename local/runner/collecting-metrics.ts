import type { MetricName, MetricsSink } from '../../functions/aws/metrics';

/** The local runtime's metrics: counts per metric name, for tests and the CLI. */
export class CollectingMetrics implements MetricsSink {
  readonly counts: Partial<Record<MetricName, number>> = {};

  count(name: MetricName): void {
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  gauge(name: MetricName, value: number): void {
    this.counts[name] = value;
  }
}
