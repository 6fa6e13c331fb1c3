import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { OrganizationFixture, UserFixture } from '../../local/sim/fixture';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { createUserEvent, provisioningConfig } from '../helpers/provisioning';
import { orgFixture } from '../helpers/simulated-org';

const PROD = '222222222222';
const NOW = new Date('2026-11-21T09:00:10Z');
/** Enabling is refused: a definitive failure, after which deleteUserOnFailure applies. */
const ENABLE_DENIED = { accountId: PROD, operation: 'EnableMFADevice' };

/** dave, created ten seconds ago by an admin who also gave him a password, keys, a group and more. */
const DAVE: UserFixture = {
  userName: 'dave',
  path: '/',
  userId: 'AIDADAVE000000000001',
  consolePassword: true,
  accessKeys: [
    { active: true, id: 'AKIADAVE000000000001' },
    { active: false, id: 'AKIADAVE000000000002' },
  ],
  tags: {},
  createDate: '2026-11-21T09:00:00Z',
  signingCertificates: ['CERTDAVE000000000001'],
  sshPublicKeys: ['APKADAVE000000000001'],
  serviceSpecificCredentials: ['ACCADAVE000000000001'],
  groups: ['developers'],
  attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
  inlinePolicies: ['own-bucket'],
};

function withUser(user: Partial<UserFixture> = {}): OrganizationFixture {
  const fixture = orgFixture();
  fixture.accounts[1]!.iam.users.push({ ...DAVE, ...user });
  return fixture;
}

async function provision(fixture: OrganizationFixture, faults: FaultPlan) {
  const backend = simulatedBackend(fixture, provisioningConfig({ deleteUserOnFailure: true }), {
    clock: new VirtualClock(NOW),
    faults,
  });
  const run = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));
  const dave = backend.sim!.account(PROD)!.iam.users.find((u) => u.userName === 'dave');
  return { ...run, dave };
}

const MUTATING = /^(Delete|Remove|Detach|Deactivate)/;

describe('deleteUserOnFailure: all or nothing, and only for a new user after a definitive failure', () => {
  test('a user with a password, keys, certificates, SSH keys, Git credentials, a group and policies: all removed, then the user', async () => {
    const { report, dave, metrics } = await provision(withUser(), { accessDenied: [ENABLE_DENIED] });

    expect(dave).toBeUndefined();
    expect(report.error).toMatch(
      /; the user was deleted \(deleteUserOnFailure\), after removing its console password, access key AKIADAVE000000000001, access key AKIADAVE000000000002, signing certificate CERTDAVE000000000001, SSH public key APKADAVE000000000001, service-specific credential ACCADAVE000000000001, its membership of group developers, attached policy arn:aws:iam::aws:policy\/ReadOnlyAccess, inline policy own-bucket$/,
    );
    // Every read before the first removal: nothing changes until the whole inventory is known.
    const calls = report.apiCalls.map((c) => c.operation);
    const afterUndo = calls.slice(calls.lastIndexOf('DeleteParameter') + 1);
    const firstRemoval = afterUndo.findIndex((o) => MUTATING.test(o));
    expect(afterUndo.slice(0, firstRemoval).sort()).toEqual(
      [
        'GetUser',
        'GetLoginProfile',
        'ListAccessKeys',
        'ListSigningCertificates',
        'ListSSHPublicKeys',
        'ListServiceSpecificCredentials',
        'ListMFADevices',
        'ListGroupsForUser',
        'ListAttachedUserPolicies',
        'ListUserPolicies',
      ].sort(),
    );
    expect(afterUndo.slice(firstRemoval)).toEqual([
      'DeleteLoginProfile',
      'DeleteAccessKey',
      'DeleteAccessKey',
      'DeleteSigningCertificate',
      'DeleteSSHPublicKey',
      'DeleteServiceSpecificCredential',
      'RemoveUserFromGroup',
      'DetachUserPolicy',
      'DeleteUserPolicy',
      'DeleteUser',
    ]);
    expect(metrics.counts).toEqual({ ProvisioningFailed: 1 });
  });

  test('anything that cannot be read: nothing is removed, the user is kept, and the message says so', async () => {
    const fixture = withUser();
    const { report, dave } = await provision(fixture, {
      accessDenied: [ENABLE_DENIED, { accountId: PROD, operation: 'ListGroupsForUser' }],
    });

    expect(dave).toEqual(DAVE);
    expect(report.error).toMatch(
      /; the user was kept: what DeleteUser requires removing first could not all be read \(AccessDenied: .*iam:ListGroupsForUser\)$/,
    );
    expect(
      report.apiCalls.filter((c) => /^(DeleteLoginProfile|DeleteAccessKey|DeleteUser)$/.test(c.operation)),
    ).toEqual([]);
  });

  test('a removal that keeps failing: the message names what was removed and what remains', async () => {
    const { report, dave } = await provision(withUser(), {
      accessDenied: [ENABLE_DENIED, { accountId: PROD, operation: 'DetachUserPolicy' }],
    });

    expect(report.error).toMatch(
      /; deleting the user stopped at removing attached policy arn:aws:iam::aws:policy\/ReadOnlyAccess \(AccessDenied: .*, 1 attempt\(s\)\); removed: its console password, access key AKIADAVE000000000001, access key AKIADAVE000000000002, signing certificate CERTDAVE000000000001, SSH public key APKADAVE000000000001, service-specific credential ACCADAVE000000000001, its membership of group developers; still in place: attached policy arn:aws:iam::aws:policy\/ReadOnlyAccess, inline policy own-bucket, the user itself$/,
    );
    expect(dave).toMatchObject({
      consolePassword: false,
      accessKeys: [],
      attachedPolicies: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inlinePolicies: ['own-bucket'],
    });
  });

  test('DeleteUser itself throttled beyond the retries: reported as not deleted, with everything removed before it', async () => {
    const { report, dave } = await provision(withUser({ ...BARE }), {
      accessDenied: [ENABLE_DENIED],
      throttle: [{ service: 'iam', operation: 'DeleteUser', rate: 1 }],
    });

    expect(dave).toBeDefined();
    expect(report.error).toMatch(
      /; deleting the user stopped at removing the user itself \(Throttling: Rate exceeded, 4 attempt\(s\)\); removed: nothing; still in place: the user itself$/,
    );
  });

  test('an established user (a replayed or forged CreateUser) is never deleted', async () => {
    const { report, dave } = await provision(withUser({ createDate: '2025-06-01T00:00:00Z' }), {
      accessDenied: [ENABLE_DENIED],
    });

    expect(dave).toBeDefined();
    expect(dave!.accessKeys).toHaveLength(2);
    expect(report.error).toMatch(
      /; the user was kept: user dave was created at 2025-06-01T00:00:00.000Z, more than an hour ago: not a new user$/,
    );
  });

  test('without deleteUserOnFailure the user is never touched, and the message does not speak of it', async () => {
    const backend = simulatedBackend(withUser(), provisioningConfig(), {
      clock: new VirtualClock(NOW),
      faults: { accessDenied: [ENABLE_DENIED] },
    });

    const { report } = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));

    expect(backend.sim!.account(PROD)!.iam.users.find((u) => u.userName === 'dave')).toEqual(DAVE);
    expect(report.error).not.toContain('the user');
  });
});

/** dave with nothing attached. */
const BARE: Partial<UserFixture> = {
  consolePassword: false,
  accessKeys: [],
  signingCertificates: [],
  sshPublicKeys: [],
  serviceSpecificCredentials: [],
  groups: [],
  attachedPolicies: [],
  inlinePolicies: [],
};
