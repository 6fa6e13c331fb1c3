import { awsError } from './aws-errors';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * STS: AssumeRole with the member role's trust policy enforced (the caller must be one of the hub's
 * trusted roles, in an account of the organization; the role exists only where the member stack is
 * deployed), and GetCallerIdentity.
 */
export const stsService: ServiceHandler = (operation, input, ctx) => {
  switch (operation) {
    case 'AssumeRole':
      return assumeRole(input, ctx);
    case 'GetCallerIdentity':
      return { UserId: `AROA:${ctx.caller.name}`, Account: ctx.caller.accountId, Arn: ctx.caller.sessionArn };
    default:
      throw awsError('sts', 'InvalidAction', `sts:${operation} is not simulated`);
  }
};

function assumeRole(input: Record<string, unknown>, { sim, caller }: ServiceContext): object {
  const roleArn = String(input.RoleArn ?? '');
  const sessionName = String(input.RoleSessionName ?? '');
  const duration = Number(input.DurationSeconds ?? 3600);
  if (!SESSION_NAME.test(sessionName)) {
    throw awsError(
      'sts',
      'ValidationError',
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint`,
    );
  }
  if (!(duration >= 900 && duration <= 43200)) {
    throw awsError(
      'sts',
      'ValidationError',
      `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
    );
  }
  const denied = () =>
    awsError(
      'sts',
      'AccessDenied',
      `User: ${caller.sessionArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  const match = ROLE_ARN.exec(roleArn);
  if (match === null) throw denied();
  const [, accountId, roleName] = match;
  const target = sim.account(accountId!);
  const org = sim.state;
  // The trust policy: Principal is the hub account with aws:PrincipalArn in the hub's role list and
  // aws:PrincipalOrgID = the organization. The role exists only where the member stack is deployed.
  const trusted =
    target !== undefined &&
    target.status === 'ACTIVE' &&
    target.memberStack &&
    roleName === sim.memberRoleName &&
    caller.kind === 'role' &&
    caller.accountId === org.hubAccountId &&
    sim.trustedHubRoleNames.includes(caller.name);
  if (!trusted) throw denied();
  const credentials = sim.issueSession(accountId!, roleName!, sessionName);
  return {
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: new Date(sim.clock().getTime() + duration * 1000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA${accountId}:${sessionName}`,
      Arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
}
