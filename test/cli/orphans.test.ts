import { IAMClient } from '@aws-sdk/client-iam';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SdkClient } from '../../functions/aws/clients';
import { HUB_ROLE_NAMES } from '../../functions/core/naming';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

const aws = useTemporaryAwsHome();
const PROD = '222222222222';
const NOW = new Date('2026-11-21T12:00:00.000Z');
const serial = (name: string, path = '/') => `arn:aws:iam::${PROD}:mfa${path}${name}`;
const ALICE = `arn:aws:iam::${PROD}:user/alice`;

/**
 * Account 222222222222 with unassigned devices of every age orgmfa's record can prove: alice-phone
 * (created by alice two hours ago), alice-tablet (unassigned for five minutes: maybe being enrolled),
 * build-bot (no record: age unknown) and bobby-iphone (three hours); plus assigned devices.
 */
function fixture(): OrganizationFixture {
  const org = orgFixture();
  const prod = org.accounts.find((a) => a.id === PROD)!;
  prod.iam.virtualMfaDevices.push(
    { name: 'alice-tablet', path: '/', assignedTo: null },
    { name: 'alice', path: '/engineering/', assignedTo: 'alice' },
    { name: 'build-bot', path: '/', assignedTo: null },
    { name: 'bobby-iphone', path: '/', assignedTo: null },
  );
  const entry = (since: string, createdBy?: string) => ({
    ...(createdBy === undefined ? {} : { createdBy, createdAt: since }),
    unassignedSince: since,
    asOf: since,
  });
  org.accounts.find((a) => a.id === '111111111111')!.s3 = {
    buckets: [
      {
        name: 'orgmfa-state-111111111111',
        objects: [
          {
            key: `devices/${PROD}.json`,
            body: JSON.stringify({
              format: 1,
              accountId: PROD,
              devices: {
                [serial('alice-phone')]: entry('2026-11-21T10:00:00.000Z', ALICE),
                [serial('alice-tablet')]: entry('2026-11-21T11:55:00.000Z'),
                [serial('bobby-iphone')]: entry('2026-11-21T09:00:00.000Z'),
              },
            }),
          },
        ],
      },
    ],
  };
  return org;
}

/**
 * The simulated organization, the configuration that names it, and the operator's profile holding a
 * session of a role the member role trusts, in the hub account.
 */
function setUp(
  extraDecorate?: (client: SdkClient) => void,
  org = simulatedOrg(fixture()),
  configuration: Record<string, unknown> = {},
) {
  const config = join(aws().home, 'orgmfa.json');
  writeFileSync(
    config,
    JSON.stringify({
      orgmfa: {
        organizationId: 'o-a1b2c3d4e5',
        managementAccountId: '111111111111',
        hubRegion: 'us-east-1',
        targetOrganizationalUnitIds: ['r-a1b2'],
        ...configuration,
      },
    }),
  );
  const keys = org.sim.issueSession('111111111111', HUB_ROLE_NAMES.cleanUpOrphan, 'operator');
  aws().writeCredentials(
    `[operator]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\naws_session_token = ${keys.sessionToken}\n`,
  );
  const decorateClient = (client: SdkClient) => {
    attachSimulatedAws(org.sim, client);
    extraDecorate?.(client);
  };
  const devices = () =>
    org.sim
      .account(PROD)!
      .iam.virtualMfaDevices.map(
        (d) => `${d.path}${d.name}${d.assignedTo === null ? '' : ` -> ${d.assignedTo}`}`,
      );
  const run = (args: string[], options: { stdin?: string; terminal?: boolean } = {}) =>
    orgmfa(['orphans', ...args, '--profile', 'operator', '--config', config], {
      decorateClient,
      now: () => NOW,
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
      ...(options.terminal ? { terminals: { stdin: true, stderr: true, stdout: true } } : {}),
    });
  return { org, run, devices };
}

/** A client decoration that runs `meanwhile` once, right after the command's first device listing. */
function afterFirstListing(meanwhile: () => void): (client: SdkClient) => void {
  let listings = 0;
  return (client) => {
    if (!(client instanceof IAMClient)) return;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const output = await next(args);
        if (context.commandName === 'ListVirtualMFADevicesCommand' && ++listings === 1) meanwhile();
        return output;
      },
      { step: 'initialize', name: 'afterFirstListing' },
    );
  };
}

const DELETABLE = ['/alice-phone', '/bobby-iphone'];

describe('orgmfa orphans list', () => {
  test("lists the unassigned devices with what orgmfa's record proves of each, as JSON", async () => {
    const { run, org } = setUp();

    const result = await run(['list', '--account', PROD, '--output', 'json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accountId: PROD,
      user: null,
      device: null,
      devices: [
        {
          serialNumber: serial('alice-phone'),
          name: 'alice-phone',
          path: '/',
          unassignedSince: '2026-11-21T10:00:00.000Z',
          createdBy: ALICE,
        },
        {
          serialNumber: serial('alice-tablet'),
          name: 'alice-tablet',
          path: '/',
          unassignedSince: '2026-11-21T11:55:00.000Z',
          createdBy: null,
        },
        {
          serialNumber: serial('build-bot'),
          name: 'build-bot',
          path: '/',
          unassignedSince: null,
          createdBy: null,
        },
        {
          serialNumber: serial('bobby-iphone'),
          name: 'bobby-iphone',
          path: '/',
          unassignedSince: '2026-11-21T09:00:00.000Z',
          createdBy: null,
        },
      ],
    });
    // The organization learned from AWS, the membership gate and orgmfa's record (Organizations, STS,
    // S3 in the hub), then IAM in the member account.
    expect(org.sim.calls.map((c) => `${c.service}:${c.operation}@${c.accountId}`).sort()).toEqual([
      `iam:ListVirtualMFADevices@${PROD}`,
      'organizations:DescribeAccount@111111111111',
      'organizations:DescribeOrganization@111111111111',
      's3:GetObject@111111111111',
      'sts:AssumeRole@111111111111',
      'sts:GetCallerIdentity@111111111111',
    ]);
  });

  test('--user matches exactly: the device named so, or one the record says the user created; never by prefix', async () => {
    const { run } = setUp();

    const alice = await run(['list', '--account', PROD, '--user', 'alice']);
    const bob = await run(['list', '--account', PROD, '--user', 'bob', '--output', 'json']);

    expect(alice).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        `1 unassigned virtual MFA device(s) (account ${PROD}, user alice):`,
        `${'SERIAL NUMBER'.padEnd(serial('alice-phone').length)}  UNASSIGNED SINCE          CREATED BY`,
        `${serial('alice-phone')}  2026-11-21T10:00:00.000Z  ${ALICE}`,
        '',
      ].join('\n'),
    });
    // bob's own device is assigned; bobby-iphone is not his.
    expect(JSON.parse(bob.stdout).devices).toEqual([]);
  });

  test('--device matches the exact name, or the exact serial number', async () => {
    const { run } = setUp();

    const byName = await run(['list', '--account', PROD, '--device', 'alice', '--output', 'json']);
    const bySerial = await run([
      'list',
      '--account',
      PROD,
      '--device',
      serial('build-bot'),
      '--output',
      'json',
    ]);

    expect(JSON.parse(byName.stdout).devices).toEqual([]);
    expect(JSON.parse(bySerial.stdout).devices.map((d: { name: string }) => d.name)).toEqual(['build-bot']);
  });
});

test('a listing longer than one IAM page is read to the end (SDK paginator)', async () => {
  const { run, org } = setUp();
  const prod = org.sim.account(PROD)!;
  for (let i = 0; i < 150; i++)
    prod.iam.virtualMfaDevices.push({ name: `build-bot-${i}`, path: '/ci/', assignedTo: null });

  const result = await run(['list', '--account', PROD, '--output', 'json']);

  expect(JSON.parse(result.stdout).devices).toHaveLength(154);
  expect(org.sim.calls.filter((c) => c.operation === 'ListVirtualMFADevices')).toHaveLength(2);
});

describe('orgmfa orphans clean', () => {
  test('--dry-run prints what would be deleted and what is too recent, asks nothing, changes nothing', async () => {
    const { run, devices, org } = setUp();
    const before = devices();

    const result = await run(['clean', '--account', PROD, '--dry-run', '--output', 'json']);

    expect(result.code).toBe(0);
    expect(
      JSON.parse(result.stdout).results.map((r: { name: string; outcome: string; reason: string | null }) => [
        r.name,
        r.outcome,
        r.reason,
      ]),
    ).toEqual([
      ['alice-phone', 'WouldDelete', null],
      [
        'alice-tablet',
        'SkippedRecent',
        'unassigned for only 5 minutes, less than the enrolment window of 15 minutes (someone may be enrolling it): not deleted without --include-recent',
      ],
      ['bobby-iphone', 'WouldDelete', null],
      [
        'build-bot',
        'SkippedRecent',
        "orgmfa's record does not prove how long it has been unassigned (someone may be enrolling it): not deleted without --include-recent",
      ],
    ]);
    expect(devices()).toEqual(before);
    expect(org.sim.calls.some((c) => c.operation === 'DeleteVirtualMFADevice')).toBe(false);
  });

  test('without a terminal and without --yes it refuses at once: exit 2, no call, nothing deleted', async () => {
    const { run, devices, org } = setUp();
    const before = devices();

    const result = await run(['clean', '--account', PROD]);

    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'orgmfa: not on a terminal, so nothing can be confirmed: pass --yes to delete (or --dry-run to look)\n',
    });
    expect(org.sim.calls).toEqual([]);
    expect(devices()).toEqual(before);
  });

  test('--yes deletes the devices proven older than the enrolment window, skips the recent ones, never an assigned one', async () => {
    const { run, devices } = setUp();

    const result = await run(['clean', '--account', PROD, '--yes']);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`account ${PROD}:`);
    expect(result.stdout).toContain(`${serial('bobby-iphone')}  2026-11-21T09:00:00.000Z  Deleted`);
    expect(result.stdout).toContain(`${serial('alice-tablet')}  2026-11-21T11:55:00.000Z  SkippedRecent`);
    expect(devices().filter((d) => DELETABLE.includes(d))).toEqual([]);
    expect(devices()).toEqual(
      expect.arrayContaining(['/alice-tablet', '/build-bot', '/bob -> bob', '/engineering/alice -> alice']),
    );
  });

  test('--include-recent deletes the recent and unknown-age devices too', async () => {
    const { run, devices } = setUp();

    const result = await run(['clean', '--account', PROD, '--yes', '--include-recent', '--output', 'json']);

    expect(JSON.parse(result.stdout).results.every((r: { outcome: string }) => r.outcome === 'Deleted')).toBe(
      true,
    );
    expect(devices()).toEqual(['/bob -> bob', '/engineering/alice -> alice']);
  });

  test('on a terminal it lists the devices with their ages and deletes them only once confirmed', async () => {
    const { run, devices } = setUp();

    const refused = await run(['clean', '--account', PROD, '--user', 'alice'], {
      stdin: 'no\n',
      terminal: true,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `About to delete 1 unassigned virtual MFA device(s) in account ${PROD}:`,
    );
    expect(refused.stderr).toContain(`${serial('alice-phone')}  2026-11-21T10:00:00.000Z  ${ALICE}`);
    expect(refused.stderr).toContain('orgmfa: not confirmed; nothing was deleted');
    expect(devices()).toContain('/alice-phone');

    const confirmed = await run(['clean', '--account', PROD, '--user', 'alice'], {
      stdin: 'yes\n',
      terminal: true,
    });
    expect(confirmed.code).toBe(0);
    expect(devices()).not.toContain('/alice-phone');
    expect(devices()).toContain('/alice-tablet');
  });

  test('--user bob does not touch bobby-iphone (exact, not a prefix)', async () => {
    const { run, devices } = setUp();

    const result = await run(['clean', '--account', PROD, '--user', 'bob', '--yes', '--output', 'json']);

    expect(JSON.parse(result.stdout).results).toEqual([]);
    expect(devices()).toContain('/bobby-iphone');
  });

  test("a device assigned between the listing and its deletion is left alone (the workflow's safety rule)", async () => {
    const org = simulatedOrg(fixture());
    // After the command's own listing, bob finishes enrolling bobby-iphone.
    const { run, devices } = setUp(
      afterFirstListing(() => {
        org.sim.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === 'bobby-iphone')!.assignedTo =
          'bob';
      }),
      org,
    );

    const result = await run(['clean', '--account', PROD, '--yes', '--output', 'json']);

    expect(result.code).toBe(0);
    const outcomes = JSON.parse(result.stdout).results.map((r: { name: string; outcome: string }) => [
      r.name,
      r.outcome,
    ]);
    expect(outcomes).toEqual([
      ['alice-phone', 'Deleted'],
      ['alice-tablet', 'SkippedRecent'],
      ['bobby-iphone', 'NotAnOrphan'],
      ['build-bot', 'SkippedRecent'],
    ]);
    expect(devices()).toContain('/bobby-iphone -> bob');
  });

  test("a new enrolment of the device started while the operator read the prompt (orgmfa's record changed): skipped, not deleted", async () => {
    const org = simulatedOrg(fixture());
    // While the prompt waits: alice's console retry had the old alice-phone deleted by the event path,
    // she created a new one (orgmfa recorded it) and is scanning its QR code now.
    const { run, devices } = setUp(
      afterFirstListing(() => {
        const iam = org.sim.account(PROD)!.iam;
        iam.virtualMfaDevices = iam.virtualMfaDevices.filter((d) => d.name !== 'alice-phone');
        iam.virtualMfaDevices.push({ name: 'alice-phone', path: '/', assignedTo: null });
        const stored = org.sim.account('111111111111')!.s3!.buckets[0]!.objects[0]!;
        const record = JSON.parse(stored.body) as { devices: Record<string, unknown> };
        record.devices[serial('alice-phone')] = {
          createdBy: ALICE,
          createdAt: NOW.toISOString(),
          unassignedSince: NOW.toISOString(),
          asOf: NOW.toISOString(),
        };
        stored.body = JSON.stringify(record);
      }),
      org,
    );

    const result = await run(['clean', '--account', PROD, '--device', 'alice-phone', '--output', 'json'], {
      stdin: 'yes\n',
      terminal: true,
    });

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).results).toEqual([
      expect.objectContaining({
        name: 'alice-phone',
        outcome: 'SkippedRecent',
        reason:
          "orgmfa's record changed since the list was shown (unassigned since 2026-11-21T12:00:00.000Z, not 2026-11-21T10:00:00.000Z): a new enrolment may have started; run the command again",
      }),
    ]);
    expect(devices()).toContain('/alice-phone');
  });

  test("without access to orgmfa's record it fails in one line saying what access it needs, and deletes nothing", async () => {
    // GIVEN the hub (and its state bucket) in another account than the operator's credentials
    const elsewhere = fixture();
    const bucket = elsewhere.accounts.find((a) => a.id === '111111111111')!.s3!;
    delete elsewhere.accounts.find((a) => a.id === '111111111111')!.s3;
    bucket.buckets[0]!.name = 'orgmfa-state-222222222222';
    elsewhere.accounts.find((a) => a.id === PROD)!.s3 = bucket;
    const { run, devices } = setUp(undefined, simulatedOrg(elsewhere), { hubAccountId: PROD });
    const before = devices();

    const result = await run(['clean', '--account', PROD, '--yes']);

    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `orgmfa: cannot read orgmfa's device record s3://orgmfa-state-222222222222/devices/${PROD}.json (AccessDenied): run this with credentials of the hub account ${PROD} that may s3:GetObject it (and s3:ListBucket the bucket)\n`,
    });
    expect(devices()).toEqual(before);
  });

  test('without a state bucket (the hub not deployed) no age is proven: every device is too recent', async () => {
    const bare = fixture();
    delete bare.accounts.find((a) => a.id === '111111111111')!.s3;
    const { run, devices } = setUp(undefined, simulatedOrg(bare));
    const before = devices();

    const result = await run(['clean', '--account', PROD, '--yes', '--output', 'json']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).results.map((r: { outcome: string }) => r.outcome)).toEqual(
      Array(4).fill('SkippedRecent'),
    );
    expect(devices()).toEqual(before);
  });
});

describe('orgmfa orphans refuses accounts it must not act in', () => {
  test.each([
    [
      'an account outside the organization',
      '999999999999',
      'orgmfa: account 999999999999 is not a member of organization o-a1b2c3d4e5: refused (orgmfa acts only in ACTIVE accounts of organization o-a1b2c3d4e5)\n',
    ],
    [
      'an account without the member role',
      '333333333333',
      'orgmfa: profile operator cannot assume OrgMfaMemberRole in 333333333333: use a role they may assume (--role-name), or deploy the member stack there\n',
    ],
  ])('%s: one line, exit 1, and no IAM call', async (_label, account, message) => {
    const { run, org, devices } = setUp();
    const before = devices();

    const result = await run(['clean', '--account', account, '--yes']);

    expect(result).toEqual({ code: 1, stdout: '', stderr: message });
    expect(org.sim.calls.filter((c) => c.service === 'iam')).toEqual([]);
    expect(devices()).toEqual(before);
  });

  test('a suspended account is refused', async () => {
    const { run, org } = setUp();
    org.sim.account(PROD)!.status = 'SUSPENDED';
    const result = await run(['list', '--account', PROD]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^orgmfa: account 222222222222 is SUSPENDED, not ACTIVE: refused/);
  });

  test.each([
    [['list', '--account', '12345'], 'orgmfa: --account must be a 12-digit account id, got "12345"\n'],
    [['list', '--account', PROD, '--user', 'a b'], 'orgmfa: --user "a b" is not an IAM user name\n'],
    [
      ['list', '--account', PROD, '--device', 'a*'],
      'orgmfa: --device "a*" is neither a virtual MFA device name nor its serial number (ARN)\n',
    ],
    [
      ['list', '--account', PROD, '--role-name', 'a/b'],
      'orgmfa: --role-name "a/b" is not an IAM role name\n',
    ],
    [
      ['list', '--account', PROD, '--output', 'csv'],
      /^error: option '--output <format>' argument 'csv' is invalid/,
    ],
    [['list'], /^error: required option '--account <id>' not specified/],
  ])('bad arguments %j: exit 2, nothing called', async (args, message) => {
    const { run, org } = setUp();
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(org.sim.calls).toEqual([]);
  });
});
