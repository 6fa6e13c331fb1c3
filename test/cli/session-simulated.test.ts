import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { generate } from 'otplib';
import type { SdkClient } from '../../functions/aws/clients';
import { parseIni, valuesOf } from '../../cli/aws-files/ini';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const aws = useTemporaryAwsHome();
const PROD = '222222222222';
const BOB_SEED = 'MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK';

test('end to end on the simulated organization: bob discovers his device, gets a session, and it acts as bob', async () => {
  const org = simulatedOrg();
  const keys = org.sim.issueUserCredentials(PROD, 'bob');
  aws().writeCredentials(
    `[bob]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
  );
  const decorateClient = (client: SdkClient) => attachSimulatedAws(org.sim, client);

  const run = await orgmfa(['session', '--profile', 'bob', '--code', await generate({ secret: BOB_SEED })], {
    decorateClient,
  });

  expect(run.code).toBe(0);
  expect(org.sim.calls.map((c) => `${c.service}:${c.operation}`)).toEqual([
    'iam:ListMFADevices',
    'sts:GetSessionToken',
  ]);
  const session = valuesOf(parseIni(aws().readCredentials()), 'bob-mfa')!;
  const asSession = new STSClient({
    region: 'us-east-1',
    credentials: {
      accessKeyId: session.get('aws_access_key_id')!,
      secretAccessKey: session.get('aws_secret_access_key')!,
      sessionToken: session.get('aws_session_token')!,
    },
  });
  decorateClient(asSession);
  await expect(asSession.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
    Arn: `arn:aws:iam::${PROD}:user/engineering/bob`,
  });

  const window = Math.floor(Date.now() / 30_000);
  const near = await Promise.all(
    [-1, 0, 1].map((d) => generate({ secret: BOB_SEED, epoch: (window + d) * 30 })),
  );
  const badCode = ['000000', '111111', '222222', '333333'].find((c) => !near.includes(c))!;
  const wrong = await orgmfa(
    ['session', '--profile', 'bob', '--code', badCode, '--force', '--target-profile', 'bob-2'],
    {
      decorateClient,
    },
  );
  expect(wrong.code).toBe(1);
  expect(valuesOf(parseIni(aws().readCredentials()), 'bob-2')).toBeUndefined();
});

const DAVE_KEY = 'arn:aws:iam::222222222222:u2f/user/dave/yubikey-5c-ABCDEFGHIJ';

test('on the simulated organization: dave has only a security key; IAM is asked, STS is not', async () => {
  const raw = JSON.parse(JSON.stringify(orgFixture())) as {
    accounts: { id: string; iam: { users: Record<string, unknown>[] } }[];
  };
  raw.accounts
    .find((a) => a.id === '222222222222')!
    .iam.users.push({
      userName: 'dave',
      accessKeys: [{ active: true }],
      mfaDevices: [DAVE_KEY],
    });
  const org = simulatedOrg(readOrganizationFixture(raw));
  const keys = org.sim.issueUserCredentials('222222222222', 'dave');
  aws().writeCredentials(
    `[dave]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
  );

  const run = await orgmfa(['session', '--profile', 'dave', '--code', '123456'], {
    decorateClient: (client: SdkClient) => attachSimulatedAws(org.sim, client),
  });

  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /^orgmfa: the IAM user of profile dave signs in with a security key or passkey \(arn:aws:iam::222222222222:u2f\/user\/dave\/yubikey-5c-ABCDEFGHIJ\), .* sign in with `aws login` instead \(AWS CLI 2\.32\.0 or later;.*\n$/,
  );
  expect(org.sim.calls.map((c) => `${c.service}:${c.operation}`)).toEqual(['iam:ListMFADevices']);
});
