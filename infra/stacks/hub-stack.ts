import { join } from 'node:path';
import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { OrgMfaConfig } from '../config';
import { AlarmTopic } from '../constructs/alarm-topic';
import { CentralEventBus } from '../constructs/central-event-bus';
import { EventWorkflow } from '../constructs/event-workflow';
import { EventWorkflowRule } from '../constructs/event-workflow-rule';
import { functionEnvironment } from '../constructs/function-environment';
import { MemberStackSet } from '../constructs/member-stack-set';
import { WorkflowAlarms } from '../constructs/workflow-alarms';
import { WorkflowFunction } from '../constructs/workflow-function';
import { cleanUpOrphanPermissions } from '../policies/cleanup-orphan-policy';
import { provisionMfaPermissions } from '../policies/provision-mfa-policy';
import { HUB_ROLE_NAMES } from '../policies/hub-role-names';
import { synthesizeMemberTemplate } from './member-template';

/** Properties of {@link HubStack}. */
export interface HubStackProps extends StackProps {
  readonly config: OrgMfaConfig;
}

const FUNCTIONS_DIR = join(__dirname, '..', '..', 'functions');

/**
 * The hub: the central bus and its org-scoped policy, the event workflow and its functions, the
 * dead-letter queue and alarms, and the StackSet that gives every member account its stack.
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
  /** The function that deletes an orphaned device in a member account. */
  readonly cleanUpOrphan: WorkflowFunction;
  /** The function that gives a new IAM user a working MFA device. */
  readonly provisionMfa: WorkflowFunction;
  /** The member StackSet. */
  readonly memberStackSet: MemberStackSet;

  constructor(scope: Construct, id: string, props: HubStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description: 'orgmfa hub: keeps IAM-user MFA healthy across the organization',
      ...stackProps,
    });
    const environment = functionEnvironment(config);

    this.centralBus = new CentralEventBus(this, 'CentralBus', {
      eventBusName: config.eventBusName,
      organizationId: config.organizationId,
    });

    this.parseEvent = new WorkflowFunction(this, 'ParseEvent', {
      entry: join(FUNCTIONS_DIR, 'parse-event', 'handler.ts'),
      description: 'validates a forwarded IAM event and decides its route',
      environment,
    });
    this.cleanUpOrphan = new WorkflowFunction(this, 'CleanUpOrphan', {
      entry: join(FUNCTIONS_DIR, 'cleanup-orphan', 'handler.ts'),
      description: 'deletes an orphaned virtual MFA device in a member account',
      environment,
      permissions: cleanUpOrphanPermissions(config),
      // Member accounts trust this role by ARN.
      roleName: HUB_ROLE_NAMES.cleanUpOrphan,
    });

    this.provisionMfa = new WorkflowFunction(this, 'ProvisionMfa', {
      entry: join(FUNCTIONS_DIR, 'provision-mfa', 'handler.ts'),
      description: 'gives a new IAM user a working virtual MFA device and stores its seed for pickup',
      environment,
      permissions: provisionMfaPermissions(config),
      roleName: HUB_ROLE_NAMES.provisionMfa,
      // Enabling may wait for the next 30 s TOTP window once.
      timeout: Duration.seconds(60),
    });

    this.eventWorkflow = new EventWorkflow(this, 'EventWorkflow', {
      functions: {
        ParseEventFunctionArn: this.parseEvent.function,
        CleanUpOrphanFunctionArn: this.cleanUpOrphan.function,
        ProvisionMfaFunctionArn: this.provisionMfa.function,
      },
    });
    this.eventWorkflowRule = new EventWorkflowRule(this, 'EventWorkflowRule', {
      eventBus: this.centralBus.bus,
      stateMachine: this.eventWorkflow.stateMachine,
    });

    const alarmTopic = new AlarmTopic(this, 'AlarmTopic', { email: config.alarmEmail });
    new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.eventWorkflow.stateMachine,
      deadLetterQueue: this.eventWorkflowRule.deadLetterQueue,
      topic: alarmTopic.topic,
    });

    this.memberStackSet = new MemberStackSet(this, 'MemberStackSet', {
      config,
      templateBody: synthesizeMemberTemplate(),
    });
  }
}
