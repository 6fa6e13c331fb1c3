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
import {
  complianceEnvironment,
  eventPathEnvironment,
  functionEnvironment,
  listingEnvironment,
} from '../constructs/function-environment';
import { MemberStackSet } from '../constructs/member-stack-set';
import { OperationsDashboard } from '../constructs/operations-dashboard';
import { StateBucket } from '../constructs/state-bucket';
import { SweepAlarms } from '../constructs/sweep-alarms';
import { SweepSchedule } from '../constructs/sweep-schedule';
import { SweepWorkflow } from '../constructs/sweep-workflow';
import { WorkflowAlarms } from '../constructs/workflow-alarms';
import { WorkflowFunction, type WorkflowFunctionProps } from '../constructs/workflow-function';
import { FUNCTION_SIZES } from '../function-sizes';
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
    // Each function's timeout and memory come from one table (infra/function-sizes.ts), which the
    // workflows' Task timeouts and the benchmarks' cost model read too.
    const fn = (
      fnId: string,
      sized: keyof typeof FUNCTION_SIZES,
      fnProps: Omit<WorkflowFunctionProps, 'timeout' | 'memorySize'>,
    ) =>
      new WorkflowFunction(this, fnId, {
        ...fnProps,
        timeout: Duration.seconds(FUNCTION_SIZES[sized].timeoutSeconds),
        memorySize: FUNCTION_SIZES[sized].memoryMb,
      });
    const environment = functionEnvironment(config);
    // The event path's functions get reserved concurrency: a flood of events from one account is capped
    // there (Step Functions retries the throttled invocations) and cannot starve the sweep's functions,
    // while the event path keeps its share whatever else runs in the hub account. The sweep's function
    // reserves its Map's concurrency, which also caps it: a sweep never takes the event path's share,
    // nor the rest of the pool. Both switch off together (an account at a reduced Lambda quota).
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
    // The event functions that open member accounts start their membership checks from the sweep's view.
    const eventPath = eventPathEnvironment(config, this.stateBucket.bucket.bucketName);

    // The event path.
    this.parseEvent = fn('ParseEvent', 'ParseEventFunctionArn', {
      entry: handlerOf('parse-event'),
      description: 'validates a forwarded IAM event and decides its route',
      environment,
      ...reserved(events.parseEventConcurrency),
    });
    this.cleanUpOrphan = fn('CleanUpOrphan', 'CleanUpOrphanFunctionArn', {
      entry: handlerOf('cleanup-orphan'),
      description:
        "keeps orgmfa's record of virtual MFA devices and deletes orphaned ones in member accounts by the orphan rule",
      // The state bucket (device records) and the enrolment window.
      environment: { ...compliance, ...eventPath },
      permissions: cleanUpOrphanPermissions(config),
      // Member accounts trust this role by ARN.
      roleName: HUB_ROLE_NAMES.cleanUpOrphan,
      ...reserved(events.cleanUpOrphanConcurrency),
    });
    this.provisionMfa = fn('ProvisionMfa', 'ProvisionMfaFunctionArn', {
      entry: handlerOf('provision-mfa'),
      description: 'gives a new IAM user a working virtual MFA device and stores its seed for pickup',
      // The state bucket (device records), the enrolment window and the organization view.
      environment: { ...compliance, ...eventPath },
      permissions: provisionMfaPermissions(config),
      roleName: HUB_ROLE_NAMES.provisionMfa,
      ...reserved(events.provisionMfaConcurrency),
    });
    this.evaluateUser = fn('EvaluateUser', 'EvaluateUserFunctionArn', {
      entry: handlerOf('evaluate-user'),
      description: 're-evaluates the IAM user an event changed and updates its Security Hub findings',
      environment: { ...compliance, ...eventPath },
      permissions: evaluateUserPermissions(config),
      roleName: HUB_ROLE_NAMES.evaluateUser,
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
    this.listAccounts = fn('ListAccounts', 'ListAccountsFunctionArn', {
      entry: handlerOf('list-accounts'),
      description: "lists the accounts of the sweep's target OUs and the management account for a sweep",
      environment: { ...compliance, ...listingEnvironment(config) },
      permissions: listAccountsPermissions(config),
      roleName: HUB_ROLE_NAMES.listAccounts,
    });
    this.sweepAccount = fn('SweepAccount', 'SweepAccountFunctionArn', {
      entry: handlerOf('sweep-account'),
      description:
        'sweeps a batch of accounts (credential report, devices, findings, orphans, report), or starts their credential reports',
      environment: compliance,
      permissions: sweepAccountPermissions(config),
      roleName: HUB_ROLE_NAMES.sweepAccount,
      // Its reservation is also its cap: the sweep never takes more of the hub's Lambda pool than its
      // Map's concurrency, whatever else runs (see the configuration's check of the pool).
      ...reserved(config.compliance.sweepConcurrency),
    });
    this.summarizeSweep = fn('SummarizeSweep', 'SummarizeSweepFunctionArn', {
      entry: handlerOf('summarize-sweep'),
      description: "sums up a sweep's results into its summary, metrics and HTML and OCSF report",
      environment: { ...compliance, ORGMFA_VERSION: orgmfaVersion() },
      permissions: summarizeSweepPermissions(config),
      roleName: HUB_ROLE_NAMES.summarizeSweep,
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
