import * as iam from 'aws-cdk-lib/aws-iam';
import { SWEEP_STATE_MACHINE_NAME, sweepStateMachineArn as sweepArn } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';
import { stateObjectsArn } from './state-objects';

// The sweep state machine's name is fixed (functions/core/naming.ts), so that its role can name the
// state machine's own ARN (a Distributed Map starts its child executions as the state machine itself)
// without a reference to the state machine, which would be circular, and so that `orgmfa sweep` finds it.
export { SWEEP_STATE_MACHINE_NAME } from '../../functions/core/naming';

type SweepConfig = Pick<OrgMfaConfig, 'partition' | 'hubRegion' | 'hubAccountId'>;

function statesArn(config: SweepConfig, resource: string): string {
  return `arn:${config.partition}:states:${config.hubRegion}:${config.hubAccountId}:${resource}`;
}

/** ARN of the sweep state machine, from configuration alone. */
export function sweepStateMachineArn(config: SweepConfig): string {
  return sweepArn(config.partition, config.hubRegion, config.hubAccountId);
}

/**
 * What the sweep's Distributed Map needs beyond invoking its functions, as AWS documents it ("IAM
 * policies for using Distributed Map states"): starting its child executions (StartExecution on the
 * state machine itself), describing and stopping its executions, redriving a Map Run's failed children
 * (their ARNs carry the Map Run's label: `execution:<name>/<label>:<id>`), reading the item list
 * (ItemReader, s3:getObject) and writing the results (ResultWriter: multipart uploads, hence the
 * multipart actions), each on its own key pattern of the state bucket only.
 */
export function sweepWorkflowPermissions(config: SweepConfig): RolePermissions {
  const executions = statesArn(config, `execution:${SWEEP_STATE_MACHINE_NAME}:*`);
  const mapRunChildren = statesArn(config, `execution:${SWEEP_STATE_MACHINE_NAME}/*:*`);
  const accountLists = stateObjectsArn(config, 'sweepAccountLists');
  const results = stateObjectsArn(config, 'sweepResults');
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'StartMapChildExecutions',
        actions: ['states:StartExecution'],
        resources: [sweepStateMachineArn(config)],
      }),
      new iam.PolicyStatement({
        sid: 'ManageSweepExecutions',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [executions],
      }),
      new iam.PolicyStatement({
        sid: 'RedriveMapRuns',
        actions: ['states:RedriveExecution'],
        resources: [mapRunChildren],
      }),
      new iam.PolicyStatement({
        sid: 'ReadSweepAccountLists',
        actions: ['s3:GetObject'],
        resources: [accountLists],
      }),
      new iam.PolicyStatement({
        sid: 'WriteMapResults',
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [results],
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding(executions),
        reason: "Executions of the sweep state machine only; each execution's name is chosen when it starts.",
      },
      {
        id: wildcardResourceFinding(mapRunChildren),
        reason:
          "Child executions of the sweep's own Map Runs only; Step Functions names them after the Map Run when it starts.",
      },
      {
        id: wildcardResourceFinding(accountLists),
        reason: 'The ItemReader reads the account list of the running sweep, named after its execution.',
      },
      {
        id: wildcardResourceFinding(results),
        reason:
          "The ResultWriter writes under the running sweep's own prefix, in files Step Functions names after the Map Run.",
      },
    ],
  };
}
