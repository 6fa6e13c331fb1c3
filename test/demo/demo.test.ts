import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run demo` as a newcomer runs it: the demo's own TypeScript through tsx, from outside the
 * repository's folder (it needs no build output, only what a fresh clone has), with a temporary
 * folder of its own that must be empty again afterwards, also when the demo is interrupted.
 */

const ROOT = join(__dirname, '..', '..');

interface DemoRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The demo's environment: TMPDIR set to `tmp`, and a colour terminal's TERM without NO_COLOR, so that
 * only its piped standard output keeps the colours out.
 */
function demoEnvironment(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  return env;
}

/** Runs the demo with TMPDIR set to `tmp`; `interrupt` is sent SIGINT once stdout shows `when`. */
function runDemo(tmp: string, interrupt?: { readonly when: string }): Promise<DemoRun> {
  const work = mkdtempSync(join(tmpdir(), 'orgmfa-demo-cwd-'));
  const child = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(ROOT, 'demo', 'index.ts')],
    {
      cwd: work,
      env: demoEnvironment(tmp),
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
    if (interrupt !== undefined && stdout.includes(interrupt.when) && child.exitCode === null)
      child.kill('SIGINT');
  });
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      rmSync(work, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

/** What is left in the temporary folder, but tsx's compile cache (tsx-<uid>, tsx's own, kept across runs). */
function leftBehind(tmp: string): string[] {
  return readdirSync(tmp).filter((name) => !/^tsx-\d+$/.test(name));
}

describe('npm run demo', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'orgmfa-demo-test-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  test('plays the three jobs to the end, and leaves nothing behind', async () => {
    const run = await runDemo(tmp);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const milestones = [
      // The orphan: its creation recorded first, then deleted on its creator's failed retry.
      /orgmfa +Recorded: Created arn:aws:iam::222222222222:mfa\/alice-laptop recorded/,
      /orgmfa +✔ DeleteVirtualMFADevice arn:aws:iam::222222222222:mfa\/alice-laptop in 222222222222/,
      /orgmfa +no action \(NothingToDo\): alice-laptop stays assigned to alice/,
      // Provisioning: an enabled device, the seed shown once (QR code and URI), then gone.
      /orgmfa +✔ ProvisionMfa arn:aws:iam::222222222222:mfa\/carol for carol in 222222222222, seed in \/orgmfa\/seed\/AIDA/,
      /otpauth:\/\/totp\/Amazon%20Web%20Services:carol%40222222222222\?secret=[A-Z2-7]+/,
      /✔ the code matched; \/orgmfa\/seed\/AIDA\w+ is deleted/,
      /✘ exit 1: no seed is waiting for carol in account 222222222222/,
      // The sweep: root without MFA, a user without MFA, an exemption; the table; the HTML report.
      /\n +CRITICAL +ORGMFA\.5 +111111111111 +management +root +Root user has a credential and no MFA device/,
      /\n +HIGH +ORGMFA\.1 +222222222222 +workloads-prod +dave /,
      /\n +no end +222222222222 +workloads-prod +erin +break-glass account/,
      /a copy to open: \S+\/report\.html\n/,
      // The fix: an event resolves the finding.
      /orgmfa +✔ ImportFindings for dave in 222222222222: 0 new, 1 resolved/,
      /dave's ORGMFA\.1 finding: PASSED\/ARCHIVED, \d+ ms after he enabled MFA/,
    ];
    for (const milestone of milestones) expect(run.stdout).toMatch(milestone);
    // The seed is shown by orgmfa seed alone, once: never by the demo's own lines, never twice.
    expect(run.stdout.match(/secret=/g)).toHaveLength(1);
    // Piped: the QR code in plain half blocks, and no escape sequence anywhere.
    expect(run.stdout).toMatch(/\n +[ ▀▄█]{21,}\n/);
    expect(run.stdout).not.toContain('\u001b');
    expect(leftBehind(tmp)).toEqual([]);
  }, 120_000);

  test('interrupted halfway (Ctrl-C), it removes its temporary folder too', async () => {
    const run = await runDemo(tmp, { when: '1. An orphaned virtual MFA device' });

    expect(run.code).toBe(130);
    expect(run.stdout).not.toContain('Done.');
    expect(leftBehind(tmp)).toEqual([]);
  }, 120_000);
});
