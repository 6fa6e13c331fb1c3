import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEventWorkflow } from '../local/runner/event-run';
import { measureEventPath, projectSetup } from './event-path';

/**
 * The orphan path, the honest case: alice's CreateVirtualMFADevice was recorded (its creation event),
 * she cancelled, retried, and her retry failed with EntityAlreadyExists. Only the failed retry's event
 * is measured, through the real ASL and handlers, under the latency model.
 */
export async function benchOrphanPath(): Promise<string[]> {
  const { config, fixture, root } = projectSetup();
  const event = (name: string): unknown =>
    JSON.parse(readFileSync(join(root, `examples/events/${name}.json`), 'utf8'));
  const created = event('device-created');
  return [
    ...(await measureEventPath({
      title:
        'Orphan path (the creator’s failed retry → orphan deleted; its creation event recorded before), event workflow',
      config,
      fixture,
      event: event('orphan-clash'),
      before: async (backend) => void (await runEventWorkflow(backend, created)),
      succeeded: (report) => report.actions.length === 1,
    })),
    '  Lambda invocations: 2 (ParseEvent, CleanUpOrphan)',
    '  the new evidence costs 2 of those sequential calls (s3 GetObject of the device record before the membership gate, PutObject after the deletion) and 2 transitions (DecideAgainLater, DeviceEventHandled)',
    '  the creation event before it: 5 transitions, 2 S3 calls in the hub, no call into the member account',
    '  goal: ≤ 5 sequential calls, ≤ 8 transitions, < 1 s (the single-account fix it replaces reports 5–10 s)',
  ];
}
