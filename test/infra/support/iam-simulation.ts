import { runSimulation, type EvaluationResult, type Simulation } from '@cloud-copilot/iam-simulate';

/** An IAM policy document, as the simulator takes it. */
export type PolicyDocument = Record<string, unknown>;

/** One request to simulate. */
export interface SimulatedRequest {
  /** The calling principal's ARN. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. */
  readonly resourceAccount: string;
  /**
   * Request context keys. The simulator does not derive them from the request (not even
   * `aws:PrincipalArn`), so each test states them, as AWS would set them.
   */
  readonly context?: Record<string, string | string[]>;
  /** The principal's identity policies. */
  readonly identityPolicies: readonly PolicyDocument[];
  /** The resource's policy (a role's trust policy for sts:AssumeRole). */
  readonly resourcePolicy?: PolicyDocument;
  /**
   * The SCPs over the principal's account, one entry per level of the organization (the root first,
   * the account last), each with every SCP attached there (FullAWSAccess included: SCPs allow nothing
   * themselves, and a level without an allow denies everything).
   */
  readonly serviceControlPolicies?: readonly {
    readonly target: string;
    readonly policies: readonly PolicyDocument[];
  }[];
}

/** The simulator's verdict, overall and per policy type. */
export interface SimulationVerdict {
  readonly result: EvaluationResult;
  /** What the identity policies alone say. */
  readonly identity: EvaluationResult | undefined;
  /** What the resource policy alone says. */
  readonly resource: string | undefined;
}

/** An identity policy that allows everything: isolates what a resource policy or an SCP decides. */
export const ALLOW_EVERYTHING: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** Runs one request through @cloud-copilot/iam-simulate; invalid input fails the test with the simulator's errors. */
export async function simulate(request: SimulatedRequest): Promise<SimulationVerdict> {
  const simulation: Simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: { ...request.context },
    },
    identityPolicies: request.identityPolicies.map((policy, index) => ({
      name: `identity-${index}`,
      policy,
    })),
    serviceControlPolicies: (request.serviceControlPolicies ?? []).map((level) => ({
      orgIdentifier: level.target,
      policies: level.policies.map((policy, index) => ({ name: `${level.target}-${index}`, policy })),
    })),
    resourceControlPolicies: [],
    ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new Error(`invalid simulation: ${JSON.stringify(response.errors)}`);
  }
  const analysis =
    response.resultType === 'single' ? response.result.analysis : response.results[0]?.analysis;
  return {
    result: response.overallResult,
    identity: analysis?.identityAnalysis?.result,
    resource: analysis?.resourceAnalysis?.result,
  };
}
