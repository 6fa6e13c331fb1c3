import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Log } from '../aws/log';
import type { MetricsSink } from '../aws/metrics';

/** What the guardrail function works with: Organizations as the hub, the clock, logs and metrics. */
export interface GuardrailDeps {
  readonly organizations: OrganizationsClient;
  readonly now: () => Date;
  /** Waits (between attempts of an attachment IAM does not allow yet). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Log;
  readonly metrics: MetricsSink;
}

/** What the CDK Provider framework expects back from a custom resource handler. */
export interface CustomResourceResult {
  readonly PhysicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}
