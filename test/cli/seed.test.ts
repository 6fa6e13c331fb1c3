import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { SdkClient } from '../../functions/aws/clients';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const aws = useTemporaryAwsHome();

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP';
const ALICE_ID = 'AIDAALICE00000000001';
const PARAMETER = `/orgmfa/seed/${ALICE_ID}`;
const PROD = '222222222222';
const DEVICE_NAME = 'corp-alice';

/** The three-account organization, with alice's provisioned device and her seed waiting in SSM. */
function fixtureWithSeed(): OrganizationFixture {
  const fixture = orgFixture();
  const prod = fixture.accounts.find((a) => a.id === PROD)!;
  prod.iam.users.find((u) => u.userName === 'alice')!.userId = ALICE_ID;
  // A device named by a deviceNameTemplate ("corp-{userName}"), not after the user.
  prod.iam.virtualMfaDevices.push({
    name: DEVICE_NAME,
    path: '/',
    assignedTo: 'alice',
    seed: SEED,
    tags: {
      'orgmfa:managed': 'provisioned',
      'orgmfa:user-id': ALICE_ID,
      'orgmfa:seed-expires': '2026-11-28T09:00:00.000Z',
    },
  });
  prod.ssm = { parameters: [{ name: PARAMETER, type: 'SecureString', value: SEED, keyId: 'alias/aws/ssm' }] };
  return fixture;
}

/** Standard output is a terminal: the only place orgmfa seed shows a seed. */
const ON_A_TERMINAL = { stdout: true };

/** The organization, and a credentials file whose profile `alice` holds alice's keys. */
function setUp() {
  const org = simulatedOrg(fixtureWithSeed());
  const keys = org.sim.issueUserCredentials(PROD, 'alice');
  aws().writeCredentials(
    `[alice]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
  );
  const decorateClient = (client: SdkClient) => attachSimulatedAws(org.sim, client);
  const parameters = () => org.sim.account(PROD)!.ssm?.parameters.map((p) => p.name) ?? [];
  return { org, decorateClient, parameters };
}

/** Every file under the temporary home, read: the seed must be in none of them. */
function filesUnderHome(dir = aws().home): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnderHome(path) : [readFileSync(path, 'latin1')];
  });
}

describe('orgmfa seed against the simulated organization', () => {
  test('a correct code: the seed is shown once on standard output, then the parameter is deleted', async () => {
    const { org, decorateClient, parameters } = setUp();
    const code = await generate({ secret: SEED });

    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: `${code}\n`,
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run.code).toBe(0);
    const uri = `otpauth://totp/Amazon%20Web%20Services:alice%40${PROD}?secret=${SEED}&issuer=Amazon%20Web%20Services`;
    expect(run.stdout).toContain(`\n${uri}\n`);
    // The QR code: half-block characters, as qrcode's terminal renderer draws them.
    expect(run.stdout).toMatch(/[▀▄█]{7}/);
    // Only in the display: exactly once on standard output, never on standard error or on disk.
    expect(run.stdout.split(SEED)).toHaveLength(2);
    expect(run.stderr).not.toContain(SEED);
    expect(run.stderr).toContain(`Confirmed, and ${PARAMETER} is deleted`);
    expect(filesUnderHome().some((text) => text.includes(SEED))).toBe(false);
    expect(parameters()).toEqual([]);
    expect(org.sim.calls.map((c) => `${c.service}:${c.operation}@${c.accountId}`)).toEqual([
      `sts:GetCallerIdentity@${PROD}`,
      `ssm:GetParameter@${PROD}`,
      `ssm:DeleteParameter@${PROD}`,
      `iam:ListMFADevices@${PROD}`,
      `iam:ListMFADeviceTags@${PROD}`,
      `iam:TagMFADevice@${PROD}`,
    ]);
    // The pickup is recorded on the provisioned device, whatever its name, for the sweep's ORGMFA.4.
    const device = org.sim.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === DEVICE_NAME)!;
    expect(device.tags?.['orgmfa:seed-collected']).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  describe('the QR code', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, TERM: process.env.TERM };
    afterEach(() => {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    /** What orgmfa seed printed on standard output, with `env` set. */
    async function shown(env: { NO_COLOR?: string; TERM: string }): Promise<string> {
      delete process.env.NO_COLOR;
      Object.assign(process.env, env);
      const { decorateClient } = setUp();
      const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
        stdin: `${await generate({ secret: SEED })}\n`,
        decorateClient,
        terminals: ON_A_TERMINAL,
      });
      expect(run.code).toBe(0);
      return run.stdout.slice(0, run.stdout.indexOf('otpauth://'));
    }

    test('with NO_COLOR: plain half blocks, not one escape sequence, every row as wide as the first', async () => {
      const qr = await shown({ NO_COLOR: '1', TERM: 'xterm-256color' });

      expect(qr).not.toContain('\u001b');
      const rows = qr.split('\n').filter((row) => /[▀▄█]/.test(row));
      expect(rows.length).toBeGreaterThan(10);
      expect(rows.every((row) => /^[ ▀▄█]+$/.test(row) && row.length === rows[0]!.length)).toBe(true);
    });

    test('on a colour terminal: dark on a white background (ANSI), which scans on a dark terminal too', async () => {
      const qr = await shown({ TERM: 'xterm-256color' });

      expect(qr).toContain('\u001b[47m');
      expect(qr).toMatch(/[▀▄█]{7}/);
    });
  });

  test('a wrong code: one line, exit 1, the parameter kept, and the error does not carry the seed', async () => {
    const { decorateClient, parameters } = setUp();
    const correct = await generate({ secret: SEED });
    // A code of none of the windows the check accepts (the previous, the current, the next).
    const window = Math.floor(Date.now() / 30_000);
    const near = await Promise.all(
      [-1, 0, 1].map((d) => generate({ secret: SEED, epoch: (window + d) * 30 })),
    );
    const wrong = ['000000', '111111', '222222', '333333'].find((c) => !near.includes(c))!;

    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: `${wrong}\n`,
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('orgmfa:'))).toEqual([
      "orgmfa: that code does not match the seed, which was kept: run orgmfa seed again and enter the code your app shows then (check the phone's clock)",
    ]);
    expect(run.stderr).not.toContain(SEED);
    expect(parameters()).toEqual([PARAMETER]);

    // The kept seed can still be collected.
    const retry = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: `${correct}\n`,
      decorateClient,
      terminals: ON_A_TERMINAL,
    });
    expect(retry.code).toBe(0);
    expect(parameters()).toEqual([]);
  });

  test('no seed waiting: a one-line error naming the user, account and region', async () => {
    const { org, decorateClient } = setUp();
    org.sim.account(PROD)!.ssm!.parameters = [];

    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: '123456\n',
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `orgmfa: no seed is waiting for alice in account ${PROD}, region us-east-1: it was collected already, expired, or never provisioned (ask an administrator)\n`,
    });
  });

  test("credentials that are not an IAM user's are refused before any parameter is read", async () => {
    const { org, decorateClient } = setUp();
    const role = org.sim.issueSession(PROD, 'Admin', 'someone');
    aws().writeCredentials(
      `[admin]\naws_access_key_id = ${role.accessKeyId}\naws_secret_access_key = ${role.secretAccessKey}\naws_session_token = ${role.sessionToken}\n`,
    );

    const run = await orgmfa(['seed', '--profile', 'admin', '--region', 'us-east-1', '--code-stdin'], {
      stdin: '123456\n',
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `orgmfa: orgmfa seed needs your IAM user's own credentials, not arn:aws:sts::${PROD}:assumed-role/Admin/someone (profile admin)\n`,
    );
    expect(org.sim.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity']);
  });

  test('without a terminal and without --code-stdin nothing is fetched', async () => {
    const { org, decorateClient } = setUp();
    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1'], { decorateClient });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'orgmfa: orgmfa seed shows a QR code and asks for a code from your app: run it on a terminal (or pass --code-stdin)\n',
    );
    expect(org.sim.calls).toEqual([]);
  });

  test('with --code-stdin too, a redirected standard output gets no seed, and nothing is fetched', async () => {
    const { org, decorateClient, parameters } = setUp();
    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: '123456\n',
      decorateClient,
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: orgmfa seed shows the seed on a terminal only, and standard output is redirected\n',
    });
    expect(org.sim.calls).toEqual([]);
    expect(parameters()).toEqual([PARAMETER]);
  });

  test("another user's seed is not the caller's: bob finds none, and alice's stays", async () => {
    const { org, decorateClient, parameters } = setUp();
    const keys = org.sim.issueUserCredentials(PROD, 'bob');
    aws().writeCredentials(
      `[bob]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
    );

    const run = await orgmfa(['seed', '--profile', 'bob', '--region', 'us-east-1', '--code-stdin'], {
      stdin: '123456\n',
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^orgmfa: no seed is waiting for bob in account 222222222222/);
    expect(org.sim.calls.find((c) => c.operation === 'GetParameter')).toBeDefined();
    expect(parameters()).toEqual([PARAMETER]);
  });

  test('a device of the user that orgmfa did not provision is never marked as collected', async () => {
    const { org, decorateClient } = setUp();
    const prod = org.sim.account(PROD)!;
    const device = prod.iam.virtualMfaDevices.find((d) => d.name === DEVICE_NAME)!;
    device.tags = { 'orgmfa:managed': 'provisioned', 'orgmfa:user-id': 'AIDASOMEONEELSE00001' };

    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1', '--code-stdin'], {
      stdin: `${await generate({ secret: SEED })}\n`,
      decorateClient,
      terminals: ON_A_TERMINAL,
    });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain('note: none of your MFA devices is one orgmfa provisioned for you');
    expect(device.tags['orgmfa:seed-collected']).toBeUndefined();
  });

  test('on a terminal whose standard output is redirected, the seed is not shown', async () => {
    const { org, decorateClient, parameters } = setUp();
    const run = await orgmfa(['seed', '--profile', 'alice', '--region', 'us-east-1'], {
      decorateClient,
      terminals: { stdin: true, stderr: true, stdout: false },
    });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: orgmfa seed shows the seed on a terminal only, and standard output is redirected\n',
    });
    expect(org.sim.calls).toEqual([]);
    expect(parameters()).toEqual([PARAMETER]);
  });

  test("no region anywhere is a usage error; AWS_REGION or the profile's region is enough", async () => {
    const { decorateClient } = setUp();
    const none = await orgmfa(['seed', '--profile', 'alice', '--code-stdin'], {
      stdin: '1\n',
      decorateClient,
      terminals: ON_A_TERMINAL,
    });
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "orgmfa: no region: seeds are kept in the orgmfa hub's region; pass --region or set AWS_REGION\n",
    );

    aws().writeConfig('[profile alice]\nregion = us-east-1\n');
    const code = await generate({ secret: SEED });
    const fromProfile = await orgmfa(['seed', '--profile', 'alice', '--code-stdin'], {
      stdin: `${code}\n`,
      decorateClient,
      terminals: ON_A_TERMINAL,
    });
    expect(fromProfile.code).toBe(0);
  });
});
