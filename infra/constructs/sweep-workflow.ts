import { join } from 'node:path';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { SWEEP_FUNCTIONS } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { SWEEP_STATE_MACHINE_NAME, sweepWorkflowPermissions } from '../policies/sweep-workflow-policy';
import { AslWorkflow } from './asl-workflow';

/** The sweep workflow's ASL file, the same file the local runner executes. */
export const SWEEP_WORKFLOW_ASL_PATH = join(
  __dirname,
  '..',
  '..',
  'statemachines',
  'sweep-workflow.asl.json',
);

/** Properties of {@link SweepWorkflow}. */
export interface SweepWorkflowProps {
  readonly config: OrgMfaConfig;
  /** The function behind each `${…FunctionArn}` substitution of the definition. */
  readonly functions: Readonly<Record<keyof typeof SWEEP_FUNCTIONS, lambda.IFunction>>;
}

/**
 * The organization-wide sweep (STANDARD): list the accounts into S3, a Distributed Map of EXPRESS
 * child executions over that list (one account each, results written back to S3), then a summary.
 * It has a fixed name, {@link SWEEP_STATE_MACHINE_NAME}: operators and the CLI start it on demand by
 * name, and its role names its own ARN for the Distributed Map's child executions.
 */
export class SweepWorkflow extends AslWorkflow {
  constructor(scope: Construct, id: string, props: SweepWorkflowProps) {
    super(scope, id, {
      aslPath: SWEEP_WORKFLOW_ASL_PATH,
      description: 'runs the organization-wide sweep',
      functions: props.functions,
      stateMachineName: SWEEP_STATE_MACHINE_NAME,
      permissions: sweepWorkflowPermissions(props.config),
    });
  }
}
