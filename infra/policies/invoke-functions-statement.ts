import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * Allows invoking exactly these functions, unqualified. Unlike `grantInvoke` it adds no `:*` (version
 * and alias) resources: the workflows invoke the unqualified ARNs only.
 */
export function invokeFunctionsStatement(functions: readonly lambda.IFunction[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'InvokeWorkflowFunctions',
    actions: ['lambda:InvokeFunction'],
    resources: functions.map((fn) => fn.functionArn),
  });
}
