import {
  CreateVirtualMFADeviceCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { totpCodeForWindow, totpWindow } from '../../functions/core/totp';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const serial = (name: string) => `arn:aws:iam::${PROD}:mfa/${name}`;

describe('simulated IAM behaves like IAM where orgmfa depends on it', () => {
  test('ListVirtualMFADevices without AssignmentStatus lists assigned devices too (IAM defaults to Any)', async () => {
    const { clients, asUser } = simulatedOrg();
    const iam = clients.iam(asUser(PROD, 'alice'));
    const any = await iam.send(new ListVirtualMFADevicesCommand({}));
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(any.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([serial('alice-phone'), serial('bob')]);
    expect(unassigned.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([serial('alice-phone')]);
  });

  test('ListVirtualMFADevices pages with Marker and IsTruncated', async () => {
    const { clients, asUser } = simulatedOrg();
    const iam = clients.iam(asUser(PROD, 'alice'));
    const first = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', MaxItems: 1 }));
    expect(first.IsTruncated).toBe(true);
    const second = await iam.send(
      new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', MaxItems: 1, Marker: first.Marker }),
    );
    expect(second.IsTruncated).toBe(false);
    expect(second.VirtualMFADevices?.map((d) => d.SerialNumber)).toEqual([serial('bob')]);
  });

  test('deleting an assigned device fails with DeleteConflict and changes nothing', async () => {
    const { sim, clients, asUser } = simulatedOrg();
    const iam = clients.iam(asUser(PROD, 'alice'));
    await expect(
      iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial('bob') })),
    ).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'MFA VirtualDevice in use. Must deactivate first.',
    });
    expect(sim.account(PROD)?.iam.virtualMfaDevices.find((d) => d.name === 'bob')?.assignedTo).toBe('bob');
  });

  test('deleting a device that does not exist fails with NoSuchEntity', async () => {
    const { clients, asUser } = simulatedOrg();
    await expect(
      clients
        .iam(asUser(PROD, 'alice'))
        .send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial('nobody') })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  test('a device of another account cannot be deleted from this one', async () => {
    const { clients, asUser } = simulatedOrg();
    await expect(
      clients
        .iam(asUser(PROD, 'alice'))
        .send(new DeleteVirtualMFADeviceCommand({ SerialNumber: 'arn:aws:iam::333333333333:mfa/carol' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('creating a device whose name and path exist fails with EntityAlreadyExists', async () => {
    const { clients, asUser } = simulatedOrg();
    const iam = clients.iam(asUser(PROD, 'alice'));
    await expect(
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' })),
    ).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'MFADevice entity at the same path and name already exists.',
    });
  });

  test('CreateVirtualMFADevice returns the seed as the bytes of its base32 text', async () => {
    const { clients, asUser } = simulatedOrg();
    const created = await clients
      .iam(asUser(PROD, 'alice'))
      .send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-2' }));
    const seed = new TextDecoder().decode(created.VirtualMFADevice?.Base32StringSeed);
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);
    expect(created.VirtualMFADevice?.SerialNumber).toBe(serial('alice-2'));
  });
});

describe('simulated EnableMFADevice checks two consecutive TOTP codes against the seed', () => {
  const SEED = 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU'; // alice-phone's seed in the fixture
  // 2026-11-21T09:00:00Z is the start of a 30 s window.
  const WINDOW_START = Date.UTC(2026, 10, 21, 9, 0, 0);

  async function enable(at: number, pair: (w: number) => [number, number]) {
    const clock = { now: new Date(at) };
    const { sim, clients, asUser } = simulatedOrg(orgFixture(), { clock: () => clock.now });
    const w = totpWindow(at / 1000);
    const [a, b] = pair(w);
    const send = clients.iam(asUser(PROD, 'alice')).send(
      new EnableMFADeviceCommand({
        UserName: 'alice',
        SerialNumber: serial('alice-phone'),
        AuthenticationCode1: await totpCodeForWindow(SEED, a),
        AuthenticationCode2: await totpCodeForWindow(SEED, b),
      }),
    );
    return {
      send,
      device: () => sim.account(PROD)?.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone'),
    };
  }

  test.each([
    ['second 0 of a window', 0],
    ['second 29 of a window', 29],
    ['second 30 (the next window starts)', 30],
    ['second 59', 59],
  ])('the previous and current window codes are accepted at %s', async (_label, offset) => {
    const { send, device } = await enable(WINDOW_START + offset * 1000, (w) => [w - 1, w]);
    await expect(send).resolves.toBeDefined();
    expect(device()?.assignedTo).toBe('alice');
  });

  test('the current and next window codes are accepted (one window of drift)', async () => {
    const { send } = await enable(WINDOW_START + 29_000, (w) => [w, w + 1]);
    await expect(send).resolves.toBeDefined();
  });

  test.each([
    ['codes two windows old', (w: number): [number, number] => [w - 3, w - 2]],
    ['codes two windows ahead', (w: number): [number, number] => [w + 1, w + 2]],
    ['the same code twice', (w: number): [number, number] => [w, w]],
    ['codes in reverse order', (w: number): [number, number] => [w, w - 1]],
    ['non-consecutive codes', (w: number): [number, number] => [w - 2, w]],
  ])(
    '%s are rejected with InvalidAuthenticationCode and the device stays unassigned',
    async (_label, pair) => {
      const { send, device } = await enable(WINDOW_START + 15_000, pair);
      await expect(send).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException' });
      expect(device()?.assignedTo).toBeNull();
    },
  );

  test('at second 30 the codes of the window that just ended are still accepted as the current pair’s first', async () => {
    // At 09:00:30 the current window is w; [w-2, w-1] is the pair a client computed one second earlier.
    const { send } = await enable(WINDOW_START + 30_000, (w) => [w - 2, w - 1]);
    await expect(send).resolves.toBeDefined();
  });
});
