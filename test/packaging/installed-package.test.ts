import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPackedCli, type InstalledPackage } from '../../scripts/install-packed';
import { FakeAwsEndpoint, queryAnswer, queryError } from '../cli/helpers/fake-aws-endpoint';

/**
 * The published package as an IAM user gets it: `npm pack`, then `npm install -g` into an empty
 * prefix, run from a folder outside the repository, with no access to the repository's node_modules.
 */

const ROOT = join(__dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const MAX_INSTALLED_BYTES = 40 * 1024 * 1024;
const SERIAL = 'arn:aws:iam::222222222222:mfa/alice-phone';

let work: string;
let installed: InstalledPackage;

/** Runs the installed command outside the repository; resolves when it ends. */
function orgmfa(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('orgmfa', args, {
    cwd: work,
    env: { PATH: installed.path, HOME: join(work, 'home'), NODE_PATH: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'orgmfa-package-'));
  mkdirSync(join(work, 'home'));
  installed = installPackedCli(work);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed orgmfa package, installed with npm install -g', () => {
  test('carries compiled JavaScript only, and no runtime dependency to install', () => {
    const files = spawnSync('find', [installed.dir, '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n');
    expect(files.filter((file) => /\.ts$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(readdirSync(installed.dir)).not.toContain('node_modules');
    expect(installed.bytes).toBeLessThan(MAX_INSTALLED_BYTES);
  });

  test('orgmfa --version prints the package version', async () => {
    const run = await orgmfa(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  test('orgmfa --help prints the usage', async () => {
    const run = await orgmfa(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: orgmfa/);
  });

  test('an error a lazily loaded command throws keeps its exit code: bad arguments exit 2, on one line', async () => {
    // orphans clean runs in a bundle of its own; its UsageError must be the class the command tree knows
    const run = await orgmfa(['orphans', 'clean', '--account', '222222222222']);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'orgmfa: not on a terminal, so nothing can be confirmed: pass --yes to delete (or --dry-run to look)\n',
    });
  });

  test('audit without any AWS credentials exits 1 with one line that says what to do', async () => {
    // the instance metadata service off: a CI host on EC2 would otherwise lend its instance role
    const run = await orgmfa(['audit', '--region', 'us-east-1'], { AWS_EC2_METADATA_DISABLED: 'true' });

    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'orgmfa: Could not load credentials from any providers; no AWS credentials were found: pass --profile, set AWS_PROFILE, or sign in (aws configure, aws sso login)\n',
    });
  });

  test('local sweep of an organization file that does not exist exits 2 with one line naming it', async () => {
    const run = await orgmfa(['local', 'sweep', '--org', 'missing.json']);

    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'orgmfa: cannot read organization fixture missing.json: no such file\n',
    });
  });

  test('orgmfa session gets an MFA session from STS (a fake endpoint) into the credentials file', async () => {
    // GIVEN a profile with long-term keys and an STS that answers GetSessionToken
    const home = join(work, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'credentials'),
      '[work]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = secret\n',
    );
    const sts = new FakeAwsEndpoint((request) =>
      request.action === 'GetSessionToken'
        ? queryAnswer('sts', 'GetSessionToken', {
            Credentials: {
              AccessKeyId: 'ASIAPACKAGE000000001',
              SecretAccessKey: 'package/secret',
              SessionToken: 'package-token',
              Expiration: '2031-01-01T00:00:00Z',
            },
          })
        : queryError(400, 'InvalidAction', `${request.action} is not faked`),
    );
    const endpoint = await sts.start();
    try {
      // WHEN
      const run = await orgmfa(['session', '--profile', 'work', '--serial', SERIAL, '--code', '123456'], {
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: 'us-east-1',
      });

      // THEN
      expect(run.stderr).not.toContain('Error');
      expect(run.code).toBe(0);
      expect(sts.requests.map((r) => [r.action, r.params.SerialNumber, r.params.TokenCode])).toEqual([
        ['GetSessionToken', SERIAL, '123456'],
      ]);
      expect(readFileSync(join(home, '.aws', 'credentials'), 'utf8')).toContain(
        'aws_access_key_id = ASIAPACKAGE000000001',
      );
    } finally {
      await sts.stop();
    }
  });

  test('orgmfa local run-event runs the event workflow on the shipped example organization and event', async () => {
    const examples = join(installed.dir, 'examples');

    const run = await orgmfa([
      'local',
      'run-event',
      '--org',
      join(examples, 'organization.json'),
      '--event',
      join(examples, 'events', 'orphan-clash.json'),
      '--json',
    ]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Deleted',
      actions: [{ type: 'DeleteVirtualMFADevice', serialNumber: SERIAL }],
    });
  });

  test('orgmfa local sweep on the shipped example: every account swept, the findings table, the HTML report', async () => {
    const examples = join(installed.dir, 'examples');
    const out = join(work, 'report.html');

    const table = await orgmfa(['local', 'sweep', '--org', join(examples, 'organization.json')]);
    const html = await orgmfa([
      'local',
      'sweep',
      '--org',
      join(examples, 'organization.json'),
      '--output',
      'html',
      '--out',
      out,
    ]);

    expect([table.code, table.stderr]).toEqual([0, '']);
    expect(table.stdout).toMatch(/\nCRITICAL +ORGMFA\.5 +111111111111 +management +root /);
    expect(html.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
  });
});
