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
const serial = (name: string, path = '/') => `arn:aws:iam::${PROD}:mfa${path}${name}`;

/** Account 222222222222 with orphans of alice (two), of carol-like names, and bob's assigned device. */
function fixture(): OrganizationFixture {
  const org = orgFixture();
  const prod = org.accounts.find((a) => a.id === PROD)!;
  prod.iam.virtualMfaDevices.push(
    { name: 'alice-tablet', path: '/', assignedTo: null },
    { name: 'alice', path: '/engineering/', assignedTo: 'alice' },
    { name: 'build-bot', path: '/', assignedTo: null },
  );
  return org;
}

/**
 * The simulated organization, the configuration that names it, and the operator's profile holding a
 * session of a role the member role trusts.
 */
function setUp(extraDecorate?: (client: SdkClient) => void) {
  const org = simulatedOrg(fixture());
  const config = join(aws().home, 'orgmfa.json');
  writeFileSync(
    config,
    JSON.stringify({
      orgmfa: {
        organizationId: 'o-a1b2c3d4e5',
        managementAccountId: '111111111111',
        hubRegion: 'us-east-1',
        targetOrganizationalUnitIds: ['r-a1b2'],
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
  const run = (...args: string[]) =>
    orgmfa(['orphans', ...args, '--profile', 'operator', '--config', config], { decorateClient });
  return { org, run, devices };
}

describe('orgmfa orphans list', () => {
  test('lists the unassigned devices only (paginated listing, explicit Unassigned), as JSON', async () => {
    const { run, org } = setUp();

    const result = await run('list', '--account', PROD, '--output', 'json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accountId: PROD,
      user: null,
      devices: [
        { serialNumber: serial('alice-phone'), name: 'alice-phone', path: '/' },
        { serialNumber: serial('alice-tablet'), name: 'alice-tablet', path: '/' },
        { serialNumber: serial('build-bot'), name: 'build-bot', path: '/' },
      ],
    });
    // The membership gate first (Organizations and STS from the hub), then IAM in the member account.
    expect(org.sim.calls.map((c) => `${c.service}:${c.operation}@${c.accountId}`).sort()).toEqual([
      `iam:ListVirtualMFADevices@${PROD}`,
      'organizations:DescribeAccount@111111111111',
      'sts:AssumeRole@111111111111',
    ]);
  });

  test('--user keeps the devices named for the user; the table is readable', async () => {
    const { run } = setUp();

    const result = await run('list', '--account', PROD, '--user', 'alice');

    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        `2 unassigned virtual MFA device(s) (account ${PROD}, devices named for alice):`,
        `${'SERIAL NUMBER'.padEnd(serial('alice-tablet').length)}  NAME          PATH`,
        `${serial('alice-phone')}   alice-phone   /`,
        `${serial('alice-tablet')}  alice-tablet  /`,
        '',
      ].join('\n'),
    });
  });
});

test('a listing longer than one IAM page is read to the end (SDK paginator)', async () => {
  const { run, org } = setUp();
  const prod = org.sim.account(PROD)!;
  for (let i = 0; i < 150; i++)
    prod.iam.virtualMfaDevices.push({ name: `build-bot-${i}`, path: '/ci/', assignedTo: null });

  const result = await run('list', '--account', PROD, '--user', 'build-bot-', '--output', 'json');

  expect(JSON.parse(result.stdout).devices).toHaveLength(150);
  expect(org.sim.calls.filter((c) => c.operation === 'ListVirtualMFADevices')).toHaveLength(2);
});

describe('orgmfa orphans clean', () => {
  test('--dry-run prints what would be deleted and changes nothing', async () => {
    const { run, devices, org } = setUp();
    const before = devices();

    const result = await run('clean', '--account', PROD, '--user', 'alice', '--dry-run', '--output', 'json');

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      accountId: PROD,
      user: 'alice',
      dryRun: true,
      results: [
        {
          serialNumber: serial('alice-phone'),
          name: 'alice-phone',
          path: '/',
          outcome: 'WouldDelete',
          reason: null,
        },
        {
          serialNumber: serial('alice-tablet'),
          name: 'alice-tablet',
          path: '/',
          outcome: 'WouldDelete',
          reason: null,
        },
      ],
    });
    expect(devices()).toEqual(before);
    expect(org.sim.calls.some((c) => c.operation === 'DeleteVirtualMFADevice')).toBe(false);
  });

  test('deletes the unassigned devices and never an assigned one', async () => {
    const { run, devices } = setUp();

    const result = await run('clean', '--account', PROD);

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      `account ${PROD}:`,
      `${'SERIAL NUMBER'.padEnd(serial('alice-tablet').length)}  OUTCOME  REASON`,
    ]);
    expect(result.stdout).toContain(`${serial('build-bot')}     Deleted`);
    expect(devices()).toEqual(['/bob -> bob', '/engineering/alice -> alice']);
  });

  test("a device assigned between the listing and its deletion is left alone (the workflow's safety rule)", async () => {
    let listings = 0;
    const { run, devices, org } = setUp((client) => {
      // After the command's own listing, alice finishes enrolling alice-tablet.
      if (!(client instanceof IAMClient)) return;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const output = await next(args);
          if (context.commandName === 'ListVirtualMFADevicesCommand' && ++listings === 1) {
            org.sim.account(PROD)!.iam.virtualMfaDevices.find((d) => d.name === 'alice-tablet')!.assignedTo =
              'alice';
          }
          return output;
        },
        { step: 'initialize', name: 'enrolMeanwhile' },
      );
    });

    const result = await run('clean', '--account', PROD, '--user', 'alice', '--output', 'json');

    expect(result.code).toBe(0);
    const outcomes = JSON.parse(result.stdout).results.map((r: { name: string; outcome: string }) => [
      r.name,
      r.outcome,
    ]);
    expect(outcomes).toEqual([
      ['alice-phone', 'Deleted'],
      ['alice-tablet', 'NotAnOrphan'],
    ]);
    expect(devices()).toContain('/alice-tablet -> alice');
    expect(devices()).not.toContain('/alice-phone');
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

    const result = await run('clean', '--account', account);

    expect(result).toEqual({ code: 1, stdout: '', stderr: message });
    expect(org.sim.calls.filter((c) => c.service === 'iam')).toEqual([]);
    expect(devices()).toEqual(before);
  });

  test('a suspended account is refused', async () => {
    const { run, org } = setUp();
    org.sim.account(PROD)!.status = 'SUSPENDED';
    const result = await run('list', '--account', PROD);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^orgmfa: account 222222222222 is SUSPENDED, not ACTIVE: refused/);
  });

  test.each([
    [['list', '--account', '12345'], 'orgmfa: --account must be a 12-digit account id, got "12345"\n'],
    [['list', '--account', PROD, '--user', 'a b'], 'orgmfa: --user "a b" is not an IAM user name\n'],
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
    const result = await run(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(org.sim.calls).toEqual([]);
  });
});
