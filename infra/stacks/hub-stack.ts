import { join } from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { stateBucketName } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { AlarmTopic } from '../constructs/alarm-topic';
import { CentralEventBus } from '../constructs/central-event-bus';
import { EventWorkflow } from '../constructs/event-workflow';
import { EventWorkflowRule } from '../constructs/event-workflow-rule';
import { Guardrail } from '../constructs/guardrail';
import { complianceEnvironment, functionEnvironment } from '../constructs/function-environment';
import { MemberStackSet } from '../constructs/member-stack-set';
import { OperationsDashboard } from '../constructs/operations-dashboard';
import { StateBucket } from '../constructs/state-bucket';
import { SweepAlarms } from '../constructs/sweep-alarms';
import { SweepSchedule } from '../constructs/sweep-schedule';
import { SweepWorkflow } from '../constructs/sweep-workflow';
import { WorkflowAlarms } from '../constructs/workflow-alarms';
import { WorkflowFunction, type WorkflowFunctionProps } from '../constructs/workflow-function';
import { cleanUpOrphanPermissions } from '../policies/cleanup-orphan-policy';
import { evaluateUserPermissions } from '../policies/evaluate-user-policy';
import { HUB_ROLE_NAMES } from '../policies/hub-role-names';
import { listAccountsPermissions } from '../policies/list-accounts-policy';
import { provisionMfaPermissions } from '../policies/provision-mfa-policy';
import { summarizeSweepPermissions } from '../policies/summarize-sweep-policy';
import { sweepAccountPermissions } from '../policies/sweep-account-policy';
import { orgmfaVersion } from '../package-version';
import { synthesizeMemberTemplate } from './member-template';

/** Properties of {@link HubStack}. */
export interface HubStackProps extends StackProps {
  readonly config: OrgMfaConfig;
}

const FUNCTIONS_DIR = join(__dirname, '..', '..', 'functions');

/** A hub function's handler file, by its folder under functions/. */
const handlerOf = (folder: string) => join(FUNCTIONS_DIR, folder, 'handler.ts');

/**
 * The hub: the central bus and its org-scoped policy, the event workflow and its functions, the
 * scheduled organization-wide sweep and its functions, the state bucket (findings records, sweep
 * files, reports), dead-letter queues, alarms, the dashboard, and the StackSet that gives every
 * member account its stack.
 */
export class HubStack extends Stack {
  /** The central bus. */
  readonly centralBus: CentralEventBus;
  /** The event workflow. */
  readonly eventWorkflow: EventWorkflow;
  /** The rule that starts the event workflow. */
  readonly eventWorkflowRule: EventWorkflowRule;
  /** The function that parses and routes an event (no AWS permissions). */
  readonly parseEvent: WorkflowFunction;
  /** The function that keeps orgmfa's device record and deletes orphaned devices by the orphan rule. */
  readonly cleanUpOrphan: WorkflowFunction;
  /** The function that gives a new IAM user a working MFA device. */
  readonly provisionMfa: WorkflowFunction;
  /** The function that re-evaluates the user an event changed and updates its findings. */
  readonly evaluateUser: WorkflowFunction;
  /** Findings records, sweep files and reports. */
  readonly stateBucket: StateBucket;
  /** The sweep's first step: the organization's accounts, into S3. */
  readonly listAccounts: WorkflowFunction;
  /** The sweep of one account. */
  readonly sweepAccount: WorkflowFunction;
  /** The sweep's summary, metrics and report summary. */
  readonly summarizeSweep: WorkflowFunction;
  /** The organization-wide sweep. */
  readonly sweepWorkflow: SweepWorkflow;
  /** The schedule that starts the sweep. */
  readonly sweepSchedule: SweepSchedule;
  /** The "orgmfa" CloudWatch dashboard. */
  readonly dashboard: OperationsDashboard;
  /** The member StackSet. */
  readonly memberStackSet: MemberStackSet;
  /** The deny-unless-MFA guardrail's SCPs, when `guardrail.organizationalUnitIds` lists OUs. */
  readonly guardrail?: Guardrail;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: 'orgmfa hub: keeps IAM-user MFA healthy across the organization',
      ...stackProps,
    });
    const fn = (fnId: string, fnProps: WorkflowFunctionProps) => new WorkflowFunction(this, fnId, fnProps);
    const environment = functionEnvironment(config);
    // The event path's functions get reserved concurrency: a flood of events from one account is capped
    // there (Step Functions retries the throttled invocations) and cannot starve the sweep's functions,
    // while the event path keeps its share whatever else runs in the hub account.
    const events = config.eventFunctions;
    const reserved = (concurrency: number) =>
      events.reserveConcurrency ? { reservedConcurrentExecutions: concurrency } : {};

    this.centralBus = new CentralEventBus(this, 'CentralBus', {
      eventBusName: config.eventBusName,
      organizationId: config.organizationId,
    });
    this.stateBucket = new StateBucket(this, 'State', {
      bucketName: stateBucketName(config.hubAccountId),
    });
    const compliance = complianceEnvironment(config, this.stateBucket.bucket.bucketName);

    // The event path.
    this.parseEvent = fn('ParseEvent', {
      entry: handlerOf('parse-event'),
      description: 'validates a forwarded IAM event and decides its route',
      environment,
      ...reserved(events.parseEventConcurrency),
    });
    this.cleanUpOrphan = fn('CleanUpOrphan', {
      entry: handlerOf('cleanup-orphan'),
      description:
        "keeps orgmfa's record of virtual MFA devices and deletes orphaned ones in member accounts by the orphan rule",
      // The state bucket (device records) and the enrolment window.
      environment: compliance,
      permissions: cleanUpOrphanPermissions(config),
      // Member accounts trust this role by ARN.
      roleName: HUB_ROLE_NAMES.cleanUpOrphan,
      ...reserved(events.cleanUpOrphanConcurrency),
    });
    this.provisionMfa = fn('ProvisionMfa', {
      entry: handlerOf('provision-mfa'),
      description: 'gives a new IAM user a working virtual MFA device and stores its seed for pickup',
      // The state bucket (device records) and the enrolment window, for a device in the way.
      environment: compliance,
      permissions: provisionMfaPermissions(config),
      roleName: HUB_ROLE_NAMES.provisionMfa,
      // Enabling may wait for the next 30 s TOTP window once; a failure's undo and, with
      // deleteUserOnFailure, the user's removal retry each step for up to 7 s after the SDK's retries.
      timeout: Duration.minutes(2),
      ...reserved(events.provisionMfaConcurrency),
    });
    this.evaluateUser = fn('EvaluateUser', {
      entry: handlerOf('evaluate-user'),
      description: 're-evaluates the IAM user an event changed and updates its Security Hub findings',
      environment: compliance,
      permissions: evaluateUserPermissions(config),
      roleName: HUB_ROLE_NAMES.evaluateUser,
      // A conditional-write conflict with a concurrent sweep re-reads and re-imports.
      timeout: Duration.seconds(60),
      ...reserved(events.evaluateUserConcurrency),
    });
    this.eventWorkflow = new EventWorkflow(this, 'EventWorkflow', {
      functions: {
        ParseEventFunctionArn: this.parseEvent.function,
        CleanUpOrphanFunctionArn: this.cleanUpOrphan.function,
        ProvisionMfaFunctionArn: this.provisionMfa.function,
        EvaluateUserFunctionArn: this.evaluateUser.function,
      },
    });
    this.eventWorkflowRule = new EventWorkflowRule(this, 'EventWorkflowRule', {
      eventBus: this.centralBus.bus,
      stateMachine: this.eventWorkflow.stateMachine,
    });

    // The sweep.
    this.listAccounts = fn('ListAccounts', {
      entry: handlerOf('list-accounts'),
      description: "lists the organization's accounts for a sweep",
      environment: compliance,
      permissions: listAccountsPermissions(config),
      roleName: HUB_ROLE_NAMES.listAccounts,
      // Organizations pages 20 accounts per call, at a low request rate.
      timeout: Duration.minutes(5),
    });
    this.sweepAccount = fn('SweepAccount', {
      entry: handlerOf('sweep-account'),
      description: 'sweeps one account: credential report, devices, findings, orphans, its report',
      environment: compliance,
      permissions: sweepAccountPermissions(config),
      roleName: HUB_ROLE_NAMES.sweepAccount,
      // IAM may take a while to generate the credential report, polled with backoff.
      timeout: Duration.minutes(5),
      // Room for the credential report and authorization details of a 10,000-user account.
      memorySize: 512,
    });
    this.summarizeSweep = fn('SummarizeSweep', {
      entry: handlerOf('summarize-sweep'),
      description: "sums up a sweep's results into its summary, metrics and HTML and OCSF report",
      environment: { ...compliance, ORGMFA_VERSION: orgmfaVersion() },
      permissions: summarizeSweepPermissions(config),
      roleName: HUB_ROLE_NAMES.summarizeSweep,
      // The organization's report holds every active finding at once (160,000 at 10,000 accounts ×
      // 50 users): measured locally in bench/sweep-report.ts, with room to spare.
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    this.sweepWorkflow = new SweepWorkflow(this, 'SweepWorkflow', {
      config,
      functions: {
        ListAccountsFunctionArn: this.listAccounts.function,
        SweepAccountFunctionArn: this.sweepAccount.function,
        SummarizeSweepFunctionArn: this.summarizeSweep.function,
      },
    });
    this.sweepSchedule = new SweepSchedule(this, 'SweepSchedule', {
      expression: config.compliance.sweepSchedule,
      stateMachine: this.sweepWorkflow.stateMachine,
    });

    // Operations.
    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: config.alarmEmail });
    const eventAlarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.eventWorkflow.stateMachine,
      deadLetterQueue: this.eventWorkflowRule.deadLetterQueue,
      topic: alarmTopic.topic,
    });
    if (config.guardrail.organizationalUnitIds.length > 0) {
      this.guardrail = new Guardrail(this, 'Guardrail', { config, topic: alarmTopic.topic });
    }
    const sweepAlarms = new SweepAlarms(this, 'SweepAlarms', {
      stateMachine: this.sweepWorkflow.stateMachine,
      scheduleDeadLetterQueue: this.sweepSchedule.deadLetterQueue,
      topic: alarmTopic.topic,
    });
    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      eventWorkflow: this.eventWorkflow.stateMachine,
      sweepWorkflow: this.sweepWorkflow.stateMachine,
      deadLetterQueues: {
        'IAM events not started': this.eventWorkflowRule.deadLetterQueue,
        'sweeps not started': this.sweepSchedule.deadLetterQueue,
      },
      alarms: [
        eventAlarms.executionsFailed,
        eventAlarms.deadLetters,
        eventAlarms.provisioningFailed,
        sweepAlarms.executionsFailed,
        sweepAlarms.accountsFailed,
        sweepAlarms.accountsIncomplete,
        sweepAlarms.findingsTampered,
        sweepAlarms.startsFailed,
        ...(this.guardrail?.alarms ?? []),
      ],
    });

    this.memberStackSet = new MemberStackSet(this, 'MemberStackSet', {
      config,
      templateBody: synthesizeMemberTemplate(),
    });
  }
}
