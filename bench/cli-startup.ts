import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'cli', 'bin', 'orgmfa.js');
const RUNS = 11;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeSpawn(args: string[]): number {
  const began = performance.now();
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  const elapsed = performance.now() - began;
  if (run.status !== 0) throw new Error(`orgmfa ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return elapsed;
}

/**
 * `orgmfa --help` start-up time: whole process spawns (Node, tsx's hook, commander, the command tree),
 * as a person experiences it. The first spawn may compile the TypeScript into tsx's cache and is
 * reported apart; the median is over the next spawns.
 */
export async function benchCliStartup(): Promise<string[]> {
  const first = timeSpawn(['--help']);
  const times = Array.from({ length: RUNS }, () => timeSpawn(['--help']));
  const baseline = median(
    Array.from({ length: 5 }, () => {
      const began = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      return performance.now() - began;
    }),
  );
  return [
    'CLI start-up (`orgmfa --help`, whole process)',
    `  median ${median(times).toFixed(0)} ms over ${RUNS} spawns (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); first spawn ${first.toFixed(0)} ms`,
    `  of which an empty node process: ${baseline.toFixed(0)} ms`,
    '  goal: < 300 ms (AWS SDK clients, the workflow interpreter and the QR renderer load only when a command runs)',
  ];
}
