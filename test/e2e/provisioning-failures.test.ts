import { ORGANIZATIONS_MAX_ATTEMPTS } from '../../functions/aws/organizations-calls';
import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { ConflictCode } from '../../local/sim/aws-errors';
import type { AccountFixture, OrganizationFixture } from '../../local/sim/fixture';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import type { ServiceName } from '../../local/sim/service-name';
import { VirtualClock } from '../../local/sim/virtual-clock';
import {
  comparableState,
  createUserEvent,
  provisioningConfig,
  withNewUserDave,
} from '../helpers/provisioning';

const HUB = '111111111111';
const PROD = '222222222222';
const NOW = new Date('2026-11-21T09:00:10Z');
const DEVICE = `arn:aws:iam::${PROD}:mfa/dave`;

/** The same organization without dave: what a deletion of the new user leaves. */
function withoutDave(fixture: OrganizationFixture): OrganizationFixture {
  const copy = structuredClone(fixture);
  copy.accounts[1]!.iam.users = copy.accounts[1]!.iam.users.filter((u) => u.userName !== 'dave');
  return copy;
}

const deny = (accountId: string, operation: string): FaultPlan => ({
  accessDenied: [{ accountId, operation }],
});
const throttle = (service: ServiceName, operation: string, count?: number): FaultPlan => ({
  throttle: [{ service, operation, rate: 1, ...(count === undefined ? {} : { count }) }],
});
/** Two fault plans at once. */
const both = (a: FaultPlan, b: FaultPlan): FaultPlan => ({
  accessDenied: [...(a.accessDenied ?? []), ...(b.accessDenied ?? [])],
  throttle: [...(a.throttle ?? []), ...(b.throttle ?? [])],
  conflict: [...(a.conflict ?? []), ...(b.conflict ?? [])],
});

/**
 * The invariant provisioning must never break: a device assigned to a user always has its seed stored
 * (else nobody can produce codes for it, and the user is locked out of the console).
 */
function expectNoDeviceWithoutSeed(account: AccountFixture) {
  const seeds = new Set((account.ssm?.parameters ?? []).map((p) => p.value));
  for (const device of account.iam.virtualMfaDevices) {
    if (device.tags?.['orgmfa:managed'] === 'provisioned' && device.assignedTo !== null) {
      expect(seeds.has(device.seed!)).toBe(true);
    }
  }
}

async function provision(faults: FaultPlan, overrides: Parameters<typeof provisioningConfig>[0] = {}) {
  const fixture = withNewUserDave();
  const backend = simulatedBackend(fixture, provisioningConfig({ deleteUserOnFailure: true, ...overrides }), {
    clock: new VirtualClock(NOW),
    faults,
  });
  const run = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));
  const prod = backend.sim!.account(PROD)!;
  expectNoDeviceWithoutSeed(prod);
  return { fixture, backend, prod, ...run };
}

/** How many times the ProvisionMfa function ran (1 + the workflow's retries). */
function invocations(run: { execution: { history: readonly { type: string; state?: { name: string } }[] } }) {
  return run.execution.history.filter(
    (e) => (e.type === 'StateEntered' || e.type === 'StateRetried') && e.state?.name === 'ProvisionMfa',
  ).length;
}

const REMOVED_DEVICE_AND_SEED = `removed the virtual MFA device ${DEVICE}, the seed parameter /orgmfa/seed/AIDADAVE000000000001`;

describe('every failure point, throttled and denied, with deleteUserOnFailure on', () => {
  describe.each([
    ['open the account', 'organizations', 'DescribeAccount', HUB, 'nothing had been created'],
    ['open the account', 'sts', 'AssumeRole', HUB, 'nothing had been created'],
    ['open the account', 'organizations', 'ListParents', HUB, 'nothing had been created'],
    ['read the user', 'iam', 'GetUser', PROD, 'nothing had been created'],
    ['read the user', 'iam', 'ListMFADevices', PROD, 'nothing had been created'],
    ['create the device', 'iam', 'CreateVirtualMFADevice', PROD, 'nothing had been created'],
    ['store the seed', 'ssm', 'PutParameter', PROD, `removed the virtual MFA device ${DEVICE}`],
    ['enable the device', 'iam', 'EnableMFADevice', PROD, REMOVED_DEVICE_AND_SEED],
  ] as const)('failing to %s (%s:%s)', (step, service, operation, caller, undone) => {
    const beforeTheUserIsRead = step === 'open the account' || step === 'read the user';

    test('always throttled: undone and retried by the workflow; on its last try a counted ProvisioningFailed, and the user is kept', async () => {
      const run = await provision(throttle(service, operation));

      expect(run.report.status).toBe('FAILED');
      expect(run.report.error).toMatch(
        new RegExp(
          `^ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to ${step} \\(.*\\); ${escape(undone)}; the user was kept: `,
        ),
      );
      // Four retries of the Throttled retrier, then the last try fails finally: counted once.
      expect(invocations(run)).toBe(5);
      expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
      expect(comparableState(run.backend.sim!.state)).toEqual(run.fixture);
    });

    test('a throttling burst the workflow outlasts: provisioned on a retry, nothing counted as failed', async () => {
      // The SDK tries each call 3 times (Organizations calls 10 times): one throttled call more makes the
      // first invocation fail.
      const attempts = service === 'organizations' ? ORGANIZATIONS_MAX_ATTEMPTS : 3;
      const run = await provision(throttle(service, operation, attempts + 1));

      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
      expect(invocations(run)).toBe(2);
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      expect(run.prod.iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toHaveLength(1);
    });

    test('denied: undone, a counted ProvisioningFailed at once, and the user deleted only once orgmfa could read it', async () => {
      const run = await provision(deny(caller, operation));

      expect(run.report.status).toBe('FAILED');
      const userOutcome = beforeTheUserIsRead
        ? 'the user was kept: the failure came before orgmfa could read it'
        : 'the user was deleted (deleteUserOnFailure)';
      expect(run.report.error).toMatch(
        new RegExp(
          `^ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to ${step} \\(.*\\); ${escape(undone)}; ${escape(userOutcome)}$`,
        ),
      );
      expect(invocations(run)).toBe(1);
      expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
      expect(comparableState(run.backend.sim!.state)).toEqual(
        beforeTheUserIsRead ? run.fixture : withoutDave(run.fixture),
      );
    });
  });

  test('the seed is stored before the device is enabled, and enabling is the last step', async () => {
    const run = await provision({}, { setInitialPassword: true });

    expect(run.report.apiCalls.map((c) => c.operation).filter((o) => /^(Create|Put|Enable)/.test(o))).toEqual(
      ['CreateVirtualMFADevice', 'PutParameter', 'CreateLoginProfile', 'PutParameter', 'EnableMFADevice'],
    );
  });
});

describe('the initial password (setInitialPassword), throttled and denied, with deleteUserOnFailure on', () => {
  const withPassword = { setInitialPassword: true };
  const session = `arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-provision-mfa`;
  const failedAt = `provisioning MFA for dave in ${PROD} failed to set the initial password`;

  test('CreateLoginProfile always throttled: undone and retried by the workflow; on its last try a counted ProvisioningFailed, and the user is kept', async () => {
    const run = await provision(throttle('iam', 'CreateLoginProfile'), withPassword);

    expect(run.report.error).toBe(
      `ProvisioningFailed: ${failedAt} (Throttling: Rate exceeded); ${REMOVED_DEVICE_AND_SEED}; the user was kept: Throttling is not a definitive failure, and a retry may succeed`,
    );
    expect(invocations(run)).toBe(5);
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
    expect(comparableState(run.backend.sim!.state)).toEqual(run.fixture);
  });

  test('CreateLoginProfile throttled in a burst the workflow outlasts: provisioned with its password on a retry', async () => {
    const run = await provision(throttle('iam', 'CreateLoginProfile', 4), withPassword);

    expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
    expect(invocations(run)).toBe(2);
    const dave = run.prod.iam.users.find((u) => u.userName === 'dave')!;
    expect(dave).toMatchObject({ consolePassword: true, passwordResetRequired: true });
    expect(run.prod.ssm!.parameters.map((p) => [p.name, p.value === dave.password])).toEqual([
      ['/orgmfa/seed/AIDADAVE000000000001', false],
      ['/orgmfa/initial-password/AIDADAVE000000000001', true],
    ]);
    expect(run.prod.iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toHaveLength(1);
  });

  test('CreateLoginProfile denied: device and seed removed, a counted ProvisioningFailed at once, the user deleted', async () => {
    const run = await provision(deny(PROD, 'CreateLoginProfile'), withPassword);

    expect(run.report.error).toBe(
      `ProvisioningFailed: ${failedAt} (AccessDenied: User: ${session} is not authorized to perform: iam:CreateLoginProfile); ${REMOVED_DEVICE_AND_SEED}; the user was deleted (deleteUserOnFailure)`,
    );
    expect(invocations(run)).toBe(1);
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
    expect(comparableState(run.backend.sim!.state)).toEqual(withoutDave(run.fixture));
  });

  test('the password parameter refused (the second PutParameter): the password, device and seed removed, the user deleted, and no password in the message', async () => {
    const run = await provision(
      { refuseNth: [{ accountId: PROD, service: 'ssm', operation: 'PutParameter', nth: 2 }] },
      withPassword,
    );

    expect(run.report.error).toBe(
      `ProvisioningFailed: ${failedAt} (AccessDenied: User: ${session} is not authorized to perform: ssm:PutParameter); removed the console password of dave, the virtual MFA device ${DEVICE}, the seed parameter /orgmfa/seed/AIDADAVE000000000001; the user was deleted (deleteUserOnFailure)`,
    );
    expect(run.report.apiCalls.map((c) => c.operation).filter((o) => /^(Create|Put|Delete)/.test(o))).toEqual(
      [
        'CreateVirtualMFADevice',
        'PutParameter',
        'CreateLoginProfile',
        'PutParameter',
        'DeleteLoginProfile',
        'DeleteVirtualMFADevice',
        'DeleteParameter',
        'DeleteUser',
      ],
    );
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
    expect(comparableState(run.backend.sim!.state)).toEqual(withoutDave(run.fixture));
  });
});

describe('every undo step, throttled and denied: the failure names exactly what is left', () => {
  const failEnable = deny(PROD, 'EnableMFADevice');
  const device = `the virtual MFA device ${DEVICE}`;
  const seed = 'the seed parameter /orgmfa/seed/AIDADAVE000000000001';
  const password = 'the console password of dave';
  const passwordParameter = 'the password parameter /orgmfa/initial-password/AIDADAVE000000000001';

  test.each([
    [
      'removing the device is denied',
      deny(PROD, 'DeleteVirtualMFADevice'),
      false,
      device,
      'AccessDenied',
      1,
      [device, seed],
    ],
    [
      'removing the device stays throttled',
      throttle('iam', 'DeleteVirtualMFADevice'),
      false,
      device,
      'Throttling',
      4,
      [device, seed],
    ],
    ['removing the seed is denied', deny(PROD, 'DeleteParameter'), false, seed, 'AccessDenied', 1, [seed]],
    [
      'removing the seed stays throttled',
      throttle('ssm', 'DeleteParameter'),
      false,
      seed,
      'ThrottlingException',
      4,
      [seed],
    ],
    [
      'removing the console password is denied',
      deny(PROD, 'DeleteLoginProfile'),
      true,
      password,
      'AccessDenied',
      1,
      [password, device, seed],
    ],
    [
      'removing the console password stays throttled',
      throttle('iam', 'DeleteLoginProfile'),
      true,
      password,
      'Throttling',
      4,
      [password, device, seed],
    ],
    [
      'removing the password parameter is denied',
      deny(PROD, 'DeleteParameter'),
      true,
      passwordParameter,
      'AccessDenied',
      1,
      [passwordParameter, password, device, seed],
    ],
    [
      'removing the password parameter stays throttled',
      throttle('ssm', 'DeleteParameter'),
      true,
      passwordParameter,
      'ThrottlingException',
      4,
      [passwordParameter, password, device, seed],
    ],
  ] as const)(
    '%s',
    async (_label, undoFault, setInitialPassword, stoppedAt, errorName, attempts, leftInPlace) => {
      const run = await provision(both(failEnable, undoFault), { setInitialPassword });

      expect(run.report.status).toBe('FAILED');
      const message = run.report.error!;
      expect(message).toMatch(
        /^ProvisioningFailed: provisioning MFA for dave in 222222222222 failed to enable the device \(AccessDenied: /,
      );
      expect(message).toContain(`; undoing stopped at removing ${stoppedAt} (${errorName}: `);
      // Left in place means left: the user is not deleted while orgmfa's own things remain.
      expect(
        message.endsWith(
          `, ${attempts} attempt(s)); left in place: ${leftInPlace.join(', ')}; the user was kept: what provisioning created is not all removed`,
        ),
      ).toBe(true);
      expect(run.prod.iam.users.map((u) => u.userName)).toContain('dave');
      expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
      // What is named as left is there, and nothing else of orgmfa's is.
      const present = [
        ...run.prod.iam.virtualMfaDevices.filter((d) => d.name === 'dave').map(() => device),
        ...(run.prod.ssm?.parameters ?? []).map((p) =>
          p.name.startsWith('/orgmfa/seed/') ? seed : passwordParameter,
        ),
        ...(run.prod.iam.users.find((u) => u.userName === 'dave')!.consolePassword ? [password] : []),
      ];
      expect(present.sort()).toEqual([...leftInPlace].sort());
      // Never an enabled device: enabling failed, and nothing after it ran.
      expect(run.prod.iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toEqual([]);
    },
  );

  test('an undo throttled in a burst is retried until it succeeds: everything removed', async () => {
    // 5 throttled calls: more than the SDK's 3 tries, fewer than orgmfa's 4 retries of them.
    const run = await provision(both(failEnable, throttle('iam', 'DeleteVirtualMFADevice', 5)));

    expect(run.report.error).toContain(
      `; ${REMOVED_DEVICE_AND_SEED}; the user was deleted (deleteUserOnFailure)`,
    );
    expect(comparableState(run.backend.sim!.state)).toEqual(withoutDave(run.fixture));
  });

  test('a transient failure whose undo cannot complete is not retried: nothing would be consistent to retry on', async () => {
    const run = await provision(
      both(throttle('iam', 'EnableMFADevice'), deny(PROD, 'DeleteVirtualMFADevice')),
    );

    expect(invocations(run)).toBe(1);
    expect(run.report.error).toMatch(
      /^ProvisioningFailed: .* failed to enable the device \(Throttling: Rate exceeded\); undoing stopped at removing/,
    );
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
  });
});

describe('conflicts AWS says to retry after waiting are transient: retried, and never a reason to delete the user', () => {
  const conflict = (
    service: ServiceName,
    operation: string,
    code: ConflictCode,
    count?: number,
  ): FaultPlan => ({ conflict: [{ service, operation, code, ...(count === undefined ? {} : { count }) }] });

  test.each([
    ['iam', 'EnableMFADevice', 'EntityTemporarilyUnmodifiable'],
    ['iam', 'EnableMFADevice', 'ConcurrentModification'],
    ['iam', 'CreateVirtualMFADevice', 'EntityTemporarilyUnmodifiable'],
    ['ssm', 'PutParameter', 'TooManyUpdates'],
  ] as const)(
    'one %s:%s answered %s: undone, retried by the workflow, provisioned; dave kept',
    async (service, operation, code) => {
      const run = await provision(conflict(service, operation, code));

      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
      expect(invocations(run)).toBe(2);
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      expect(run.prod.iam.users.some((u) => u.userName === 'dave')).toBe(true);
      expect(run.prod.iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toHaveLength(1);
      expect(run.prod.ssm!.parameters.map((p) => p.name)).toEqual(['/orgmfa/seed/AIDADAVE000000000001']);
    },
  );

  test('EnableMFADevice unmodifiable on every try: a counted ProvisioningFailed on the last try, and dave is KEPT', async () => {
    const run = await provision(conflict('iam', 'EnableMFADevice', 'EntityTemporarilyUnmodifiable', 100));

    expect(run.report.status).toBe('FAILED');
    expect(run.report.error).toMatch(
      new RegExp(
        `^ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to enable the device \\(EntityTemporarilyUnmodifiableException: .*\\); ${escape(REMOVED_DEVICE_AND_SEED)}; the user was kept: EntityTemporarilyUnmodifiableException is not a definitive failure, and a retry may succeed$`,
      ),
    );
    expect(invocations(run)).toBe(5);
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
    expect(comparableState(run.backend.sim!.state)).toEqual(run.fixture);
  });

  test("an undo answered ConcurrentModification is retried by the undo's own policy: everything removed", async () => {
    const run = await provision(
      both(
        deny(PROD, 'EnableMFADevice'),
        conflict('iam', 'DeleteVirtualMFADevice', 'ConcurrentModification', 2),
      ),
    );

    expect(run.report.error).toContain(
      `; ${REMOVED_DEVICE_AND_SEED}; the user was deleted (deleteUserOnFailure)`,
    );
    expect(run.report.apiCalls.filter((c) => c.operation === 'DeleteVirtualMFADevice')).toHaveLength(3);
    expect(comparableState(run.backend.sim!.state)).toEqual(withoutDave(run.fixture));
  });
});

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
