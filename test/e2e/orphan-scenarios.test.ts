import { CreateVirtualMFADeviceCommand } from '@aws-sdk/client-iam';
import { simulatedBackend } from '../../local/runner/backend';
import { runEventWorkflow } from '../../local/runner/event-run';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { eventFixture, orgFixture, projectConfig } from '../helpers/simulated-org';

const PROD = '222222222222';
const ORPHAN = `arn:aws:iam::${PROD}:mfa/alice-phone`;
const MUTATING = /^(Delete|Create|Enable|Deactivate|Update|Put|Tag|Untag|BatchImport)/;

function withoutDevice(fixture: OrganizationFixture, account: string, name: string): OrganizationFixture {
  const copy = structuredClone(fixture);
  const acct = copy.accounts.find((a) => a.id === account)!;
  acct.iam.virtualMfaDevices = acct.iam.virtualMfaDevices.filter((d) => d.name !== name);
  return copy;
}

describe('orphan clean-up end to end (real ASL, real handlers, simulated organization)', () => {
  test('GIVEN an orphan left by a cancelled setup WHEN the EntityAlreadyExists event arrives THEN exactly the orphan is deleted and the retry works', async () => {
    const fixture = orgFixture();
    const backend = simulatedBackend(fixture, projectConfig());

    const { report } = await runEventWorkflow(backend, eventFixture('orphan-console-user'));

    expect(report).toMatchObject({
      status: 'SUCCEEDED',
      outcome: 'Deleted',
      actions: [{ type: 'DeleteVirtualMFADevice', accountId: PROD, serialNumber: ORPHAN }],
    });
    expect(backend.sim!.state).toEqual(withoutDevice(fixture, PROD, 'alice-phone'));
    const iam = backend.clients.iam({
      accountId: PROD,
      credentials: backend.sim!.issueUserCredentials(PROD, 'alice'),
    });
    await expect(
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' })),
    ).resolves.toBeDefined();
  });

  test('the orphan path meets its budget: 3 billed transitions and 3 sequential AWS calls (membership check concurrent with AssumeRole)', async () => {
    const backend = simulatedBackend(orgFixture(), projectConfig(), { faults: { latencyMs: () => 25 } });

    const { report } = await runEventWorkflow(backend, eventFixture('orphan-console-user'));

    expect(report.stateTransitions).toBe(3);
    expect(report.apiCalls.map((c) => `${c.service}:${c.operation}`)).toEqual([
      'organizations:DescribeAccount',
      'sts:AssumeRole',
      'iam:ListVirtualMFADevices',
      'iam:DeleteVirtualMFADevice',
    ]);
    expect(backend.recorder.criticalPathLength()).toBe(3);
  });

  test('GIVEN the user finished enrolling before the workflow ran THEN the assigned device is left alone', async () => {
    const fixture = orgFixture();
    const device = fixture.accounts[1]!.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!;
    device.assignedTo = 'alice';
    const backend = simulatedBackend(fixture, projectConfig());

    const { report } = await runEventWorkflow(backend, eventFixture('orphan-console-user'));

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'NotAnOrphan', actions: [] });
    expect(report.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
    expect(backend.sim!.state).toEqual(fixture);
  });

  test('GIVEN the same event delivered twice THEN the second delivery changes nothing', async () => {
    const fixture = orgFixture();
    const backend = simulatedBackend(fixture, projectConfig());
    const event = eventFixture('orphan-console-user');

    await runEventWorkflow(backend, event);
    const { report } = await runEventWorkflow(backend, event);

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'NotAnOrphan', actions: [] });
    expect(report.apiCalls.filter((c) => MUTATING.test(c.operation))).toEqual([]);
    expect(backend.sim!.state).toEqual(withoutDevice(fixture, PROD, 'alice-phone'));
  });

  test('GIVEN an account without the member role THEN the workflow fails naming the account, and nothing changes', async () => {
    const fixture = orgFixture();
    const backend = simulatedBackend(fixture, projectConfig());
    const event = eventFixture('orphan-console-user');
    const detail = event.detail as Record<string, unknown>;
    const sandboxEvent = {
      ...event,
      account: '333333333333',
      detail: {
        ...detail,
        recipientAccountId: '333333333333',
        requestParameters: { virtualMFADeviceName: 'carol', path: '/' },
      },
    };

    const { report } = await runEventWorkflow(backend, sandboxEvent);

    expect(report.status).toBe('FAILED');
    expect(report.error).toBe(
      'MemberRoleUnavailable: cannot assume the orgmfa member role in account 333333333333: deploy the member stack there or check its trust policy',
    );
    expect(backend.sim!.state).toEqual(fixture);
  });

  test('GIVEN IAM throttles 40% of calls THEN the SDK and workflow retries still delete the orphan, once', async () => {
    const fixture = orgFixture();
    const backend = simulatedBackend(fixture, projectConfig(), {
      faults: {
        throttle: [
          { service: 'iam', rate: 0.4 },
          { service: 'sts', rate: 0.4 },
        ],
        seed: 3,
      },
    });

    const { report, execution } = await runEventWorkflow(backend, eventFixture('orphan-console-user'));

    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Deleted' });
    expect(report.apiCalls.some((c) => c.operation === 'ListVirtualMFADevices')).toBe(true);
    expect(backend.sim!.calls.filter((c) => c.error === 'Throttling').length).toBeGreaterThan(0);
    expect(
      backend.sim!.calls.filter((c) => c.operation === 'DeleteVirtualMFADevice' && c.error === undefined),
    ).toHaveLength(1);
    expect(execution.stateTransitions).toBeGreaterThanOrEqual(3);
    expect(backend.sim!.state).toEqual(withoutDevice(fixture, PROD, 'alice-phone'));
  });
});
