import {
  CreateUserCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { generate } from 'otplib';
import type { SdkClient } from '../../functions/aws/clients';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { userIdOf } from '../../local/sim/iam-entities';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { orgmfa, useTemporaryAwsHome } from '../cli/helpers/cli-harness';
import { createUserEvent, provisioningConfig } from '../helpers/provisioning';
import { orgFixture } from '../helpers/simulated-org';

const aws = useTemporaryAwsHome();

const PROD = '222222222222';
const NOW = new Date('2026-11-21T09:00:00Z');
const PATH = '/engineering/team/';
const TEMPLATE = 'corp-{userName}';

/** A user name with each character IAM allows besides letters and digits, and the longest one (64). */
const NAMES = [
  'carol+ops',
  'carol=ops',
  'smith,carol',
  'carol.smith',
  'carol@example.com',
  'carol_smith',
  'carol-smith',
  `long.${'a'.repeat(52)}+=,@_-x`,
];
/** Provisioned too, but never collects the seed: the sweep must report it once expired. */
const UNCOLLECTED = 'dan@example.com';

/**
 * The organization, with Security Hub on, every user created at NOW on a non-default path (with a
 * console password, unless orgmfa is to set the initial one).
 */
function organization(setInitialPassword = false): { backend: Backend; clock: VirtualClock } {
  const fixture = orgFixture();
  for (const account of fixture.accounts) account.securityHub = { enabled: true, findings: [] };
  fixture.accounts[1]!.iam.users.push(
    ...[...NAMES, UNCOLLECTED].map((userName) => ({
      userName,
      path: PATH,
      consolePassword: !setInitialPassword,
      accessKeys: [],
      tags: {},
      createDate: NOW.toISOString(),
    })),
  );
  const clock = new VirtualClock(NOW);
  const config = provisioningConfig({ deviceNameTemplate: TEMPLATE, setInitialPassword });
  return { backend: simulatedBackend(fixture, config, { clock }), clock };
}

/** Active ORGMFA.4 findings of the account, by the user their seed belongs to. */
function uncollectedSeedFindings(backend: Backend): string[] {
  const findings = (backend.sim!.account(PROD)!.securityHub?.findings ?? []) as {
    GeneratorId: string;
    RecordState: string;
    Compliance: { Status: string };
    Description: string;
  }[];
  return findings
    .filter((f) => f.GeneratorId === 'orgmfa/ORGMFA.4' && f.RecordState === 'ACTIVE')
    .map((f) => /provisioned for (\S+)/.exec(f.Description)?.[1] ?? f.Description);
}

describe('provisioning every real IAM user name, end to end: device, seed, pickup with orgmfa seed, sweep', () => {
  test('GIVEN names with + = , . @ _ -, the longest name, a path and a device name template THEN each user gets a device and a seed only they collect, and once collected the sweep reports no ORGMFA.4', async () => {
    const { backend, clock } = organization();
    const prod = backend.sim!.account(PROD)!;
    const decorateClient = (client: SdkClient) => attachSimulatedAws(backend.sim!, client);
    // Each user's keys, as a profile of theirs. Written before any SDK client runs: the SDK caches
    // what it read of the shared files (even their absence) for the rest of the process.
    aws().writeCredentials(
      NAMES.map((userName, i) => {
        const keys = backend.sim!.issueUserCredentials(PROD, userName);
        return `[user${i}]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;
      }).join(''),
    );

    // Provisioning, one CreateUser event per user.
    for (const userName of [...NAMES, UNCOLLECTED]) {
      const { report } = await runEventWorkflow(backend, createUserEvent(PROD, userName, { path: PATH }));
      const user = prod.iam.users.find((u) => u.userName === userName)!;
      const parameterName = `/orgmfa/seed/${userIdOf(prod, user)}`;
      expect(report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Provisioned',
        actions: [
          {
            type: 'ProvisionMfa',
            userName,
            serialNumber: `arn:aws:iam::${PROD}:mfa/corp-${userName}`,
            parameterName,
          },
        ],
      });
      const device = prod.iam.virtualMfaDevices.find((d) => d.name === `corp-${userName}`)!;
      expect(device).toMatchObject({
        assignedTo: userName,
        tags: { 'orgmfa:user-id': userIdOf(prod, user) },
      });
      expect(prod.ssm!.parameters.find((p) => p.name === parameterName)?.value).toBe(device.seed);
    }

    // Each user collects their own seed with orgmfa seed, their own credentials, on a terminal.
    for (const [i, userName] of NAMES.entries()) {
      const user = prod.iam.users.find((u) => u.userName === userName)!;
      const seed = prod.iam.virtualMfaDevices.find((d) => d.name === `corp-${userName}`)!.seed!;

      const run = await orgmfa(['seed', '--profile', `user${i}`, '--region', 'us-east-1', '--code-stdin'], {
        stdin: `${await generate({ secret: seed })}\n`,
        decorateClient,
        terminals: { stdout: true },
        now: clock.now,
      });

      expect({ userName, code: run.code, stderr: run.stderr }).toEqual({
        userName,
        code: 0,
        stderr: expect.stringContaining(`Confirmed, and /orgmfa/seed/${userIdOf(prod, user)} is deleted`),
      });
      expect(run.stderr).not.toContain('note:');
      expect(prod.iam.virtualMfaDevices.find((d) => d.name === `corp-${userName}`)!.tags).toMatchObject({
        'orgmfa:seed-collected': NOW.toISOString(),
      });
    }
    // Only the uncollected seed is left.
    expect(prod.ssm!.parameters.map((p) => p.name)).toEqual([
      `/orgmfa/seed/${userIdOf(
        prod,
        prod.iam.users.find((u) => u.userName === UNCOLLECTED)!,
      )}`,
    ]);

    // Eight days later the seeds have expired: only the one never collected is reported.
    clock.set(new Date(NOW.getTime() + 8 * 86_400_000));
    const { report } = await runSweepWorkflow(backend, { sweepId: 'after-expiry' });

    expect(report.status).toBe('SUCCEEDED');
    expect(uncollectedSeedFindings(backend)).toEqual([UNCOLLECTED]);
  });

  test.each(NAMES)(
    'GIVEN setInitialPassword and the user %s THEN the user gets a device, a seed and an initial password, stored under its unique id',
    async (userName) => {
      const { backend } = organization(true);
      const prod = backend.sim!.account(PROD)!;

      const { report } = await runEventWorkflow(backend, createUserEvent(PROD, userName, { path: PATH }));

      const user = prod.iam.users.find((u) => u.userName === userName)!;
      const userId = userIdOf(prod, user);
      expect({ status: report.status, outcome: report.outcome, error: report.error }).toEqual({
        status: 'SUCCEEDED',
        outcome: 'Provisioned',
        error: undefined,
      });
      expect(user).toMatchObject({ consolePassword: true, passwordResetRequired: true });
      expect(prod.iam.virtualMfaDevices.find((d) => d.name === `corp-${userName}`)).toMatchObject({
        assignedTo: userName,
      });
      expect(prod.ssm!.parameters.map((p) => [p.name, p.type])).toEqual([
        [`/orgmfa/seed/${userId}`, 'SecureString'],
        [`/orgmfa/initial-password/${userId}`, 'SecureString'],
      ]);
      expect(prod.ssm!.parameters[1]!.value).toBe(user.password);
    },
  );

  test('GIVEN a user deleted with an uncollected seed and re-created under the same name THEN the new user gets and collects a seed of their own, never the stale one', async () => {
    const { backend, clock } = organization();
    const prod = backend.sim!.account(PROD)!;
    const name = 'carol@example.com';
    const admin = backend.clients.iam({
      accountId: PROD,
      credentials: backend.sim!.issueUserCredentials(PROD, 'alice'),
    });
    // Keys that act as whichever user bears the name (written before any SDK client runs).
    const keys = backend.sim!.issueUserCredentials(PROD, name);
    aws().writeCredentials(
      `[carol]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
    );
    await runEventWorkflow(backend, createUserEvent(PROD, name, { path: PATH }));
    const oldId = userIdOf(
      prod,
      prod.iam.users.find((u) => u.userName === name)!,
    );
    const staleSeed = prod.ssm!.parameters.find((p) => p.name === `/orgmfa/seed/${oldId}`)!.value;

    // An administrator deletes the user (device first, as IAM requires) and creates it again.
    const serial = `arn:aws:iam::${PROD}:mfa/corp-${name}`;
    await admin.send(new DeactivateMFADeviceCommand({ UserName: name, SerialNumber: serial }));
    await admin.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await admin.send(new DeleteLoginProfileCommand({ UserName: name }));
    await admin.send(new DeleteUserCommand({ UserName: name }));
    clock.set(new Date(NOW.getTime() + 60_000));
    await admin.send(new CreateUserCommand({ UserName: name, Path: PATH }));
    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, name, { path: PATH }));

    const newId = userIdOf(
      prod,
      prod.iam.users.find((u) => u.userName === name)!,
    );
    expect(newId).not.toBe(oldId);
    expect(report.actions).toEqual([expect.objectContaining({ parameterName: `/orgmfa/seed/${newId}` })]);
    const newSeed = prod.iam.virtualMfaDevices.find((d) => d.name === `corp-${name}`)!.seed!;
    expect(newSeed).not.toBe(staleSeed);

    const run = await orgmfa(['seed', '--profile', 'carol', '--region', 'us-east-1', '--code-stdin'], {
      stdin: `${await generate({ secret: newSeed })}\n`,
      decorateClient: (client: SdkClient) => attachSimulatedAws(backend.sim!, client),
      terminals: { stdout: true },
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`secret=${newSeed}`);
    expect(run.stdout).not.toContain(staleSeed);
    // The stale seed waits, unread, for its expiry; the new one is collected.
    expect(prod.ssm!.parameters.map((p) => p.name)).toEqual([`/orgmfa/seed/${oldId}`]);
  });
});
