import { CreateUserCommand } from '@aws-sdk/client-iam';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { comparableState, createUserEvent, provisioningConfig } from '../helpers/provisioning';
import { orgFixture } from '../helpers/simulated-org';
import { userIdOf } from '../../local/sim/iam-entities';

const PROD = '222222222222';
const MUTATING = /^(Delete|Create|Enable|Deactivate|Update|Put|Tag)/;

/** The fixture with `dave`, just created by an admin in the prod account. */
function withNewUser(
  user: Partial<OrganizationFixture['accounts'][number]['iam']['users'][number]> = {},
): OrganizationFixture {
  const fixture = orgFixture();
  fixture.accounts[1]!.iam.users.push({
    userName: 'dave',
    path: '/',
    consolePassword: false,
    accessKeys: [],
    tags: {},
    ...user,
  });
  return fixture;
}

function account(backend: Backend, id = PROD) {
  return backend.sim!.account(id)!;
}

describe('MFA provisioning end to end (real ASL, real handlers, simulated organization)', () => {
  test('GIVEN a new user in an enabled OU THEN the user holds a working device and the seed waits in SSM, expiring in 7 days', async () => {
    const clock = new VirtualClock(new Date('2026-11-21T09:00:10Z'));
    const backend = simulatedBackend(withNewUser(), provisioningConfig(), { clock });

    const { report, metrics } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    const daveId = userIdOf(
      account(backend),
      account(backend).iam.users.find((u) => u.userName === 'dave')!,
    );
    expect(report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Provisioned',
      actions: [
        {
          type: 'ProvisionMfa',
          accountId: PROD,
          userName: 'dave',
          serialNumber: `arn:aws:iam::${PROD}:mfa/dave`,
          parameterName: `/orgmfa/seed/${daveId}`,
        },
      ],
    });
    const device = account(backend).iam.virtualMfaDevices.find((d) => d.name === 'dave')!;
    expect(device).toMatchObject({
      assignedTo: 'dave',
      tags: { 'orgmfa:managed': 'provisioned', 'orgmfa:user-id': daveId },
    });
    expect(account(backend).ssm?.parameters).toEqual([
      {
        name: `/orgmfa/seed/${daveId}`,
        type: 'SecureString',
        value: device.seed,
        expiresAt: expect.any(String),
        keyId: 'alias/aws/ssm',
      },
    ]);
    // Seven days after provisioning (the simulation's clock runs on while the workflow does).
    const expiresInMs =
      Date.parse(account(backend).ssm!.parameters[0]!.expiresAt!) - Date.parse('2026-11-21T09:00:10Z');
    expect(expiresInMs).toBeGreaterThanOrEqual(7 * 86_400_000);
    expect(expiresInMs).toBeLessThan(7 * 86_400_000 + 5_000);
    // The seed works: the codes an authenticator app shows are the device's.
    const window = totpWindow(clock.now().getTime() / 1000);
    expect(await totpCodeForWindow(account(backend).ssm!.parameters[0]!.value, window)).toBe(
      await totpCodeForWindow(device.seed!, window),
    );
    expect(metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
  });

  test('the critical path stays within 6 sequential AWS calls and never waits for a second TOTP window', async () => {
    const clock = new VirtualClock(new Date('2026-11-21T09:00:29Z'));
    const backend = simulatedBackend(withNewUser(), provisioningConfig(), {
      clock,
      faults: { latencyMs: () => 20 },
    });

    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(report.outcome).toBe('Provisioned');
    expect(backend.recorder.criticalPathLength()).toBeLessThanOrEqual(6);
    expect(clock.now().getTime() - new Date('2026-11-21T09:00:29Z').getTime()).toBeLessThan(5_000);
  });

  test.each([
    [
      'an account outside enabled OUs',
      provisioningConfig({ organizationalUnitIds: ['ou-a1b2-otherou1'] }),
      {},
      'provisioning is off for account 222222222222 (not in an enabled OU)',
    ],
    [
      'an excluded account',
      provisioningConfig({ excludedAccountIds: [PROD] }),
      {},
      'provisioning is excluded for account 222222222222',
    ],
    [
      'a user on the exempt path',
      provisioningConfig(),
      { path: '/service/' },
      'user dave is on the exempt path /service/',
    ],
    [
      'a user tagged orgmfa:exempt',
      provisioningConfig(),
      { tags: { 'orgmfa:exempt': 'break-glass' } },
      'user dave is tagged orgmfa:exempt',
    ],
    [
      'a user that already has a hardware MFA device',
      provisioningConfig(),
      { mfaDevices: ['GAHT12345678'] },
      'user dave already has an MFA device',
    ],
  ])(
    'GIVEN %s THEN provisioning is skipped with the reason and nothing changes',
    async (_label, config, user, reason) => {
      const fixture = withNewUser(user);
      const backend = simulatedBackend(fixture, config);

      const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

      expect(report).toMatchObject({
        status: 'SUCCEEDED',
        outcome: 'Skipped',
        actions: [{ type: 'SkipProvisioning', accountId: PROD, userName: 'dave', reason }],
      });
      expect(report.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
      expect(backend.sim!.state).toEqual(fixture);
    },
  );

  test('GIVEN the same CreateUser delivered twice THEN the user gets exactly one device', async () => {
    const backend = simulatedBackend(withNewUser(), provisioningConfig());
    const event = createUserEvent(PROD, 'dave');

    const [first, second] = await Promise.all([
      runEventWorkflow(backend, event),
      runEventWorkflow(backend, event),
    ]);
    const third = await runEventWorkflow(backend, event);

    const outcomes = [first, second, third].map((r) => r.report.outcome).sort();
    expect(outcomes).toEqual(['Provisioned', 'Skipped', 'Skipped']);
    expect(account(backend).iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toHaveLength(1);
    expect(account(backend).iam.virtualMfaDevices.filter((d) => d.name === 'dave')).toHaveLength(1);
  });

  test('GIVEN IAM’s clock 50 s ahead, so the first pair is two windows behind, THEN the one retry with the next window succeeds', async () => {
    const clock = new VirtualClock(new Date('2026-11-21T09:00:15Z'));
    // At 09:00:15 IAM reads 09:01:05: the previous+current pair is two windows behind it. Once the next
    // window begins (09:00:30, IAM 09:01:20) the current+next pair is within IAM's one-window drift.
    const backend = simulatedBackend(withNewUser(), provisioningConfig(), {
      clock,
      faults: { clockSkewMs: 50_000 },
    });

    const { report, log } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(report.outcome).toBe('Provisioned');
    expect(report.apiCalls.filter((c) => c.operation === 'EnableMFADevice')).toHaveLength(2);
    expect(log.entries.map((e) => e.message)).toContain(
      'authentication codes refused, retrying with the next window',
    );
  });
});

describe('a customer managed key for seeds', () => {
  test.each([
    'alias/orgmfa-seeds',
    'arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ])(
    'GIVEN seedKmsKeyId %s THEN the seed and the initial password are SecureStrings under that key',
    async (seedKmsKeyId) => {
      const backend = simulatedBackend(
        withNewUser(),
        provisioningConfig({ seedKmsKeyId, setInitialPassword: true }),
      );

      const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

      expect(report.outcome).toBe('Provisioned');
      expect(
        account(backend).ssm!.parameters.map((p) => [p.name.replace(/AIDA\w+$/, '<id>'), p.type, p.keyId]),
      ).toEqual([
        ['/orgmfa/seed/<id>', 'SecureString', seedKmsKeyId],
        ['/orgmfa/initial-password/<id>', 'SecureString', seedKmsKeyId],
      ]);
    },
  );
});

describe('the initial console password option', () => {
  test('GIVEN setInitialPassword and a user without a password THEN the user gets one, reset at first sign-in, stored for an administrator', async () => {
    const backend = simulatedBackend(withNewUser(), provisioningConfig({ setInitialPassword: true }));

    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(report.outcome).toBe('Provisioned');
    const dave = account(backend).iam.users.find((u) => u.userName === 'dave')!;
    expect(dave).toMatchObject({ consolePassword: true, passwordResetRequired: true });
    const stored = account(backend).ssm!.parameters.find(
      (p) => p.name === `/orgmfa/initial-password/${userIdOf(account(backend), dave)}`,
    )!;
    expect(stored).toMatchObject({ type: 'SecureString', value: dave.password });
    expect(stored.value).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)(?=.*[^A-Za-z\d]).{24}$/);
    expect(JSON.stringify(report)).not.toContain(stored.value);
  });

  test('GIVEN a user created with a console password THEN the password is left as it is', async () => {
    const backend = simulatedBackend(
      withNewUser({ consolePassword: true }),
      provisioningConfig({ setInitialPassword: true }),
    );

    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(report.outcome).toBe('Provisioned');
    expect(account(backend).ssm!.parameters.map((p) => p.name)).toEqual([
      `/orgmfa/seed/${userIdOf(account(backend), account(backend).iam.users.at(-1)!)}`,
    ]);
  });

  test('GIVEN enabling fails after the password was set THEN the password parameter, the password, the device and the seed are all undone', async () => {
    const fixture = withNewUser();
    const backend = simulatedBackend(fixture, provisioningConfig({ setInitialPassword: true }), {
      faults: { accessDenied: [{ accountId: PROD, operation: 'EnableMFADevice' }] },
    });

    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(report.status).toBe('FAILED');
    const calls = report.apiCalls.map((c) => c.operation);
    expect(calls.slice(calls.indexOf('EnableMFADevice'))).toEqual([
      'EnableMFADevice',
      'DeleteParameter',
      'DeleteLoginProfile',
      'DeleteVirtualMFADevice',
      'DeleteParameter',
    ]);
    expect(report.error).toMatch(
      /^ProvisioningFailed: provisioning MFA for dave in 222222222222 failed to enable the device \(AccessDenied: .*\); removed the password parameter \/orgmfa\/initial-password\/AIDA\w+, the console password of dave, the virtual MFA device arn:aws:iam::222222222222:mfa\/dave, the seed parameter \/orgmfa\/seed\/AIDA\w+$/,
    );
    expect(comparableState(backend.sim!.state)).toEqual(fixture);
  });
});

describe('the seed never leaves the provisioning function', () => {
  test('GIVEN provisioning succeeds, and one that fails at store THEN no history, log, metric, output or error carries the seed', async () => {
    for (const faults of [{}, { accessDenied: [{ accountId: PROD, operation: 'PutParameter' }] }]) {
      const backend = simulatedBackend(withNewUser(), provisioningConfig(), { faults });
      const iam = backend.clients.iam({
        accountId: PROD,
        credentials: backend.sim!.issueUserCredentials(PROD, 'admin'),
      });
      await iam.send(new CreateUserCommand({ UserName: 'erin' }));

      const runs = [
        await runEventWorkflow(backend, createUserEvent(PROD, 'dave')),
        await runEventWorkflow(backend, createUserEvent(PROD, 'erin')),
      ];

      // Every seed simulated IAM issued, including those of devices deleted after a failure.
      const issued = backend.sim!.issuedSeeds;
      expect(issued).toHaveLength(2);
      for (const run of runs) {
        const exposed = JSON.stringify([
          run.report,
          run.execution.history,
          run.execution.output ?? null,
          run.execution.cause ?? '',
          run.log.entries,
          run.metrics.counts,
        ]);
        for (const seed of issued) expect(exposed).not.toContain(seed);
      }
    }
  });
});
