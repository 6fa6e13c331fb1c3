import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measureEventPath, projectSetup } from './event-path';

/** The orphan path: one EntityAlreadyExists event through the real ASL and handlers, under the latency model. */
export async function benchOrphanPath(): Promise<string[]> {
  const { config, fixture, root } = projectSetup();
  const event: unknown = JSON.parse(
    readFileSync(join(root, 'test/fixtures/events/orphan-console-user.json'), 'utf8'),
  );
  return [
    ...(await measureEventPath({
      title: 'Orphan path (EntityAlreadyExists → orphan deleted), event workflow',
      config,
      fixture,
      event,
      succeeded: (report) => report.actions.length === 1,
    })),
    '  Lambda invocations: 2 (ParseEvent, CleanUpOrphan)',
    '  goal: ≤ 3 sequential calls, ≤ 8 transitions, < 1 s (the single-account fix it replaces reports 5–10 s)',
  ];
}
