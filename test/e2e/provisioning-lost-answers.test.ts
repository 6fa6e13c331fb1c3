import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { createUserEvent, provisioningConfig, withNewUserDave } from '../helpers/provisioning';

const PROD = '222222222222';

async function provision(faults: FaultPlan) {
  const backend = simulatedBackend(withNewUserDave(), provisioningConfig({ deleteUserOnFailure: true }), {
    clock: new VirtualClock(new Date('2026-11-21T09:00:10Z')),
    faults,
  });
  const run = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'));
  return { ...run, prod: backend.sim!.account(PROD)! };
}

describe('an answer lost after the call took effect (the SDK retries it, and the retry meets the effect)', () => {
  test.each(['ServiceFailure', 'RequestTimeout'] as const)(
    'EnableMFADevice took effect, its answer lost (%s), the retry told "already in use": dave is provisioned, not a ProvisioningFailed',
    async (code) => {
      const run = await provision({ loseAnswer: [{ service: 'iam', operation: 'EnableMFADevice', code }] });

      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      const calls = run.report.apiCalls.filter((c) => c.accountId === PROD).map((c) => c.operation);
      // The retry's EntityAlreadyExists is checked against the user's own devices; nothing is undone
      // (the last GetUser checks that the user was not re-created meanwhile).
      expect(calls.slice(calls.indexOf('EnableMFADevice'))).toEqual([
        'EnableMFADevice',
        'EnableMFADevice',
        'ListMFADevices',
        'GetUser',
      ]);
      const device = run.prod.iam.virtualMfaDevices.find((d) => d.name === 'dave');
      expect(device?.assignedTo).toBe('dave');
      expect(run.prod.ssm!.parameters.map((p) => [p.name, p.value === device?.seed])).toEqual([
        ['/orgmfa/seed/AIDADAVE000000000001', true],
      ]);
    },
  );
});

describe("CreateVirtualMFADevice took effect and its answer was lost: nobody holds that device's seed", () => {
  test.each(['ServiceFailure', 'RequestTimeout'] as const)(
    'the retry told "already exists" (%s): provisioning recognises its own creation, deletes it and creates the device again, in the same execution',
    async (code) => {
      const run = await provision({
        loseAnswer: [{ service: 'iam', operation: 'CreateVirtualMFADevice', code }],
      });

      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
      expect(run.report.actions).toEqual([
        { type: 'DeleteVirtualMFADevice', accountId: PROD, serialNumber: `arn:aws:iam::${PROD}:mfa/dave` },
        expect.objectContaining({ type: 'ProvisionMfa', userName: 'dave' }),
      ]);
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      const calls = run.report.apiCalls.filter((c) => c.accountId === PROD).map((c) => c.operation);
      expect(calls.slice(calls.indexOf('CreateVirtualMFADevice'), calls.indexOf('PutParameter'))).toEqual([
        'CreateVirtualMFADevice',
        'CreateVirtualMFADevice',
        'ListMFADeviceTags',
        'DeleteVirtualMFADevice',
        'CreateVirtualMFADevice',
      ]);
      // Exactly one device, enabled for dave, whose seed is the one stored.
      const devices = run.prod.iam.virtualMfaDevices.filter((d) => d.name === 'dave');
      expect(devices.map((d) => d.assignedTo)).toEqual(['dave']);
      expect(run.prod.ssm!.parameters.map((p) => [p.name, p.value === devices[0]?.seed])).toEqual([
        ['/orgmfa/seed/AIDADAVE000000000001', true],
      ]);
    },
  );
});

test.each([2, 12])(
  'CreateVirtualMFADevice took effect, its answer lost, the SDK’s retries throttled until it gave up (throttling seed %i): the workflow’s retry of the step recognises the execution’s own creation, never skips dave as another delivery’s',
  async (seed) => {
    const run = await provision({
      seed,
      loseAnswer: [{ service: 'iam', operation: 'CreateVirtualMFADevice', code: 'ServiceFailure' }],
      throttle: [{ service: 'iam', operation: 'CreateVirtualMFADevice', rate: 0.5, count: 3 }],
    });

    expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
    const devices = run.prod.iam.virtualMfaDevices.filter((d) => d.name === 'dave');
    expect(devices.map((d) => d.assignedTo)).toEqual(['dave']);
    expect(run.prod.ssm!.parameters.map((p) => [p.name, p.value === devices[0]?.seed])).toEqual([
      ['/orgmfa/seed/AIDADAVE000000000001', true],
    ]);
  },
);
