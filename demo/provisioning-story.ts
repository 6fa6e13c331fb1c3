import { join } from 'node:path';
import { describeAction } from '../functions/core/actions';
import { totpCodeForWindow, totpWindow } from '../functions/core/totp';
import { EXAMPLES, type DemoWorld } from './demo-world';

const ACCOUNT = '222222222222';
const USER = 'carol';

/** The environment of a command run as `userName` of `accountId` on the simulation, restored afterwards. */
async function asUser<T>(
  aws: ReturnType<DemoWorld['simulation']>,
  accountId: string,
  userName: string,
  dir: string,
  work: () => Promise<T>,
): Promise<T> {
  const keys = aws.sim.issueUserCredentials(accountId, userName);
  const variables: Record<string, string | undefined> = {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_SESSION_TOKEN: keys.sessionToken,
    // The person's own AWS files and profile play no part in the demo.
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: join(dir, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  set(variables);
  try {
    return await work();
  } finally {
    set(saved);
  }
}

/** The seed parameter of the user, if it is still there. */
function seedParameter(world: DemoWorld, parameterName: string) {
  const account = world.organization().accounts.find((a) => a.id === ACCOUNT);
  return account?.ssm?.parameters.find((p) => p.name === parameterName);
}

/**
 * MFA for a new user: an administrator creates carol in an account of an opted-in OU; the CreateUser
 * event (examples/events/create-user.json) runs the event workflow with the example configuration,
 * which gives her an enabled virtual MFA device and stores its seed for her alone; carol collects it
 * with `orgmfa seed` (the QR code is shown once, then the parameter is gone).
 */
export async function provisioningStory(world: DemoWorld): Promise<void> {
  world.heading(
    `2. MFA for a new IAM user (account ${ACCOUNT}, in OU ou-a1b2-workload1, where provisioning is on)`,
  );
  world.say('admin', `creates IAM user ${USER} (CloudTrail's record: examples/events/create-user.json)`);
  const report = await world.runEvent(
    join(EXAMPLES, 'events', 'create-user.json'),
    join(EXAMPLES, 'config.json'),
  );
  const provisioned = report.actions.find((action) => action.type === 'ProvisionMfa');
  if (provisioned === undefined)
    throw new Error(`${USER} was not provisioned: ${report.reason ?? report.error ?? ''}`);
  world.say('orgmfa', `✔ ${describeAction(provisioned)}`);
  const device = world
    .organization()
    .accounts.find((a) => a.id === ACCOUNT)
    ?.iam.virtualMfaDevices.find((d) => d.assignedTo === USER);
  world.say('IAM', `device ${device?.name ?? '?'} is enabled for ${USER}: no sign-in without its codes`);
  const parameter = provisioned.parameterName;
  world.say('SSM', `${parameter} holds the seed (SecureString), for ${USER} alone to read, once`);

  world.say(USER, 'runs orgmfa seed and scans the QR code with her authenticator app:');
  const aws = world.simulation();
  const pickup = await asUser(aws, ACCOUNT, USER, world.dir, () =>
    world.orgmfa(['seed', '--region', 'us-east-1', '--code-stdin'], {
      terminal: true,
      echo: true,
      aws,
      // The app: it reads the seed from the QR code and shows the current code, which carol types.
      answer: async (printed) => {
        const secret = /otpauth:\/\/totp\/[^\s]*[?&]secret=([A-Z2-7]+)/.exec(printed)?.[1];
        return secret === undefined ? undefined : totpCodeForWindow(secret, totpWindow(Date.now() / 1000));
      },
    }),
  );
  aws.save();
  if (pickup.code !== 0) throw new Error(`orgmfa seed exited ${pickup.code}: ${pickup.stderr.trim()}`);
  if (seedParameter(world, parameter) !== undefined) throw new Error('the seed parameter is still there');
  world.say('orgmfa', `✔ the code matched; ${parameter} is deleted: the seed lives only in carol's app`);

  world.say(USER, 'runs orgmfa seed again');
  const again = world.simulation();
  const second = await asUser(again, ACCOUNT, USER, world.dir, () =>
    world.orgmfa(['seed', '--region', 'us-east-1', '--code-stdin'], { terminal: true, aws: again }),
  );
  if (second.code !== 1) throw new Error('orgmfa seed showed a seed twice');
  world.say('orgmfa', `✘ exit ${second.code}: ${second.stderr.trim().replace(/^orgmfa: /, '')}`);
}
