import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { HUB_FUNCTIONS } from '../../functions/core/naming';
import { invokeFunctionsStatement } from '../policies/invoke-functions-statement';
import { wildcardResourceFinding } from '../policies/nag-finding-ids';
import { LOG_RETENTION } from './log-retention';

/** The event workflow's ASL file, the same file the local runner executes. */
export const EVENT_WORKFLOW_ASL_PATH = join(
  __dirname,
  '..',
  '..',
  'statemachines',
  'event-workflow.asl.json',
);

/** Properties of {@link EventWorkflow}. */
export interface EventWorkflowProps {
  /** The function behind each `${…FunctionArn}` substitution of the definition. */
  readonly functions: Readonly<Record<keyof typeof HUB_FUNCTIONS, lambda.IFunction>>;
}

/**
 * The Step Functions (STANDARD) workflow that handles one forwarded IAM event. The definition is read
 * from the ASL file and carried inline in the template (`fromString`, not `fromFile`, which would
 * make an S3 asset), so the template's definition can be compared with the file the local runner uses.
 */
export class EventWorkflow extends Construct {
  /** The state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** The workflow's execution log group. */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EventWorkflowProps) {
    super(scope, id);
    const tasks = Object.values(props.functions);
    // An explicit role: CDK cannot see the Lambda tasks in a string definition, so it would grant nothing.
    const role = new iam.Role(this, 'Role', {
      description: 'orgmfa: runs the event workflow',
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
    });
    role.addToPolicy(invokeFunctionsStatement(tasks));

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: LOG_RETENTION });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(readFileSync(EVENT_WORKFLOW_ASL_PATH, 'utf8')),
      definitionSubstitutions: {
        Partition: Stack.of(this).partition,
        ...Object.fromEntries(Object.entries(props.functions).map(([key, fn]) => [key, fn.functionArn])),
      },
      role,
      tracingEnabled: true,
      // Execution data is safe to log: workflow state holds events and outcomes, never a TOTP seed.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    Validations.of(role).acknowledge({
      id: wildcardResourceFinding('*'),
      reason:
        'Added by Step Functions for logging and tracing: the CloudWatch Logs log-delivery actions and the X-Ray actions do not support resource-level permissions.',
    });
  }
}
