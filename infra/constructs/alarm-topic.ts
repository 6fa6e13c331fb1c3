import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /**
   * An address to notify.
   * @default - no subscription
   */
  readonly email?: string;
}

/**
 * The SNS topic orgmfa's alarms notify: encrypted with a customer managed key and SSL-only.
 *
 * The key is customer managed because the AWS managed `aws/sns` key cannot grant CloudWatch the use
 * of it, and an alarm that cannot encrypt its message is silently dropped.
 */
export class AlarmTopic extends Construct {
  /** The topic. */
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    const key = new kms.Key(this, 'Key', {
      description: 'orgmfa: encrypts the alarm topic',
      enableKeyRotation: true,
    });
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey*');

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'orgmfa alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // The topic policy CDK writes for enforceSSL replaces SNS's default one, so CloudWatch (publishing
    // on behalf of this account's alarms) has to be allowed explicitly.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.email !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }
}
