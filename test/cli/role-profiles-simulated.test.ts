import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import type { SdkClient } from '../../functions/aws/clients';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { simulatedOrg } from '../helpers/simulated-org';
import { BOB_SEED, EXTERNAL_ID, PROD, ROLES, rolesFixture, SANDBOX } from '../helpers/roles-org';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const aws = useTemporaryAwsHome();
const START = new Date('2031-05-01T08:00:00Z');
const MINUTE = 60_000;

const CONFIG = [
  '[profile prod-admin]',
  `role_arn = ${ROLES.admin}`,
  'source_profile = bob',
  '',
  '[profile sandbox-readonly]',
  `role_arn = ${ROLES.readOnly}`,
  'source_profile = bob',
  `external_id = ${EXTERNAL_ID}`,
  '',
  '[profile sandbox-deploy]',
  `role_arn = ${ROLES.deploy}`,
  'source_profile = prod-admin',
  'role_session_name = bob-deploys',
  '',
  '[profile readonly-without-id]',
  `role_arn = ${ROLES.readOnly}`,
  'source_profile = bob',
  '',
].join('\n');

function setUp() {
  let now = START;
  const org = simulatedOrg(rolesFixture(), { clock: () => now });
  const keys = org.sim.issueUserCredentials(PROD, 'bob');
  const credentials = `# bob's keys\n[bob]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;
  aws().writeConfig(CONFIG);
  aws().writeCredentials(credentials);
  const decorateClient = (client: SdkClient) => attachSimulatedAws(org.sim, client);
  const run = (args: string[]) => orgmfa(args, { decorateClient, now: () => now });
  /** Who the credentials credential-process printed act as, asked of the simulated STS. */
  const actsAs = async (stdout: string) => {
    const printed = JSON.parse(stdout) as Record<string, string>;
    const client = new STSClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: printed.AccessKeyId!,
        secretAccessKey: printed.SecretAccessKey!,
        sessionToken: printed.SessionToken!,
      },
    });
    decorateClient(client);
    return (await client.send(new GetCallerIdentityCommand({}))).Arn;
  };
  const calls = () => org.sim.calls.map((c) => `${c.service}:${c.operation}${c.error ? ` ${c.error}` : ''}`);
  const code = () => totpCodeForWindow(BOB_SEED, totpWindow(now.getTime() / 1000));
  return {
    org,
    credentials,
    run,
    actsAs,
    calls,
    code,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

test("on the simulated organization: one code from bob's device serves three role profiles, chained and with an external id", async () => {
  const { credentials, run, actsAs, calls, code } = setUp();

  const first = await run(['session', '--profile', 'prod-admin', '--code', await code()]);
  expect(first).toMatchObject({ code: 0, stderr: '' });
  // bob's device comes from IAM, his MFA session from STS, the role from the MFA session.
  expect(calls()).toEqual(['iam:ListMFADevices', 'sts:GetSessionToken', 'sts:AssumeRole']);

  const readOnly = await run(['credential-process', '--profile', 'sandbox-readonly']);
  expect(readOnly.code).toBe(0);
  await expect(actsAs(readOnly.stdout)).resolves.toMatch(
    new RegExp(`^arn:aws:sts::${SANDBOX}:assumed-role/ReadOnly/orgmfa-\\d+$`),
  );

  const deploy = await run(['credential-process', '--profile', 'sandbox-deploy']);
  expect(deploy.code).toBe(0);
  await expect(actsAs(deploy.stdout)).resolves.toBe(
    `arn:aws:sts::${SANDBOX}:assumed-role/Deploy/bob-deploys`,
  );

  // One GetSessionToken for all; Admin's credentials from the first run were reused for the chain.
  expect(calls().filter((c) => c.startsWith('sts:GetSessionToken'))).toHaveLength(1);
  expect(calls().filter((c) => c === 'sts:AssumeRole')).toHaveLength(3);
  expect(aws().readCredentials().toString()).toBe(credentials);
});

test('on the simulated organization: role credentials are renewed from the MFA session without a code until it expires', async () => {
  const { run, actsAs, calls, code, advance, org } = setUp();
  expect(
    (await run(['session', '--profile', 'prod-admin', '--code', await code(), '--duration', '2h'])).code,
  ).toBe(0);

  advance(30 * MINUTE);
  const cached = await run(['credential-process', '--profile', 'prod-admin']);
  await expect(actsAs(cached.stdout)).resolves.toMatch(/assumed-role\/Admin\//);
  const callsBefore = org.sim.calls.length;

  advance(26 * MINUTE);
  const renewed = await run(['credential-process', '--profile', 'prod-admin']);
  expect(renewed.code).toBe(0);
  expect(JSON.parse(renewed.stdout).AccessKeyId).not.toBe(JSON.parse(cached.stdout).AccessKeyId);
  await expect(actsAs(renewed.stdout)).resolves.toMatch(/assumed-role\/Admin\//);
  expect(calls().slice(callsBefore, callsBefore + 1)).toEqual(['sts:AssumeRole']);

  // The MFA session asked for two hours: after it, a code is needed again.
  advance(2 * 60 * MINUTE);
  const expired = await run(['credential-process', '--profile', 'prod-admin']);
  expect(expired.code).toBe(1);
  expect(expired.stderr).toMatch(
    /^orgmfa: no valid MFA session for profile bob .*: run `orgmfa session --profile bob`\n$/,
  );
});

test("on the simulated organization: the role's trust decides; a refused role is one line", async () => {
  const { run, code } = setUp();
  expect((await run(['session', '--profile', 'prod-admin', '--code', await code()])).code).toBe(0);

  const refused = await run(['credential-process', '--profile', 'readonly-without-id']);

  expect(refused).toEqual({
    code: 1,
    stdout: '',
    stderr: `orgmfa: AssumeRole of ${ROLES.readOnly} (profile readonly-without-id) refused: User: arn:aws:iam::${PROD}:user/engineering/bob is not authorized to perform: sts:AssumeRole on resource: ${ROLES.readOnly}\n`,
  });
});
