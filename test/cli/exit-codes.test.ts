import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODE_TABLE } from '../../cli/usage-error';
import { orgmfa, useTemporaryAwsHome } from './helpers/cli-harness';

/**
 * The same exit code for the same condition in every command: each condition below is tried on every
 * command it can happen to, and each must give the same code (and nothing sent to AWS, since no
 * endpoint is there to answer). The table people read is printed by `orgmfa --help` and carried by the
 * README; both come from one list.
 */

const ROOT = join(__dirname, '..', '..');
const aws = useTemporaryAwsHome();
const MISSING = '/nonexistent/orgmfa/file.json';

/** Runs each command line and returns [code, first line of stderr] for each. */
async function outcomes(lines: readonly string[][], terminals?: { stdout?: boolean; stdin?: boolean }) {
  const results: [number, string][] = [];
  for (const args of lines) {
    const run = await orgmfa(args, terminals === undefined ? {} : { terminals });
    results.push([run.code, run.stderr.split('\n')[0]!]);
  }
  return results;
}

describe('the same exit code for the same condition, in every command', () => {
  test('a --profile that neither AWS file has: 2, with the same line, before any AWS call', async () => {
    process.env.AWS_REGION = 'us-east-1';
    const files = `${aws().credentialsPath} nor ${aws().configPath}`;
    const line = `orgmfa: profile ghost is in neither ${files} (choose one with --profile or AWS_PROFILE)`;

    const results = await outcomes(
      [
        ['session', '--profile', 'ghost', '--code', '123456'],
        ['exec', '--profile', 'ghost', '--code', '123456', '--', 'true'],
        ['credential-process', '--profile', 'ghost', '--no-prompt'],
        ['seed', '--profile', 'ghost', '--code-stdin'],
        ['audit', '--profile', 'ghost'],
        ['orphans', 'list', '--account', '222222222222', '--profile', 'ghost'],
        ['orphans', 'clean', '--account', '222222222222', '--profile', 'ghost', '--dry-run'],
        ['sweep', 'status', '--profile', 'ghost'],
        ['sweep', 'start', '--profile', 'ghost'],
      ],
      { stdout: true },
    );

    expect(results).toEqual(results.map(() => [2, line]));
  });

  test('a file that cannot be read: 2, naming it', async () => {
    const results = await outcomes([
      ['local', 'run-event', '--org', MISSING, '--event', MISSING],
      ['local', 'sweep', '--org', MISSING],
      ['audit', '--config', MISSING, '--region', 'us-east-1'],
      ['orphans', 'list', '--account', '222222222222', '--config', MISSING, '--region', 'us-east-1'],
      ['sweep', 'status', '--config', MISSING, '--region', 'us-east-1'],
      ['session', '--config', MISSING, '--code', '123456'],
    ]);

    for (const [code, line] of results) {
      expect(code).toBe(2);
      expect(line).toContain(MISSING);
    }
  });

  test('a number out of range, or not a number: 2, refused by the option parser', async () => {
    const results = await outcomes([
      ['audit', '--concurrency', '65'],
      ['sweep', 'status', '--wait', '--interval', '-1'],
      ['sweep', 'start', '--interval', '1e9'],
      ['session', '--profile', 'work', '--duration', '5m'],
      ['exec', '--profile', 'work', '--duration', '48h', '--', 'true'],
    ]);

    for (const [code, line] of results) {
      expect(code).toBe(2);
      expect(line).toMatch(/^error: option '--[a-z]+ <[a-z]+>' argument '[^']+' is invalid\. It must be /);
    }
  });

  test.each([
    [['session']],
    [['credential-process', '--profile', 'p']],
    [['exec', '--profile', 'p', '--', 'true']],
    [['seed']],
    [['audit']],
    [['orphans', 'list', '--account', '222222222222']],
    [['orphans', 'clean', '--account', '222222222222']],
    [['sweep', 'start']],
    [['sweep', 'status']],
    [['local', 'run-event', '--event', 'e.json']],
    [['local', 'sweep']],
  ])('an unknown option: 2 (%j)', async (args) => {
    const [[code, line]] = await outcomes([
      [
        ...args.slice(0, args.indexOf('--') < 0 ? args.length : args.indexOf('--')),
        '--colour',
        ...(args.includes('--') ? args.slice(args.indexOf('--')) : []),
      ],
    ]);

    expect([code, line]).toEqual([2, "error: unknown option '--colour'"]);
  });
});

describe('the exit code table', () => {
  test('orgmfa --help prints it', async () => {
    const run = await orgmfa(['--help']);

    const help = run.stdout.replace(/\n {9}/g, ' ');
    for (const [code, meaning] of EXIT_CODE_TABLE) expect(help).toContain(`  ${code.padEnd(5)}  ${meaning}`);
  });

  test('the README carries the same table, once', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const [, after] = readme.split('<!-- exit-codes -->\n');
    const table = after!.trimStart().split('\n\n')[0]!;
    const rows = [...table.matchAll(/^\| `([^`]+)` +\| (.+?) +\|$/gm)].map(([, code, meaning]) => [
      code,
      meaning,
    ]);

    expect(readme.split('<!-- exit-codes -->')).toHaveLength(2);
    expect(rows).toEqual(EXIT_CODE_TABLE.map(([code, meaning]) => [code, meaning]));
  });
});
