import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * An encrypted, TLS-only dead-letter queue that keeps what could not be delivered for 14 days (the
 * maximum). `whose` names the sender, for cdk-nag's acknowledgement: a DLQ needs no DLQ of its own,
 * since its depth alarm reports what lands in it.
 */
export function deadLetterQueue(scope: Construct, id: string, whose: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is ${whose} dead-letter queue; a DLQ of a DLQ would only hide failures that the DLQ-depth alarm reports.`,
  });
  return queue;
}
