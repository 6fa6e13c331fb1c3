import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { EXAMPLES, FIXTURES } from '../helpers/simulated-org';
import { ORGMFA_COMMAND } from './helpers/cli-harness';

const ORG = join(FIXTURES, 'orgs', 'three-accounts.json');
const EVENT = join(EXAMPLES, 'events', 'orphan-clash.json');
/** alice's successful creation of alice-phone, 21 seconds before her failed retry (EVENT). */
const CREATED = join(EXAMPLES, 'events', 'device-created.json');
const dir = mkdtempSync(join(tmpdir(), 'orgmfa-cli-'));

/** Runs the command in-process and captures what it prints. */
async function orgmfa(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('orgmfa local run-event', () => {
  test('--json prints exactly one JSON object in the documented shape; a creation then the same user’s failed retry delete the orphan', async () => {
    // GIVEN alice's creation of alice-phone, run first, its state kept
    const afterCreation = join(dir, 'after-creation.json');
    const created = await orgmfa(
      'local',
      'run-event',
      '--org',
      ORG,
      '--event',
      CREATED,
      '--state-out',
      afterCreation,
      '--json',
    );
    expect(JSON.parse(created.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Recorded',
      actions: [],
    });

    // WHEN her failed retry runs on that state
    const { code, stdout, stderr } = await orgmfa(
      'local',
      'run-event',
      '--org',
      afterCreation,
      '--event',
      EVENT,
      '--json',
    );

    // THEN
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({
      status: 'SUCCEEDED',
      outcome: 'Deleted',
      reason:
        'created by arn:aws:iam::222222222222:user/alice at 2026-11-21T09:14:40.000Z, whose retry failed at 2026-11-21T09:15:01.000Z',
      actions: [
        {
          type: 'DeleteVirtualMFADevice',
          accountId: '222222222222',
          serialNumber: 'arn:aws:iam::222222222222:mfa/alice-phone',
        },
      ],
      stateTransitions: 5,
      apiCalls: [
        { service: 's3', operation: 'GetObject', accountId: '111111111111' },
        { service: 'organizations', operation: 'DescribeAccount', accountId: '111111111111' },
        { service: 'sts', operation: 'AssumeRole', accountId: '111111111111' },
        // Beside the membership check: the sweep's view of the organization, once a minute at most.
        { service: 's3', operation: 'GetObject', accountId: '111111111111' },
        { service: 'iam', operation: 'ListVirtualMFADevices', accountId: '222222222222' },
        { service: 'iam', operation: 'DeleteVirtualMFADevice', accountId: '222222222222' },
        { service: 's3', operation: 'PutObject', accountId: '111111111111' },
      ],
    });
  });

  test('--state-out writes the state after the run in the --org format, orgmfa’s device record included', async () => {
    const out = join(dir, 'state.json');
    expect(
      (await orgmfa('local', 'run-event', '--org', ORG, '--event', CREATED, '--state-out', out, '--json'))
        .code,
    ).toBe(0);

    const state = readOrganizationFixture(JSON.parse(readFileSync(out, 'utf8')));
    const hubBucket = state.accounts.find((a) => a.id === '111111111111')!.s3!.buckets[0]!;
    expect(hubBucket.name).toBe('orgmfa-state-111111111111');
    expect(JSON.parse(hubBucket.objects.find((o) => o.key === 'devices/222222222222.json')!.body)).toEqual({
      format: 1,
      accountId: '222222222222',
      devices: {
        'arn:aws:iam::222222222222:mfa/alice-phone': {
          createdBy: 'arn:aws:iam::222222222222:user/alice',
          createdAt: '2026-11-21T09:14:40.000Z',
          unassignedSince: '2026-11-21T09:14:40.000Z',
          asOf: '2026-11-21T09:14:40.000Z',
        },
      },
    });
  });

  test('--state-out (it holds seeds) is mode 0600, also when it replaces an existing readable file', async () => {
    const fresh = join(dir, 'fresh-state.json');
    const existing = join(dir, 'existing-state.json');
    writeFileSync(existing, 'old, world-readable\n', { mode: 0o644 });
    chmodSync(existing, 0o644);

    for (const out of [fresh, existing]) {
      expect(
        (await orgmfa('local', 'run-event', '--org', ORG, '--event', EVENT, '--state-out', out, '--json'))
          .code,
      ).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readOrganizationFixture(JSON.parse(readFileSync(out, 'utf8'))).accounts).toHaveLength(3);
    }
  });

  test('a rejected event exits 0 with no actions and the reason', async () => {
    const event = JSON.parse(readFileSync(EVENT, 'utf8'));
    const file = join(dir, 'frankfurt.json');
    writeFileSync(file, JSON.stringify({ ...event, region: 'eu-central-1' }));

    const { code, stdout } = await orgmfa('local', 'run-event', '--org', ORG, '--event', file, '--json');

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'SUCCEEDED',
      actions: [],
      reason: 'IAM events of partition aws come from us-east-1, not eu-central-1',
      apiCalls: [],
    });
  });

  test.each([
    ['a missing --event', ['--org', ORG], "error: required option '--event <event.json>' not specified"],
    [
      'an unreadable fixture',
      ['--org', join(dir, 'none.json'), '--event', EVENT],
      `orgmfa: cannot read organization fixture ${join(dir, 'none.json')}: no such file`,
    ],
    [
      'an event that is not JSON',
      ['--org', ORG, '--event', __filename],
      `orgmfa: event ${__filename} is not JSON (line 1 column 1)`,
    ],
    [
      'an unknown backend',
      ['--backend', 'docker', '--org', ORG, '--event', EVENT],
      "error: option '--backend <backend>' argument 'docker' is invalid. Allowed choices are sim, aws.",
    ],
    [
      '--state-out with the aws backend',
      ['--backend', 'aws', '--event', EVENT, '--state-out', 'x'],
      'orgmfa: --state-out needs the simulated backend (it dumps the simulation)',
    ],
  ])('%s exits 2 with a one-line message and runs nothing', async (_label, args, message) => {
    const { code, stdout, stderr } = await orgmfa('local', 'run-event', ...args);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toContain(message);
  });

  test('a file that is not JSON (the README) is one line saying where, quoting none of it', async () => {
    const readme = join(__dirname, '..', '..', 'README.md');

    const { code, stdout, stderr } = await orgmfa('local', 'run-event', '--org', ORG, '--event', readme);

    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `orgmfa: event ${readme} is not JSON (line 1 column 1)\n`,
    });
  });

  test('an invalid fixture is refused with the field that is wrong', async () => {
    const file = join(dir, 'bad-org.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(ORG, 'utf8')), organizationId: 'nope' }));

    const { code, stderr } = await orgmfa('local', 'run-event', '--org', file, '--event', EVENT);

    expect(code).toBe(2);
    expect(stderr).toBe(
      `orgmfa: organization fixture ${file}: organization.organizationId: "nope" is not valid\n`,
    );
  });

  test('--config with a bad organization id is refused as synth refuses it', async () => {
    const file = join(dir, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        orgmfa: {
          organizationId: 'o-bad',
          managementAccountId: '111111111111',
          hubRegion: 'us-east-1',
          targetOrganizationalUnitIds: ['r-a1b2'],
        },
      }),
    );

    const { code, stderr } = await orgmfa(
      'local',
      'run-event',
      '--org',
      ORG,
      '--event',
      EVENT,
      '--config',
      file,
    );

    expect(code).toBe(2);
    expect(stderr).toBe(
      `orgmfa: config ${file}: orgmfa.organizationId must be an organization id such as o-a1b2c3d4e5, got "o-bad"\n`,
    );
  });

  test('the installed bin runs the same command', () => {
    const [node, ...entry] = ORGMFA_COMMAND;
    const run = spawnSync(node!, [...entry, 'local', 'run-event', '--org', ORG, '--event', EVENT, '--json'], {
      encoding: 'utf8',
    });

    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).actions).toHaveLength(1);
  });
});
