import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, type MetricName } from '../../functions/aws/metrics';
import { POWERTOOLS_SERVICE_NAME } from './function-environment';

/**
 * One of the metrics orgmfa's functions publish (Powertools Metrics, embedded metric format), with the
 * `service` dimension Powertools adds, so alarms and the dashboard read exactly what is published.
 */
export function orgMfaMetric(
  metricName: MetricName,
  options: { statistic: string; period?: Duration; label?: string },
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
    statistic: options.statistic,
    period: options.period ?? Duration.minutes(5),
    ...(options.label === undefined ? {} : { label: options.label }),
  });
}
