import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { orgMfaMetric } from './orgmfa-metric';

/** Properties of {@link OperationsDashboard}. */
export interface OperationsDashboardProps {
  /** The event workflow. */
  readonly eventWorkflow: sfn.IStateMachine;
  /** The sweep workflow. */
  readonly sweepWorkflow: sfn.IStateMachine;
  /** Dead-letter queues whose depth is shown, by label. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Alarms whose state is shown. */
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** The dashboard's name, fixed so operators find it. */
export const DASHBOARD_NAME = 'orgmfa';

const PERIOD = Duration.minutes(5);
/** Sweep totals are published once per sweep: over an hour, the maximum is the last sweep's figure. */
const SWEEP_PERIOD = Duration.hours(1);
const WIDTH = 8;

function executions(stateMachine: sfn.IStateMachine): cloudwatch.IMetric[] {
  return [
    stateMachine.metricStarted({ period: PERIOD, label: 'started' }),
    stateMachine.metricSucceeded({ period: PERIOD, label: 'succeeded' }),
    stateMachine.metricFailed({ period: PERIOD, label: 'failed' }),
  ];
}

/**
 * The "orgmfa" CloudWatch dashboard: alarm states; event workflow and sweep executions; the last
 * sweeps' findings (active, exempt, new, resolved, disagreeing with the record) and failed or
 * incomplete accounts; provisioning outcomes; dead-letter queue depths.
 */
export class OperationsDashboard extends Construct {
  /** The dashboard. */
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const sweepMetric = (name: Parameters<typeof orgMfaMetric>[0], label: string) =>
      orgMfaMetric(name, { statistic: cloudwatch.Stats.MAXIMUM, period: SWEEP_PERIOD, label });
    const sum = (name: Parameters<typeof orgMfaMetric>[0], label: string) =>
      orgMfaMetric(name, { statistic: cloudwatch.Stats.SUM, period: PERIOD, label });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: DASHBOARD_NAME,
      widgets: [
        [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24 })],
        [
          new cloudwatch.GraphWidget({
            title: 'Event workflow executions',
            left: executions(props.eventWorkflow),
            width: WIDTH,
          }),
          new cloudwatch.GraphWidget({
            title: 'Sweep executions',
            left: executions(props.sweepWorkflow),
            width: WIDTH,
          }),
          new cloudwatch.GraphWidget({
            title: 'New users: MFA provisioning',
            left: [
              sum('ProvisioningSucceeded', 'succeeded'),
              sum('ProvisioningSkipped', 'skipped'),
              sum('ProvisioningFailed', 'failed'),
            ],
            width: WIDTH,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Sweep findings',
            left: [
              sweepMetric('SweepFindingsActive', 'active'),
              sweepMetric('SweepFindingsExempt', 'exempt'),
              sweepMetric('SweepFindingsNew', 'new'),
              sweepMetric('SweepFindingsResolved', 'resolved'),
              sweepMetric('SweepFindingsTampered', 'disagreeing with the record'),
            ],
            width: WIDTH,
          }),
          new cloudwatch.GraphWidget({
            title: 'Sweep: accounts not (fully) evaluated',
            left: [
              sweepMetric('SweepAccountsFailed', 'failed accounts'),
              sweepMetric('SweepAccountsIncomplete', 'incomplete accounts'),
            ],
            width: WIDTH,
          }),
          new cloudwatch.GraphWidget({
            title: 'Dead-letter queues',
            left: Object.entries(props.deadLetterQueues).map(([label, queue]) =>
              queue.metricApproximateNumberOfMessagesVisible({
                period: PERIOD,
                statistic: cloudwatch.Stats.MAXIMUM,
                label,
              }),
            ),
            width: WIDTH,
          }),
        ],
      ],
    });
  }
}
