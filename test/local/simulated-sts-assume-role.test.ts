import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  type Credentials,
} from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { FixtureError, readOrganizationFixture } from '../../local/sim/fixture';
import { simulatedOrg } from '../helpers/simulated-org';
import { BOB_DEVICE, BOB_SEED, EXTERNAL_ID, PROD, ROLES, rolesFixture, SANDBOX } from '../helpers/roles-org';

const START = new Date('2026-03-01T12:00:10Z');

function setUp() {
  let now = START;
  const org = simulatedOrg(rolesFixture(), { clock: () => now });
  const sts = (credentials: AwsCredentialIdentity) => org.clients.sts({ accountId: PROD, credentials });
  const keys = org.sim.issueUserCredentials(PROD, 'bob');
  const identity = (credentials: Credentials) => ({
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  });
  /** bob's GetSessionToken session, with his MFA code or without MFA. */
  const session = async (withMfa = true) => {
    const code = await totpCodeForWindow(BOB_SEED, totpWindow(now.getTime() / 1000));
    const out = await sts(keys).send(
      new GetSessionTokenCommand(withMfa ? { SerialNumber: BOB_DEVICE, TokenCode: code } : {}),
    );
    return identity(out.Credentials!);
  };
  const assume = async (credentials: AwsCredentialIdentity, input: Partial<AssumeRoleCommand['input']>) => {
    const out = await sts(credentials).send(
      new AssumeRoleCommand({ RoleArn: ROLES.admin, RoleSessionName: 'bob-test', ...input }),
    );
    return { credentials: identity(out.Credentials!), expiration: out.Credentials!.Expiration! };
  };
  const denied = (role: string, caller: string) => ({
    name: 'AccessDenied',
    message: `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${role}`,
  });
  return {
    org,
    sts,
    keys,
    session,
    assume,
    denied,
    advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)),
  };
}

/** bob is on the path /engineering/, which his ARN carries (in errors and GetCallerIdentity alike). */
const BOB = `arn:aws:iam::${PROD}:user/engineering/bob`;

describe('simulated AssumeRole of the roles people use, with the trust policy evaluated', () => {
  test("a role whose trust requires MFA: bob's MFA session may assume it, and the session acts as the role for an hour by default", async () => {
    const { sts, session, assume } = setUp();

    const role = await assume(await session(), {});

    expect(role.expiration).toEqual(new Date(START.getTime() + 3600_000));
    await expect(sts(role.credentials).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: `arn:aws:sts::${PROD}:assumed-role/Admin/bob-test`,
      Account: PROD,
    });
  });

  test("bob's access keys (aws:MultiFactorAuthPresent absent) and a session without MFA (false) are refused", async () => {
    const { keys, session, assume, denied } = setUp();

    await expect(assume(keys, {})).rejects.toMatchObject(denied(ROLES.admin, BOB));
    await expect(assume(await session(false), {})).rejects.toMatchObject(denied(ROLES.admin, BOB));
  });

  test('from temporary credentials, more than an hour is the role-chaining limit, even below MaxSessionDuration', async () => {
    const { keys, session, assume } = setUp();
    const mfa = await session();

    await expect(assume(mfa, { DurationSeconds: 3601 })).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    });
    await expect(assume(mfa, { DurationSeconds: 3600 })).resolves.toBeDefined();
    // Access keys are not chaining: MaxSessionDuration (3600 by default) is the limit.
    await expect(assume(keys, { RoleArn: ROLES.open, DurationSeconds: 7200 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    await expect(assume(keys, { RoleArn: ROLES.open, DurationSeconds: 3600 })).resolves.toBeDefined();
  });

  test.each([[899], [43_201]])("DurationSeconds %d is outside AssumeRole's range", async (duration) => {
    const { keys, assume } = setUp();
    await expect(assume(keys, { RoleArn: ROLES.open, DurationSeconds: duration })).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining(`Value '${duration}' at 'durationSeconds'`),
    });
  });

  test('a role that names bob (path included) and an external id: the id must match', async () => {
    const { session, assume, denied } = setUp();
    const mfa = await session();

    await expect(assume(mfa, { RoleArn: ROLES.readOnly, ExternalId: EXTERNAL_ID })).resolves.toBeDefined();
    await expect(assume(mfa, { RoleArn: ROLES.readOnly })).rejects.toMatchObject(denied(ROLES.readOnly, BOB));
    await expect(assume(mfa, { RoleArn: ROLES.readOnly, ExternalId: 'another-id' })).rejects.toMatchObject(
      denied(ROLES.readOnly, BOB),
    );
  });

  test('role chaining: a role trusted by a role sees the MFA of the session it was assumed from', async () => {
    const { sts, session, assume, denied } = setUp();
    const mfa = await session();
    const admin = await assume(mfa, {});

    const deploy = await assume(admin.credentials, { RoleArn: ROLES.deploy, RoleSessionName: 'chained' });

    await expect(sts(deploy.credentials).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: `arn:aws:sts::${SANDBOX}:assumed-role/Deploy/chained`,
    });
    // Only the Admin role is trusted, not bob himself.
    await expect(assume(mfa, { RoleArn: ROLES.deploy })).rejects.toMatchObject(denied(ROLES.deploy, BOB));
    // A role session is temporary: chaining is limited to an hour.
    await expect(
      assume(admin.credentials, { RoleArn: ROLES.deploy, DurationSeconds: 7200 }),
    ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/role chaining/) });
  });

  test('a Deny wins: a session whose MFA is more than an hour old is refused, access keys are not concerned', async () => {
    const { keys, session, assume, advance } = setUp();
    const mfa = await session();

    await expect(assume(mfa, { RoleArn: ROLES.open })).resolves.toBeDefined();
    advance(3601);
    await expect(assume(mfa, { RoleArn: ROLES.open })).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(keys, { RoleArn: ROLES.open })).resolves.toBeDefined();
  });

  test('a role that does not exist is AccessDenied, like one that does not trust the caller', async () => {
    const { session, assume, denied } = setUp();
    const missing = `arn:aws:iam::${PROD}:role/Nope`;
    await expect(assume(await session(), { RoleArn: missing })).rejects.toMatchObject(denied(missing, BOB));
  });

  test('GetSessionToken credentials cannot call GetSessionToken; sessions expire', async () => {
    const { sts, session, assume, advance } = setUp();
    const mfa = await session();
    const role = await assume(mfa, {});

    await expect(sts(mfa).send(new GetSessionTokenCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
    advance(3600);
    await expect(sts(role.credentials).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
    // The MFA session (12 hours by default) is still valid.
    await expect(sts(mfa).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: BOB });
  });

  test('AssumeRole with SerialNumber and TokenCode is not simulated: refused, not ignored', async () => {
    const { keys, assume } = setUp();
    await expect(
      assume(keys, { RoleArn: ROLES.open, SerialNumber: BOB_DEVICE, TokenCode: '123456' }),
    ).rejects.toMatchObject({ name: 'InvalidAction' });
  });
});

describe('roles in the organization fixture', () => {
  const withRole = (role: Record<string, unknown>) => {
    const raw = JSON.parse(JSON.stringify(rolesFixture())) as { accounts: { iam: { roles?: unknown[] } }[] };
    raw.accounts[0]!.iam.roles = [role];
    return () => readOrganizationFixture(raw);
  };
  const trust = (statement: Record<string, unknown>) => ({
    roleName: 'R',
    assumeRolePolicyDocument: { Version: '2012-10-17', Statement: [statement] },
  });

  test.each([
    [
      'an operator that is not simulated',
      trust({
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'sts:AssumeRole',
        Condition: { StringLike: { 'sts:ExternalId': 'x*' } },
      }),
      'accounts[0].iam.roles[0].assumeRolePolicyDocument: Statement[0].Condition operator StringLike is not simulated',
    ],
    [
      'NotPrincipal',
      trust({ Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
      'accounts[0].iam.roles[0].assumeRolePolicyDocument: Statement[0].NotPrincipal is not simulated',
    ],
    [
      'a service principal',
      trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      'accounts[0].iam.roles[0].assumeRolePolicyDocument: Statement[0].Principal must be "*" or {"AWS": …} (other principals are not simulated)',
    ],
    [
      'a MaxSessionDuration IAM refuses',
      { ...trust({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }), maxSessionDuration: 60 },
      'accounts[0].iam.roles[0].maxSessionDuration: must be whole seconds from 3600 to 43200',
    ],
  ])('%s is refused when the fixture is read', (_label, role, message) => {
    expect(withRole(role)).toThrow(new FixtureError(message));
  });
});
