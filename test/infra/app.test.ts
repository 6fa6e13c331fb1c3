import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawTestContext } from './support/test-config';

const ROOT = join(__dirname, '..', '..');

/** Runs infra/bin/app.ts as the CDK CLI would: context and outdir through the environment. */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'orgmfa-app-'));
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('infra', 'bin', 'app.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(context) },
  });
  return { ...result, outdir };
}

describe('infra/bin/app.ts', () => {
  test('a bad configuration fails synth with one line naming the key', () => {
    // GIVEN a context with a malformed organization id
    const { status, stderr, outdir } = runApp({ orgmfa: rawTestContext({ organizationId: 'o-BAD' }) });
    rmSync(outdir, { recursive: true, force: true });

    // THEN
    expect(status).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'orgmfa: invalid configuration: orgmfa.organizationId must be an organization id such as o-a1b2c3d4e5, got "o-BAD"',
    ]);
  });

  test('a good configuration synthesizes the hub and the management member stack, passing cdk-nag', () => {
    // GIVEN / WHEN (bundling skipped: esbuild is not what this test is about)
    const { status, stderr, outdir } = runApp({ orgmfa: rawTestContext(), 'aws:cdk:bundling-stacks': [] });
    try {
      // THEN
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
        artifacts: Record<string, { type: string; environment?: string }>;
      };
      const stacks = Object.entries(manifest.artifacts)
        .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
        .map(([id, artifact]) => [id, artifact.environment]);
      expect(stacks).toEqual(
        expect.arrayContaining([
          ['OrgMfaHub', 'aws://222222222222/eu-west-1'],
          ['OrgMfaManagementMember', 'aws://111111111111/us-east-1'],
        ]),
      );
      expect(stacks).toHaveLength(2);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
