import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { type CfnElement, CustomResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { OrgMfaConfig } from '../../functions/core/config';
import {
  GUARDRAIL_ATTACHMENTS_RESOURCE_TYPE,
  GUARDRAIL_POLICY_RESOURCE_TYPE,
  guardrailScpContent,
  type GuardrailPart,
} from '../../functions/core/guardrail/guardrail-policies';
import { HUB_ROLE_NAMES } from '../../functions/core/naming';
import { guardrailPolicyPermissions, ownGuardrailPolicyPermissions } from '../policies/guardrail-policy';
import { wildcardResourceFinding } from '../policies/nag-finding-ids';
import { alarmOnAny, alarmOnDeadLetters } from './alarm-on-any';
import { deadLetterQueue } from './dead-letter-queue';
import { functionEnvironment } from './function-environment';
import { LOG_RETENTION } from './log-retention';
import { orgMfaMetric } from './orgmfa-metric';
import { schedulerRole } from './scheduler-role';
import { WorkflowFunction } from './workflow-function';

/** Properties of {@link Guardrail}. */
export interface GuardrailProps {
  readonly config: OrgMfaConfig;
  /** Where the guardrail's alarms notify. */
  readonly topic: sns.ITopic;
}

/** The refresh schedule's name and group: fixed, so operators find them. */
export const GUARDRAIL_SCHEDULE_NAME = 'orgmfa-guardrail-refresh';
export const GUARDRAIL_SCHEDULE_GROUP_NAME = 'orgmfa-guardrail';
/**
 * Every hour at minute 1 (UTC): the time-boxed SCP changes at midnight UTC, so an exemption that
 * ended yesterday is honoured for at most a minute or so into the new day, while any failed refresh is
 * retried the hour after.
 */
export const GUARDRAIL_REFRESH_SCHEDULE = 'cron(1 * * * ? *)';
/** Hours without a successful refresh before the "not refreshed" alarm fires. */
export const GUARDRAIL_NOT_REFRESHED_HOURS = 3;

const PARTS: readonly GuardrailPart[] = ['rule', 'timeBoxed'];

/**
 * A digest of what an SCP's content is made of in this version of orgmfa (its content on a fixed day):
 * a new version that words the rule differently changes it, and so updates the SCP at deployment
 * rather than at the next hourly refresh. The function itself ignores it.
 */
function contentDigest(part: GuardrailPart, config: OrgMfaConfig): string {
  const content = guardrailScpContent(
    part,
    { partition: config.partition, deviceNameTemplate: config.provisioning.deviceNameTemplate },
    new Date(0),
  );
  return createHash('sha256').update(content).digest('hex');
}

/**
 * The deny-unless-MFA guardrail for the configured OUs: its two service control policies, created,
 * updated and deleted by the guardrail function through CloudFormation custom resources (so that
 * CloudFormation holds the inputs, never the content the function regenerates each day, and never
 * fights the refresh over it), attached to exactly the configured OUs, refreshed every hour by
 * EventBridge Scheduler, and alarmed: a failed refresh, no successful refresh for three hours,
 * attachments that differ from the configuration, a schedule that could not invoke the function.
 */
export class Guardrail extends Construct {
  /** The function behind the custom resources and the refresh. */
  readonly function: WorkflowFunction;
  /** Each SCP's custom resource; its `PolicyId` attribute is the policy's id. */
  readonly policies: Readonly<Record<GuardrailPart, CustomResource>>;
  /** The SCPs' attachments to the configured OUs. */
  readonly attachments: CustomResource;
  /** The hourly refresh. */
  readonly schedule: scheduler.Schedule;
  /** The guardrail's alarms. */
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: GuardrailProps) {
    super(scope, id);
    const { config, topic } = props;
    this.function = new WorkflowFunction(this, 'Function', {
      entry: join(__dirname, '..', '..', 'functions', 'guardrail-policies', 'handler.ts'),
      description: "creates, attaches and refreshes the guardrail's service control policies",
      environment: functionEnvironment(config),
      permissions: guardrailPolicyPermissions(config),
      roleName: HUB_ROLE_NAMES.guardrail,
      // Each SCP and target is one Organizations call, one at a time (a low request rate).
      timeout: Duration.minutes(5),
    });
    const provider = this.provider();

    const contentInputs = {
      Partition: config.partition,
      DeviceNameTemplate: config.provisioning.deviceNameTemplate,
    };
    const policy = (part: GuardrailPart) =>
      new CustomResource(this, part === 'rule' ? 'RulePolicy' : 'TimeBoxedPolicy', {
        serviceToken: provider.serviceToken,
        resourceType: GUARDRAIL_POLICY_RESOURCE_TYPE,
        properties: { Part: part, ...contentInputs, ContentDigest: contentDigest(part, config) },
      });
    this.policies = { rule: policy('rule'), timeBoxed: policy('timeBoxed') };
    const policyIds = PARTS.map((part) => this.policies[part].getAttString('PolicyId'));

    // Everything beyond creating and deleting names the two policies by their exact ARN, so this policy
    // can exist only once they do: the attachments and the refresh wait for it.
    const own = ownGuardrailPolicyPermissions(config, policyIds);
    const ownPolicies = new iam.Policy(this, 'OwnPolicies', {
      statements: [...own.statements],
      roles: [this.function.role],
    });
    Validations.of(ownPolicies).acknowledge(...own.acknowledgements);

    this.attachments = new CustomResource(this, 'Attachments', {
      serviceToken: provider.serviceToken,
      resourceType: GUARDRAIL_ATTACHMENTS_RESOURCE_TYPE,
      properties: { PolicyIds: policyIds, TargetIds: [...config.guardrail.organizationalUnitIds] },
    });
    this.attachments.node.addDependency(ownPolicies);

    const refreshInput = {
      refresh: {
        policies: PARTS.map((part, index) => ({ part, policyId: policyIds[index] })),
        partition: config.partition,
        deviceNameTemplate: config.provisioning.deviceNameTemplate,
        targetIds: [...config.guardrail.organizationalUnitIds],
      },
    };
    const { schedule, deadLetters } = this.refreshSchedule(refreshInput);
    this.schedule = schedule;
    this.schedule.node.addDependency(this.attachments);

    this.alarms = [
      alarmOnAny(
        this,
        'RefreshFailed',
        this.function.function.metricErrors({ period: Duration.minutes(5) }),
        {
          description:
            "orgmfa: the guardrail function failed (a refresh or a deployment of the guardrail's SCPs); see its logs",
          topic,
        },
      ),
      this.notRefreshedAlarm(topic),
      // Published once per refresh, hourly: an hour's maximum is that refresh's count.
      alarmOnAny(
        this,
        'AttachmentsDiffer',
        orgMfaMetric('GuardrailAttachmentDrift', {
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.hours(1),
        }),
        {
          description:
            "orgmfa: the guardrail's SCPs are not attached as configured (detached by hand, e.g. break-glass, or attached elsewhere); orgmfa leaves them as they are",
          topic,
        },
      ),
      alarmOnDeadLetters(this, 'RefreshNotStarted', deadLetters, {
        description:
          'orgmfa: the schedule could not invoke the guardrail refresh; the attempt waits in its dead-letter queue',
        topic,
      }),
    ];
  }

  /**
   * The CDK provider framework in front of the function (it answers CloudFormation, also when the
   * function fails), with a role and log group of its own: no AWS managed policy.
   */
  private provider(): cr.Provider {
    const logGroup = new logs.LogGroup(this, 'ProviderLogs', { retention: LOG_RETENTION });
    const role = new iam.Role(this, 'ProviderRole', {
      description: "orgmfa: CloudFormation's custom resource provider for the guardrail's SCPs",
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: this.function.function,
      frameworkOnEventRole: role,
      logGroup,
    });
    this.acknowledgeInvokingVersions(role, 'The provider framework');
    return provider;
  }

  /**
   * Invoking a function is granted on its ARN and `ARN:*` (its versions and aliases): the wildcard
   * cdk-nag flags names this function only.
   */
  private acknowledgeInvokingVersions(role: iam.Role, who: string): void {
    const fn = this.function.function;
    const logicalId = Stack.of(this).getLogicalId(fn.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge({
      id: wildcardResourceFinding(`<${logicalId}.Arn>:*`),
      reason: `${who} invokes the guardrail function and its versions (lambda:InvokeFunction on the function's ARN and ARN:*), nothing else.`,
    });
  }

  /** The hourly refresh: Scheduler invokes the function with the deployed policies and their targets. */
  private refreshSchedule(input: object) {
    const group = new scheduler.ScheduleGroup(this, 'ScheduleGroup', {
      scheduleGroupName: GUARDRAIL_SCHEDULE_GROUP_NAME,
    });
    const role = schedulerRole(
      this,
      'ScheduleRole',
      GUARDRAIL_SCHEDULE_GROUP_NAME,
      'orgmfa: lets EventBridge Scheduler invoke the guardrail refresh',
    );
    const deadLetters = deadLetterQueue(this, 'ScheduleDeadLetterQueue', "the guardrail refresh schedule's");
    const schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: GUARDRAIL_SCHEDULE_NAME,
      scheduleGroup: group,
      description: "orgmfa: refreshes the guardrail's service control policies (time-boxed exemptions)",
      schedule: scheduler.ScheduleExpression.expression(GUARDRAIL_REFRESH_SCHEDULE),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(this.function.function, {
        role,
        deadLetterQueue: deadLetters,
        maxEventAge: Duration.hours(1),
        retryAttempts: 10,
        input: scheduler.ScheduleTargetInput.fromObject(input),
      }),
    });
    schedule.node.addDependency(group, role);
    this.acknowledgeInvokingVersions(role, 'EventBridge Scheduler');
    return { schedule, deadLetters };
  }

  /** No successful refresh for {@link GUARDRAIL_NOT_REFRESHED_HOURS} hours, whatever the reason. */
  private notRefreshedAlarm(topic: sns.ITopic): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, 'NotRefreshed', {
      metric: orgMfaMetric('GuardrailRefreshed', {
        statistic: cloudwatch.Stats.SUM,
        period: Duration.hours(1),
      }),
      alarmDescription: `orgmfa: the guardrail's SCPs were not refreshed for ${GUARDRAIL_NOT_REFRESHED_HOURS} hours; time-boxed exemptions stop being honoured two days after the last refresh`,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: GUARDRAIL_NOT_REFRESHED_HOURS,
      // No refresh at all (the schedule deleted, the function gone) is exactly what this alarm is for.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    return alarm;
  }
}
