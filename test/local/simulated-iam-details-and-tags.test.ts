import {
  GetAccountAuthorizationDetailsCommand,
  ListMFADeviceTagsCommand,
  ListUserTagsCommand,
  ListVirtualMFADevicesCommand,
  paginateGetAccountAuthorizationDetails,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
} from '@aws-sdk/client-iam';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const PROD = '222222222222';
const serial = (name: string, account = PROD) => `arn:aws:iam::${account}:mfa/${name}`;

/** Prod with five users, tagged. */
function taggedOrg() {
  const fixture = orgFixture();
  const users = fixture.accounts[1]!.iam.users;
  users[0]!.tags = { 'orgmfa:exempt': 'break-glass account', team: 'platform' };
  for (const name of ['carol', 'dave', 'erin']) {
    users.push({ userName: name, path: '/', consolePassword: false, accessKeys: [], tags: { team: name } });
  }
  const org = simulatedOrg(fixture);
  const iam = org.clients.iam({
    accountId: PROD,
    credentials: org.sim.issueSession(PROD, 'OrgMfaMemberRole', 'orgmfa-sweep'),
  });
  return { org, iam };
}

describe('simulated GetAccountAuthorizationDetails with Filter User', () => {
  test('GIVEN five users WHEN paged with MaxItems 2 THEN pages of 2, 2 and 1 with Marker and IsTruncated, each user with its tags', async () => {
    const { iam } = taggedOrg();
    const pages: { users: string[]; truncated: boolean | undefined }[] = [];
    for await (const page of paginateGetAccountAuthorizationDetails(
      { client: iam, pageSize: 2 },
      { Filter: ['User'] },
    )) {
      pages.push({ users: (page.UserDetailList ?? []).map((u) => u.UserName!), truncated: page.IsTruncated });
    }
    expect(pages).toEqual([
      { users: ['alice', 'bob'], truncated: true },
      { users: ['carol', 'dave'], truncated: true },
      { users: ['erin'], truncated: false },
    ]);
    const first = await iam.send(
      new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: 2 }),
    );
    expect(first.Marker).toBeDefined();
    expect(first.UserDetailList?.[0]).toMatchObject({
      UserName: 'alice',
      Arn: `arn:aws:iam::${PROD}:user/alice`,
      Path: '/',
      UserId: expect.stringMatching(/^AIDA[0-9A-F]{17}$/),
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      Tags: [
        { Key: 'orgmfa:exempt', Value: 'break-glass account' },
        { Key: 'team', Value: 'platform' },
      ],
    });
    expect(first.UserDetailList?.[1]).toMatchObject({ UserName: 'bob', Path: '/engineering/' });
    expect(first.UserDetailList?.[1]?.Tags).toBeUndefined();
    expect(first).toMatchObject({ RoleDetailList: [], GroupDetailList: [], Policies: [] });
  });

  test('without MaxItems a page holds up to 100 users', async () => {
    const fixture = orgFixture();
    for (let i = 0; i < 150; i++) {
      fixture.accounts[1]!.iam.users.push({
        userName: `user-${i}`,
        path: '/',
        consolePassword: false,
        accessKeys: [],
        tags: {},
      });
    }
    const org = simulatedOrg(fixture);
    const iam = org.clients.iam(org.asUser(PROD, 'alice'));
    const first = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
    expect(first.UserDetailList).toHaveLength(100);
    expect(first.IsTruncated).toBe(true);
  });

  test.each([
    ['MaxItems above 1000', { Filter: ['User' as const], MaxItems: 1001 }],
    ['an entity type IAM does not have', { Filter: ['Users' as never] }],
    ['a Marker IAM did not issue', { Filter: ['User' as const], Marker: 'not-a-marker' }],
  ])('%s is a ValidationError', async (_label, input) => {
    const { iam } = taggedOrg();
    await expect(iam.send(new GetAccountAuthorizationDetailsCommand(input))).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  test('ListUserTags lists a user’s tags; an unknown user is NoSuchEntity', async () => {
    const { iam } = taggedOrg();
    const tags = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
    expect(tags).toMatchObject({
      Tags: [
        { Key: 'orgmfa:exempt', Value: 'break-glass account' },
        { Key: 'team', Value: 'platform' },
      ],
      IsTruncated: false,
    });
    await expect(iam.send(new ListUserTagsCommand({ UserName: 'mallory' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name mallory cannot be found.',
    });
  });
});

describe('simulated tags on virtual MFA devices', () => {
  test('GIVEN an unassigned device WHEN tagged THEN ListMFADeviceTags and the state show the tag, and ListVirtualMFADevices does not (AWS: listings return no tags)', async () => {
    const { org, iam } = taggedOrg();
    await iam.send(
      new TagMFADeviceCommand({
        SerialNumber: serial('alice-phone'),
        Tags: [{ Key: 'orgmfa:first-seen', Value: '2026-11-21T09:00:00Z' }],
      }),
    );
    await expect(
      iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial('alice-phone') })),
    ).resolves.toMatchObject({
      Tags: [{ Key: 'orgmfa:first-seen', Value: '2026-11-21T09:00:00Z' }],
      IsTruncated: false,
    });
    const listed = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(listed.VirtualMFADevices?.[0]?.SerialNumber).toBe(serial('alice-phone'));
    expect(listed.VirtualMFADevices?.[0]).not.toHaveProperty('Tags');
    expect(org.sim.account(PROD)?.iam.virtualMfaDevices[0]?.tags).toEqual({
      'orgmfa:first-seen': '2026-11-21T09:00:00Z',
    });
  });

  test('a tag key is matched without case: tagging again replaces the value; untagging removes it', async () => {
    const { org, iam } = taggedOrg();
    const device = () => org.sim.account(PROD)?.iam.virtualMfaDevices[0];
    await iam.send(
      new TagMFADeviceCommand({ SerialNumber: serial('alice-phone'), Tags: [{ Key: 'Owner', Value: 'a' }] }),
    );
    await iam.send(
      new TagMFADeviceCommand({ SerialNumber: serial('alice-phone'), Tags: [{ Key: 'owner', Value: 'b' }] }),
    );
    expect(device()?.tags).toEqual({ Owner: 'b' });
    await iam.send(
      new UntagMFADeviceCommand({ SerialNumber: serial('alice-phone'), TagKeys: ['OWNER', 'absent'] }),
    );
    expect(device()?.tags).toBeUndefined();
  });

  test('a request with the same key twice (in any case) is InvalidInputException', async () => {
    const { iam } = taggedOrg();
    await expect(
      iam.send(
        new TagMFADeviceCommand({
          SerialNumber: serial('alice-phone'),
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'A', Value: '2' },
          ],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    });
  });

  test('GIVEN 49 tags WHEN two more are added THEN LimitExceeded and the tags are unchanged', async () => {
    const { org, iam } = taggedOrg();
    const tags = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, 'v']));
    org.sim.account(PROD)!.iam.virtualMfaDevices[0]!.tags = { ...tags };
    await expect(
      iam.send(
        new TagMFADeviceCommand({
          SerialNumber: serial('alice-phone'),
          Tags: [
            { Key: 'x', Value: '1' },
            { Key: 'y', Value: '2' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    expect(org.sim.account(PROD)?.iam.virtualMfaDevices[0]?.tags).toEqual(tags);
    // Replacing an existing key's value does not add a tag.
    await iam.send(
      new TagMFADeviceCommand({ SerialNumber: serial('alice-phone'), Tags: [{ Key: 'k0', Value: 'w' }] }),
    );
  });

  test('more than 50 tags in one request is a ValidationError', async () => {
    const { iam } = taggedOrg();
    await expect(
      iam.send(
        new TagMFADeviceCommand({
          SerialNumber: serial('alice-phone'),
          Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  test.each([
    [
      'TagMFADevice',
      () => new TagMFADeviceCommand({ SerialNumber: serial('nobody'), Tags: [{ Key: 'k', Value: 'v' }] }),
    ],
    ['UntagMFADevice', () => new UntagMFADeviceCommand({ SerialNumber: serial('nobody'), TagKeys: ['k'] })],
    ['ListMFADeviceTags', () => new ListMFADeviceTagsCommand({ SerialNumber: serial('nobody') })],
  ])('%s of an unknown serial number is NoSuchEntity', async (_label, command) => {
    const { iam } = taggedOrg();
    await expect(iam.send(command() as TagMFADeviceCommand)).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `VirtualMFADevice with serial number ${serial('nobody')} doesn't exist.`,
    });
  });

  test('a device of another account cannot be tagged from this one', async () => {
    const { iam } = taggedOrg();
    await expect(
      iam.send(
        new TagMFADeviceCommand({
          SerialNumber: serial('carol', '333333333333'),
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
