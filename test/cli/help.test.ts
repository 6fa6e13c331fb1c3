import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { orgmfa } from './helpers/cli-harness';

const ROOT = join(__dirname, '..', '..');

describe('orgmfa --help', () => {
  test.each([
    [[]],
    [['session']],
    [['credential-process']],
    [['exec']],
    [['seed']],
    [['orphans', 'list']],
    [['orphans', 'clean']],
    [['local', 'run-event']],
    [['local', 'sweep']],
    [['audit']],
    [['sweep', 'start']],
    [['sweep', 'status']],
  ])('%j --help: usage, examples and exit codes, exit 0', async (command) => {
    const run = await orgmfa([...command, '--help']);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: orgmfa/);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toMatch(/Exit codes[:,] .*[ \n]2 +bad arguments/s);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const run = await orgmfa(['sesion']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown command 'sesion'");
  });

  test('start-up loads no AWS SDK client, workflow interpreter or QR renderer', () => {
    const script = `require('tsx/cjs');
      const { main } = require('./cli/main.ts');
      process.stdout.write = () => true;
      main(['--help']).then((code) => {
        const heavy = Object.keys(require.cache).filter((m) => /@aws-sdk[\\\\/]client-|aws-local-stepfunctions|[\\\\/]qrcode[\\\\/]|[\\\\/]otplib[\\\\/]|[\\\\/]zod[\\\\/]/.test(m));
        process.stderr.write(JSON.stringify({ code, heavy }));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });

    expect(JSON.parse(run.stderr)).toEqual({ code: 0, heavy: [] });
  });

  test('orgmfa session loads the STS and IAM clients, and no other AWS SDK client', () => {
    const script = `require('tsx/cjs');
      require('./cli/session/run-session.ts');
      const clients = new Set(Object.keys(require.cache).flatMap((m) => /@aws-sdk[\\\\/](client-[a-z-]+)/.exec(m)?.[1] ?? []));
      process.stderr.write(JSON.stringify([...clients].sort()));`;
    const run = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });

    expect(JSON.parse(run.stderr)).toEqual(['client-iam', 'client-sts']);
  });
});
