import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow, type EventRunOptions } from '../../local/runner/event-run';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import {
  comparableState,
  createUserEvent,
  provisioningConfig,
  withNewUserDave,
} from '../helpers/provisioning';

const PROD = '222222222222';
const NOW = new Date('2026-11-21T09:00:10Z');
/** The retries of the event workflow's Lambda-throttling retrier (statemachines/event-workflow.asl.json). */
const LAMBDA_THROTTLING_RETRIES = 8;

async function provision(
  throttledInvocations: EventRunOptions['throttledInvocations'],
  faults: FaultPlan = {},
) {
  const fixture = withNewUserDave();
  const backend = simulatedBackend(fixture, provisioningConfig({ deleteUserOnFailure: true }), {
    clock: new VirtualClock(NOW),
    faults,
  });
  const run = await runEventWorkflow(backend, createUserEvent(PROD, 'dave'), { throttledInvocations });
  return { fixture, backend, prod: backend.sim!.account(PROD)!, ...run };
}

describe('Lambda throttling (reserved concurrency in use) delays events rather than failing them, up to the retries', () => {
  test.each(['ParseEventFunctionArn', 'ProvisionMfaFunctionArn'] as const)(
    'GIVEN the first %s invocations refused as many times as the workflow retries THEN the new user is provisioned in the same execution',
    async (fn) => {
      const run = await provision({ [fn]: LAMBDA_THROTTLING_RETRIES });

      expect(run.report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Provisioned' });
      expect(run.metrics.counts).toEqual({ ProvisioningSucceeded: 1 });
      expect(run.prod.iam.virtualMfaDevices.filter((d) => d.assignedTo === 'dave')).toHaveLength(1);
      expect(run.prod.ssm!.parameters.map((p) => p.name)).toEqual(['/orgmfa/seed/AIDADAVE000000000001']);
    },
  );

  test('GIVEN EvaluateUser refused as many times as the workflow retries THEN the user is still evaluated', async () => {
    const backend = simulatedBackend(withNewUserDave(), provisioningConfig(), {
      clock: new VirtualClock(NOW),
    });
    const event = cloudTrailEvent({
      accountId: PROD,
      userName: 'admin',
      eventName: 'CreateLoginProfile',
      requestParameters: { userName: 'dave' },
      time: NOW,
    });

    const { report } = await runEventWorkflow(backend, event, {
      throttledInvocations: { EvaluateUserFunctionArn: LAMBDA_THROTTLING_RETRIES },
    });

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated' });
  });

  test('GIVEN Lambda throttling used up the retry count, then a throttled member-account call THEN a counted ProvisioningFailed, the user kept: never a Throttled nobody retries', async () => {
    // $$.State.RetryCount counts the Lambda retrier's retries too: the function's last try comes sooner.
    const run = await provision(
      { ProvisionMfaFunctionArn: LAMBDA_THROTTLING_RETRIES },
      { throttle: [{ service: 'iam', operation: 'CreateVirtualMFADevice', rate: 1, count: 4 }] },
    );

    expect(run.report.status).toBe('FAILED');
    expect(run.report.error).toBe(
      `ProvisioningFailed: provisioning MFA for dave in ${PROD} failed to create the device (Throttling: Rate exceeded); nothing had been created; the user was kept: Throttling is not a definitive failure, and a retry may succeed`,
    );
    expect(run.metrics.counts).toEqual({ ProvisioningFailed: 1 });
    expect(comparableState(run.backend.sim!.state)).toEqual(run.fixture);
  });

  test('GIVEN ProvisionMfa refused once more than the workflow retries THEN the execution fails as ProvisioningFailed naming the function and what it may have left, nothing created, the user kept', async () => {
    const run = await provision({ ProvisionMfaFunctionArn: LAMBDA_THROTTLING_RETRIES + 1 });

    expect(run.report.status).toBe('FAILED');
    expect(run.report.error).toBe(
      'ProvisioningFailed: the ProvisionMfa function itself failed (Lambda.TooManyRequestsException: Rate Exceeded.), so it could not say what it left: a refused invocation did nothing; a function stopped mid-run may leave an unassigned device tagged for the user and its seed parameter (and with setInitialPassword the console password and its parameter), never an enabled device without its stored seed',
    );
    const entered = run.execution.history.filter((e) => e.type === 'StateEntered').map((e) => e.state?.name);
    expect(entered).toEqual([
      'ParseEvent',
      'RouteEvent',
      'ProvisionMfa',
      'ProvisionMfaItselfFailed',
      'ProvisioningFailed',
    ]);
    // The function never ran: nothing counted, nothing created, nothing deleted.
    expect(run.metrics.counts).toEqual({});
    expect(comparableState(run.backend.sim!.state)).toEqual(run.fixture);
  });
});
