import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installPackedCli } from '../scripts/install-packed';
import { median } from './stats';

const RUNS = 21;
const EVENT_RUNS = 11;

/** One whole-process spawn of `command`, in milliseconds. */
function timeSpawn(command: string, args: readonly string[], path: string): number {
  const began = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', env: { PATH: path } });
  const elapsed = performance.now() - began;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return elapsed;
}

/**
 * `orgmfa --help` start-up time of the published package, installed with `npm install -g` from
 * `npm pack`, as an IAM user runs it: whole process spawns, interleaved with spawns of a bare
 * `node -e 0` in the same run, so the ratio holds whatever the machine's load. Also the installed size.
 */
export async function benchCliStartup(): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), 'orgmfa-bench-package-'));
  try {
    const installed = installPackedCli(work);
    const help: number[] = [];
    const bare: number[] = [];
    timeSpawn('orgmfa', ['--help'], installed.path);
    for (let i = 0; i < RUNS; i++) {
      help.push(timeSpawn('orgmfa', ['--help'], installed.path));
      bare.push(timeSpawn(process.execPath, ['-e', '0'], installed.path));
    }
    const ratio = median(help) / median(bare);
    // `orgmfa local run-event` as an operator runs it: one process per event, which validates the
    // workflow definition (the deployed system does that once), loads the SDK and the interpreter.
    const runEvent = [
      'local',
      'run-event',
      '--org',
      join(installed.dir, 'examples', 'organization.json'),
      '--event',
      join(installed.dir, 'examples', 'events', 'orphan-clash.json'),
      '--json',
    ];
    timeSpawn('orgmfa', runEvent, installed.path);
    const events = Array.from({ length: EVENT_RUNS }, () => timeSpawn('orgmfa', runEvent, installed.path));
    return [
      'CLI start-up (`orgmfa --help` of the package installed with npm install -g, whole process)',
      `  median ${median(help).toFixed(0)} ms over ${RUNS} spawns (min ${Math.min(...help).toFixed(0)}, max ${Math.max(...help).toFixed(0)})`,
      `  a bare \`node -e 0\` in the same run: median ${median(bare).toFixed(0)} ms → ${ratio.toFixed(2)}× (orgmfa's own start-up: ${(median(help) - median(bare)).toFixed(0)} ms)`,
      `  installed size: ${(installed.bytes / 1024 / 1024).toFixed(1)} MB, no dependency packages (bundled)`,
      `  node ${process.version}; goal: < 150 ms median, < 40 MB installed`,
      '',
      '`orgmfa local run-event` (the shipped examples: the orphan clash on examples/organization.json, no latency model), whole process',
      `  median ${median(events).toFixed(0)} ms over ${EVENT_RUNS} spawns (min ${Math.min(...events).toFixed(0)}, max ${Math.max(...events).toFixed(0)}); of which orgmfa's start-up (--help) ${median(help).toFixed(0)} ms, the rest loading the SDK and the interpreter, validating the definition once and running it`,
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
