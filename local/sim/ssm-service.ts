import { awsError } from './aws-errors';
import type { AccountFixture, SsmParameterFixture } from './fixture';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

/**
 * SSM Parameter Store of one account (the simulation has one region): Put, Get, Delete and
 * DescribeParameters, with SSM's rules orgmfa depends on — a name that exists needs `Overwrite`,
 * parameter policies need the Advanced tier, and an expired parameter is gone.
 */
export const ssmService: ServiceHandler = (operation, input, ctx) => {
  const handler = OPERATIONS[operation];
  if (handler === undefined) throw awsError('ssm', 'InvalidAction', `ssm:${operation} is not simulated`);
  return handler(input, ctx);
};

type Operation = (input: Record<string, unknown>, ctx: ServiceContext) => object;

const OPERATIONS: Record<string, Operation> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  DeleteParameter: deleteParameter,
  DescribeParameters: describeParameters,
};

/** The account's parameters that have not expired (SSM deletes a parameter when its expiration passes). */
function live(ctx: ServiceContext): SsmParameterFixture[] {
  const store = (ctx.account.ssm ??= { parameters: [] });
  const now = ctx.sim.clock().getTime();
  store.parameters = store.parameters.filter(
    (p) => p.expiresAt === undefined || Date.parse(p.expiresAt) > now,
  );
  return store.parameters;
}

function notFound(name: unknown): Error {
  return awsError('ssm', 'ParameterNotFound', `Parameter ${String(name)} not found.`);
}

function expirationOf(policies: unknown): string | undefined {
  if (policies === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(policies));
  } catch {
    throw awsError('ssm', 'InvalidPolicyTypeException', 'The parameter policy is not valid JSON.');
  }
  const expiration = (Array.isArray(parsed) ? parsed : []).find(
    (p: { Type?: string }) => p.Type === 'Expiration',
  ) as { Attributes?: { Timestamp?: string } } | undefined;
  const timestamp = expiration?.Attributes?.Timestamp;
  if (timestamp === undefined || Number.isNaN(Date.parse(timestamp))) {
    throw awsError(
      'ssm',
      'InvalidPolicyAttributeException',
      'The Expiration policy needs a Timestamp attribute.',
    );
  }
  return new Date(timestamp).toISOString();
}

/**
 * SSM's parameter names: letters, digits, `.`, `-`, `_` and `/` between levels; no `@`, `+`, `=` or `,`
 * (which IAM user names may hold). The simulation keeps to path names (leading `/`).
 */
const PARAMETER_NAME = /^\/[\w.\-/]{1,1010}$/;
const INVALID_NAME =
  'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

function putParameter(input: Record<string, unknown>, ctx: ServiceContext): object {
  const {
    Name: name,
    Value: value,
    Type: type = 'String',
    Overwrite: overwrite,
    Tier: tier = 'Standard',
    Policies,
    KeyId,
  } = input;
  if (typeof name !== 'string' || !PARAMETER_NAME.test(name) || /^\/?(aws|ssm)/i.test(name)) {
    throw awsError('ssm', 'ValidationException', INVALID_NAME);
  }
  if (typeof value !== 'string')
    throw awsError('ssm', 'ValidationException', 'Parameter value is not valid.');
  if (type !== 'String' && type !== 'SecureString')
    throw awsError('ssm', 'UnsupportedParameterType', `${String(type)} is not simulated`);
  if (Policies !== undefined && tier !== 'Advanced') {
    throw awsError(
      'ssm',
      'ValidationException',
      'Parameter policies are supported only for the Advanced tier.',
    );
  }
  const expiresAt = expirationOf(Policies);
  const parameters = live(ctx);
  const existing = parameters.findIndex((p) => p.name === name);
  if (existing >= 0 && overwrite !== true) {
    throw awsError(
      'ssm',
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const parameter: SsmParameterFixture = {
    name,
    type,
    value,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(type === 'SecureString' ? { keyId: typeof KeyId === 'string' ? KeyId : 'alias/aws/ssm' } : {}),
  };
  if (existing >= 0) parameters[existing] = parameter;
  else parameters.push(parameter);
  return { Version: 1, Tier: tier };
}

function find(ctx: ServiceContext, name: unknown): SsmParameterFixture {
  const parameter = live(ctx).find((p) => p.name === name);
  if (parameter === undefined) throw notFound(name);
  return parameter;
}

function getParameter(input: Record<string, unknown>, ctx: ServiceContext): object {
  const parameter = find(ctx, input.Name);
  const decrypted = parameter.type !== 'SecureString' || input.WithDecryption === true;
  return {
    Parameter: {
      Name: parameter.name,
      Type: parameter.type,
      // Without WithDecryption, SSM returns a SecureString's ciphertext, never the plaintext.
      Value: decrypted ? parameter.value : Buffer.from(`ciphertext:${parameter.name}`).toString('base64'),
      Version: 1,
      ARN: `arn:aws:ssm:us-east-1:${ctx.account.id}:parameter${parameter.name}`,
    },
  };
}

function deleteParameter(input: Record<string, unknown>, ctx: ServiceContext): object {
  const parameter = find(ctx, input.Name);
  const store = ctx.account.ssm as NonNullable<AccountFixture['ssm']>;
  store.parameters = store.parameters.filter((p) => p !== parameter);
  return {};
}

function describeParameters(input: Record<string, unknown>, ctx: ServiceContext): object {
  const filters = (input.ParameterFilters ?? []) as { Key: string; Option?: string; Values: string[] }[];
  const path = filters.find((f) => f.Key === 'Name' && f.Option === 'BeginsWith')?.Values[0];
  return {
    Parameters: live(ctx)
      .filter((p) => path === undefined || p.name.startsWith(path))
      .map((p) => ({
        Name: p.name,
        Type: p.type,
        ...(p.keyId === undefined ? {} : { KeyId: p.keyId }),
        Tier: p.expiresAt === undefined ? 'Standard' : 'Advanced',
        ...(p.expiresAt === undefined
          ? {}
          : {
              Policies: [
                {
                  PolicyType: 'Expiration',
                  PolicyStatus: 'Pending',
                  PolicyText: JSON.stringify({
                    Type: 'Expiration',
                    Version: '1.0',
                    Attributes: { Timestamp: p.expiresAt },
                  }),
                },
              ],
            }),
      })),
  };
}
