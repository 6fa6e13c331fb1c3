import { CreateVirtualMFADeviceCommand } from '@aws-sdk/client-iam';
import { simulatedBackend, type Backend } from '../local/runner/backend';
import { runEventWorkflow, type EventRun } from '../local/runner/event-run';
import { cloudTrailEvent } from '../local/sim/cloudtrail';
import { VirtualClock } from '../local/sim/virtual-clock';
import { projectSetup } from './event-path';

const PROD = '222222222222';
const EVENTS = 1000;
const START = new Date('2026-11-21T09:00:00Z');

/** us-east-1 list prices. */
const PRICE = {
  transition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  /** ARM, per GB-second. */
  lambdaGbSecond: 0.0000133334,
  s3Get: 0.0004 / 1000,
  s3Put: 0.005 / 1000,
  /** An event a member's rule delivers to the hub's bus (another account). */
  crossAccountEvent: 1 / 1e6,
  logsGb: 0.5,
  xrayTrace: 5 / 1e6,
};
/** What each Lambda invocation is assumed to bill: 256 MB for 50 ms (the handlers take a few ms plus one S3 read). */
const LAMBDA_GB_SECONDS = 0.25 * 0.05;

/** alice's failed CreateVirtualMFADevice of `name`, `seconds` after the start, as the member rule forwards it. */
function clash(name: string, seconds: number) {
  return cloudTrailEvent({
    accountId: PROD,
    userName: 'alice',
    eventName: 'CreateVirtualMFADevice',
    requestParameters: { virtualMFADeviceName: name, path: '/' },
    error: {
      code: 'EntityAlreadyExistsException',
      message: 'MFADevice entity at the same path and name already exists.',
    },
    time: new Date(START.getTime() + seconds * 1000),
  });
}

/**
 * Floods the event workflow with {@link EVENTS} clash events for one device: the first one is decided
 * (and waits out the enrolment window), the others arrive 100 ms apart while it waits, as a user
 * calling CreateVirtualMFADevice in a loop would produce them. Returns every run.
 */
async function flood(backend: Backend, clock: VirtualClock, name: string): Promise<EventRun[]> {
  const runs: EventRun[] = [];
  for (let i = 1; i < EVENTS; i++) {
    clock.schedule(new Date(START.getTime() + 1000 + i * 100), async () => {
      runs.push(await runEventWorkflow(backend, clash(name, 1 + i / 10)));
    });
  }
  runs.unshift(await runEventWorkflow(backend, clash(name, 1)));
  return runs;
}

function figures(label: string, backend: Backend, runs: readonly EventRun[], from: number): string[] {
  const calls = backend.recorder.calls.slice(from);
  const byService = new Map<string, Map<string, number>>();
  for (const call of calls) {
    const operations = byService.get(call.service) ?? new Map<string, number>();
    operations.set(call.operation, (operations.get(call.operation) ?? 0) + 1);
    byService.set(call.service, operations);
  }
  const count = (service: string, operation?: string) =>
    operation === undefined
      ? [...(byService.get(service)?.values() ?? [])].reduce((a, b) => a + b, 0)
      : (byService.get(service)?.get(operation) ?? 0);
  const describe = (service: string) => {
    const operations = [...(byService.get(service) ?? new Map<string, number>())];
    return `${service} ${count(service)}${operations.length === 0 ? '' : ` (${operations.map(([op, n]) => `${op} ${n}`).join(', ')})`}`;
  };
  const transitions = runs.reduce((sum, run) => sum + run.report.stateTransitions, 0);
  const invocations = runs.reduce(
    (sum, run) =>
      sum +
      run.execution.history.filter(
        (e) =>
          e.type === 'StateEntered' && e.state.type === 'Task' && e.state.name !== 'WaitForEnrolmentWindow',
      ).length,
    0,
  );
  const loggedBytes = runs.reduce(
    (sum, run) => sum + Buffer.byteLength(JSON.stringify(run.execution.history)),
    0,
  );
  const cost = {
    'Step Functions': transitions * PRICE.transition,
    Lambda: invocations * (PRICE.lambdaRequest + LAMBDA_GB_SECONDS * PRICE.lambdaGbSecond),
    S3: count('s3', 'GetObject') * PRICE.s3Get + count('s3', 'PutObject') * PRICE.s3Put,
    'EventBridge cross-account delivery': EVENTS * PRICE.crossAccountEvent,
    'CloudWatch Logs (execution data)': (loggedBytes / 1e9) * PRICE.logsGb,
    'X-Ray': runs.length * PRICE.xrayTrace,
  };
  const total = Object.values(cost).reduce((a, b) => a + b, 0);
  const deleted = runs.flatMap((run) => run.report.actions).length;
  return [
    label,
    `  AWS calls by service: ${['s3', 'organizations', 'sts', 'iam'].map(describe).join('; ')}`,
    `  billed state transitions: ${transitions} (${runs.length} executions); Lambda invocations: ${invocations}; execution data logged: ${(loggedBytes / 1024).toFixed(0)} KB`,
    `  devices deleted: ${deleted}`,
    `  cost per 1,000 flood events: $${total.toFixed(4)} = ${Object.entries(cost)
      .map(([what, usd]) => `${what} $${usd.toFixed(4)}`)
      .join(', ')}`,
  ];
}

/**
 * The flood figure: 1,000 clash events for one device, in two cases. The device is bob's, being
 * enrolled, its creation recorded: no member-account call at all (the first clash waits on the
 * record's evidence, the others find the wait recorded). The device's origin unknown: the first clash
 * takes one fresh listing (membership gate and IAM), the others cost an S3 read each.
 */
export async function benchOrphanFlood(): Promise<string[]> {
  const { config, fixture } = projectSetup();

  const clock = new VirtualClock(START);
  const backend = simulatedBackend(fixture, config, { clock });
  const bob = backend.clients.iam({
    accountId: PROD,
    credentials: backend.sim!.issueUserCredentials(PROD, 'bob'),
  });
  await bob.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'bob-new' }));
  await runEventWorkflow(
    backend,
    cloudTrailEvent({
      accountId: PROD,
      caller: { type: 'IAMUser', userName: 'bob', path: '/engineering/' },
      eventName: 'CreateVirtualMFADevice',
      requestParameters: { virtualMFADeviceName: 'bob-new', path: '/' },
      time: START,
    }),
  );
  const from = backend.recorder.calls.length;
  const known = await flood(backend, clock, 'bob-new');

  const unknownClock = new VirtualClock(START);
  const unknownBackend = simulatedBackend(fixture, config, { clock: unknownClock });
  // alice-phone exists in the fixture, unassigned, and orgmfa has no record of it.
  const unknown = await flood(unknownBackend, unknownClock, 'alice-phone');

  return [
    ...figures(
      `Flood: ${EVENTS.toLocaleString('en')} clash events (CreateVirtualMFADevice EntityAlreadyExists) for bob's device being enrolled, its creation recorded; nobody enables it, so the waiting execution deletes it after the window`,
      backend,
      known,
      from,
    ),
    ...figures(
      `The same flood for a device orgmfa has no record of (alice-phone of the fixture)`,
      unknownBackend,
      unknown,
      0,
    ),
    `  prices: us-east-1 list (Step Functions Standard $0.025/1,000 transitions, Lambda $0.20/M requests + ARM GB-s at 256 MB × 50 ms assumed per invocation, S3 GET $0.0004 and PUT $0.005 per 1,000, EventBridge $1.00/M events delivered to another account's bus, CloudWatch Logs $0.50/GB of the execution data logged (as measured here), X-Ray $5.00/M traces)`,
  ];
}
