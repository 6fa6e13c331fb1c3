import { join } from 'node:path';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { HUB_FUNCTIONS } from '../../functions/core/naming';
import { AslWorkflow } from './asl-workflow';

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
 * The Step Functions (STANDARD) workflow that handles one forwarded IAM event: parse and route it,
 * then clean up an orphan, provision a new user's MFA, or re-evaluate the user the event changed. Its
 * role may only invoke those functions (and log and trace).
 */
export class EventWorkflow extends AslWorkflow {
  constructor(scope: Construct, id: string, props: EventWorkflowProps) {
    super(scope, id, {
      aslPath: EVENT_WORKFLOW_ASL_PATH,
      description: 'runs the event workflow',
      functions: props.functions,
    });
  }
}
