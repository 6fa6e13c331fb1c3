import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients, ClientScope, SdkClient } from '../../functions/aws/clients';
import { parseFindingsRecord } from '../../functions/core/compliance/findings-record-format';
import { isActiveStatus, type FindingRecord } from '../../functions/core/compliance/model';
import { summarizeSweep } from '../../functions/summarize-sweep/summarize-sweep';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { CollectingMetrics } from '../../local/runner/collecting-metrics';
import { runEventWorkflow } from '../../local/runner/event-run';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { CollectingLog } from '../../functions/aws/collecting-log';
import { cloudTrailEvent } from '../../local/sim/cloudtrail';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD, SANDBOX } from '../helpers/compliance-org';
import { projectConfig } from '../helpers/simulated-org';

/**
 * Safety paths no other test runs: the conditional-write retry when the event path and the sweep write
 * an account's findings record at once, a Distributed Map item that fails, an orphan deletion that
 * fails, and a Security Hub import that is refused.
 */

const NOW = new Date('2026-11-21T09:00:00Z');

type Stored = {
  GeneratorId: string;
  RecordState: string;
  Compliance: { Status: string };
  Resources: { Id: string }[];
};

function findings(backend: Backend, accountId = PROD): Stored[] {
  return (backend.sim!.account(accountId)!.securityHub?.findings ?? []) as unknown as Stored[];
}

/** Active findings as "control resource-or-subject" lines. */
function active(backend: Backend, accountId = PROD): string[] {
  return findings(backend, accountId)
    .filter((f) => f.RecordState === 'ACTIVE')
    .map((f) => `${f.GeneratorId.replace('orgmfa/', '')} ${f.Resources[0]!.Id}`)
    .sort();
}

/** The active findings of the account's findings record in the hub's state bucket, as S3 holds it. */
async function record(backend: Backend, accountId = PROD): Promise<FindingRecord[]> {
  const object = await backend.clients
    .s3(backend.hubScope('sweepAccount'))
    .send(new GetObjectCommand({ Bucket: backend.stateBucket, Key: `findings/${accountId}.json` }));
  return parseFindingsRecord((await object.Body!.transformToString()) ?? '').filter((f) =>
    isActiveStatus(f.status),
  );
}

/**
 * The backend, with `hook` run before each call of `service`'s clients (it sees the command's name and
 * may change its input): to make something happen at an exact point of a run.
 */
function hooked(
  backend: Backend,
  service: 's3' | 'securityHub',
  hook: (command: string, input: Record<string, unknown>) => Promise<void> | void,
): Backend {
  // Clients are made once per scope and reused: hook each one once.
  const hookedClients = new WeakSet<SdkClient>();
  const clients: AwsClients = {
    ...backend.clients,
    [service]: (scope: ClientScope) => {
      const client = backend.clients[service](scope) as SdkClient;
      if (hookedClients.has(client)) return client;
      hookedClients.add(client);
      const stack = client.middlewareStack as unknown as {
        add(middleware: unknown, options: { step: 'initialize' }): void;
      };
      stack.add(
        (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
          async (args: { input: Record<string, unknown> }) => {
            await hook(context.commandName ?? '', args.input);
            return next(args);
          },
        { step: 'initialize' },
      );
      return client;
    },
  };
  return { ...backend, clients };
}

async function sweptOrg(faults?: FaultPlan) {
  const clock = new VirtualClock(NOW);
  const backend = simulatedBackend(complianceOrg(), projectConfig(), {
    clock,
    ...(faults === undefined ? {} : { faults }),
  });
  await runSweepWorkflow(backend, { sweepId: 'baseline' });
  clock.set(new Date(NOW.getTime() + 60_000));
  return { backend, clock };
}

describe('the event path and the sweep write the same findings record at once', () => {
  test('GIVEN the sweep writes the record between the event path’s read and write THEN the event path re-reads, re-plans, and neither change is lost', async () => {
    const { backend } = await sweptOrg();
    const prod = backend.sim!.account(PROD)!;
    // Seen only by the event path: alice enables MFA (the sweep's credential report is still the
    // cached one). Seen only by the sweep: dave's provisioned device whose seed expired uncollected.
    prod.iam.virtualMfaDevices.find((d) => d.name === 'alice-phone')!.assignedTo = 'alice';
    prod.iam.virtualMfaDevices.push({
      name: 'dave',
      path: '/',
      assignedTo: 'dave',
      enableDate: '2026-11-13T00:00:00.000Z',
      tags: { 'orgmfa:managed': 'provisioned', 'orgmfa:seed-expires': '2026-11-20T00:00:00.000Z' },
    });
    let sweepRan = false;
    const racing = hooked(backend, 's3', async (command, input) => {
      const isRecordWrite = command === 'PutObjectCommand' && input.Key === `findings/${PROD}.json`;
      if (!isRecordWrite || sweepRan) return;
      sweepRan = true;
      // The sweep gets there first.
      const sweep = await runSweepWorkflow(backend, { sweepId: 'concurrent' });
      expect(sweep.report.status).toBe('SUCCEEDED');
    });

    const { report } = await runEventWorkflow(
      racing,
      cloudTrailEvent({
        accountId: PROD,
        userName: 'alice',
        eventName: 'EnableMFADevice',
        requestParameters: { userName: 'alice', serialNumber: `arn:aws:iam::${PROD}:mfa/alice-phone` },
        time: NOW,
      }),
    );

    expect(sweepRan).toBe(true);
    expect(report).toMatchObject({ status: 'SUCCEEDED', outcome: 'Evaluated' });
    // The event path's conditional write failed once, then succeeded on the re-read record.
    const writes = backend.sim!.calls.filter((c) => c.service === 's3' && c.operation === 'PutObject');
    expect(writes.filter((c) => c.error === 'PreconditionFailed')).toHaveLength(1);
    // Both changes hold, in Security Hub and in the record.
    const lines = active(backend);
    expect(lines).toContain(`ORGMFA.4 AWS::::Account:${PROD}`);
    expect(lines).not.toContain(`ORGMFA.1 arn:aws:iam::${PROD}:user/alice`);
    const recorded = (await record(backend)).map((f) => `${f.control} ${f.subject ?? f.resourceId}`);
    expect(recorded).toContain(`ORGMFA.4 seed:dave`);
    expect(recorded).not.toContain(`ORGMFA.1 arn:aws:iam::${PROD}:user/alice`);
  });
});

describe('an account or a batch that fails', () => {
  test('GIVEN one account throttled beyond every retry THEN its result is FAILED with the reason, and the other accounts of its batch complete', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), {
      clock: new VirtualClock(NOW),
      faults: { throttle: [{ service: 'iam', accountId: PROD, rate: 1 }] },
    });

    const { report, log } = await runSweepWorkflow(backend, { sweepId: 'throttled' });

    expect(report.status).toBe('SUCCEEDED');
    // One batch holds every account of this organization: PROD failed within it, the others completed.
    expect(report.mapChildren).toBe(2);
    expect(report.accounts.failed).toContainEqual({
      accountId: PROD,
      reason: 'Throttled: the credential report was throttled by AWS',
    });
    // The batch tried PROD again after each pause (1 + 3 tries), each try's calls after the SDK's retries.
    const notSwept = (e: { message: string; attributes: readonly unknown[] }) =>
      e.message === 'account not swept' && (e.attributes[0] as { accountId: string }).accountId === PROD;
    expect(log.entries.filter(notSwept)).toEqual([
      {
        level: 'warn',
        message: 'account not swept',
        attributes: [
          { accountId: PROD, reason: 'Throttled: the credential report was throttled by AWS', tries: 4 },
        ],
      },
    ]);
    expect(active(backend, MGMT)).toEqual([`ORGMFA.5 AWS::::Account:${MGMT}`]);
    expect(findings(backend, PROD)).toEqual([]);
  });

  test('GIVEN result files Step Functions wrote as FAILED THEN the summary lists each failed item with its error and cause', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });
    const s3 = backend.clients.s3(backend.hubScope('summarizeSweep'));
    const put = (key: string, body: unknown) =>
      s3.send(new PutObjectCommand({ Bucket: backend.stateBucket, Key: key, Body: JSON.stringify(body) }));
    const run = 'sweeps/s1/results/run';
    await put(`${run}/SUCCEEDED_0.json`, [
      {
        Input: JSON.stringify({ accountId: MGMT, sweepId: 's1' }),
        Output: JSON.stringify({
          accountId: MGMT,
          status: 'SUCCEEDED',
          usersEvaluated: 1,
          usersWithMfa: 1,
          orphansDeleted: 0,
          findings: { imported: 1, resolved: 0, active: 1, exempt: 0, tampered: 0 },
          securityHubEnabled: true,
          warnings: [],
          tampering: [],
        }),
      },
    ]);
    // A batch whose child execution failed: Step Functions records Error and Cause, no Output; an item
    // of a hub from before batching, likewise.
    await put(`${run}/FAILED_0.json`, [
      {
        Input: JSON.stringify({
          Items: [{ accountId: PROD }, { accountId: SANDBOX }],
          BatchInput: { sweepId: 's1', phase: 'sweep' },
        }),
        Error: 'States.Timeout',
        Cause: 'The child execution timed out',
      },
      {
        Input: JSON.stringify({ accountId: NO_SECURITY_HUB, sweepId: 's1' }),
        Error: 'Lambda.Unknown',
        Cause: 'out of memory',
      },
    ]);
    await put('sweeps/s1/accounts.json', [
      { accountId: MGMT, name: 'management' },
      { accountId: PROD, name: 'prod' },
    ]);
    await s3.send(
      new PutObjectCommand({
        Bucket: backend.stateBucket,
        Key: `reports/sweep=s1/format=jsonl/${MGMT}.jsonl`,
        Body: `${JSON.stringify({ account: MGMT, resource: `AWS::::Account:${MGMT}`, control: 'ORGMFA.5', status: 'FAILED', since: NOW.toISOString(), detail: 'The root user has no MFA.' })}\n`,
      }),
    );
    await put(`${run}/manifest.json`, {
      ResultFiles: {
        SUCCEEDED: [{ Key: `${run}/SUCCEEDED_0.json` }],
        FAILED: [{ Key: `${run}/FAILED_0.json` }],
        PENDING: [],
      },
    });
    const metrics = new CollectingMetrics();

    const summary = await summarizeSweep(
      {
        clients: backend.clients,
        hub: backend.hubScope('summarizeSweep'),
        log: new CollectingLog(),
        metrics,
        settings: backend.settings,
        region: backend.region,
        clock: backend.clock,
        productVersion: 'test',
      },
      {
        sweepId: 's1',
        bucket: backend.stateBucket,
        manifestKey: `${run}/manifest.json`,
        accountsKey: 'sweeps/s1/accounts.json',
        total: 4,
      },
    );

    expect(summary.accounts).toEqual({
      total: 4,
      succeeded: 1,
      failed: [
        { accountId: PROD, reason: 'States.Timeout: The child execution timed out' },
        { accountId: SANDBOX, reason: 'States.Timeout: The child execution timed out' },
        { accountId: NO_SECURITY_HUB, reason: 'Lambda.Unknown: out of memory' },
      ],
      skipped: [],
      securityHubNotEnabled: [],
      warnings: [],
    });
    expect(metrics.counts.SweepAccountsFailed).toBe(3);
  });
});

describe('an orphan deletion that fails', () => {
  const denyDelete: FaultPlan = { accessDenied: [{ accountId: PROD, operation: 'DeleteVirtualMFADevice' }] };

  test('GIVEN the sweep may not delete an old orphan THEN it stays, is reported (ORGMFA.3, FAILED, with the reason), and the account completes', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), {
      clock: new VirtualClock(NOW),
      faults: denyDelete,
    });

    const { report } = await runSweepWorkflow(backend);

    expect(report.accounts.failed.map((f) => f.accountId)).not.toContain(PROD);
    expect(report.orphansDeleted).toBe(0);
    expect(backend.sim!.account(PROD)!.iam.virtualMfaDevices.map((d) => d.name)).toContain('old-orphan');
    expect(active(backend)).toContain(`ORGMFA.3 AWS::::Account:${PROD}`);
    const detail = (findings(backend) as (Stored & { Description: string })[]).find(
      (f) => f.GeneratorId === 'orgmfa/ORGMFA.3' && f.RecordState === 'ACTIVE',
    )!.Description;
    expect(detail).toContain(
      `arn:aws:iam::${PROD}:mfa/old-orphan is older than the grace period but was not deleted: AccessDenied`,
    );
  });

  test('GIVEN the event path may not delete the orphan in the way THEN the execution fails visibly and the device is untouched', async () => {
    const backend = simulatedBackend(complianceOrg(), projectConfig(), {
      clock: new VirtualClock(NOW),
      faults: denyDelete,
    });

    const { report } = await runEventWorkflow(
      backend,
      cloudTrailEvent({
        accountId: PROD,
        userName: 'alice',
        eventName: 'CreateVirtualMFADevice',
        requestParameters: { virtualMFADeviceName: 'alice-phone', path: '/' },
        error: {
          code: 'EntityAlreadyExistsException',
          message: 'MFADevice entity at the same path and name already exists.',
        },
        time: NOW,
      }),
    );

    expect(report.status).toBe('FAILED');
    expect(report.error).toMatch(/^AccessDenied: .*iam:DeleteVirtualMFADevice/);
    expect(backend.sim!.account(PROD)!.iam.virtualMfaDevices.map((d) => d.name)).toContain('alice-phone');
  });
});

describe('a Security Hub import that is refused', () => {
  test('GIVEN Security Hub refuses a finding of the batch THEN the account completes with a warning, the refused finding is not recorded as imported, and the next sweep imports it', async () => {
    const clock = new VirtualClock(NOW);
    const backend = simulatedBackend(complianceOrg(), projectConfig(), { clock });
    let refused = 0;
    // A finding without its Title: Security Hub refuses it with InvalidInput (the rest of the batch
    // is accepted, as BatchImportFindings does).
    const refusing = hooked(backend, 'securityHub', (command, input) => {
      const batch = input.Findings as Record<string, unknown>[] | undefined;
      if (command !== 'BatchImportFindingsCommand' || batch === undefined || refused > 0) return;
      const first = batch.find((f) => f.AwsAccountId === PROD);
      if (first === undefined) return;
      delete first.Title;
      refused++;
    });

    const first = await runSweepWorkflow(refusing, { sweepId: 'refused' });

    expect(first.report.accounts.failed.map((f) => f.accountId)).not.toContain(PROD);
    expect(first.report.accounts.warnings).toContainEqual({
      accountId: PROD,
      warnings: [
        expect.stringMatching(
          /^Security Hub refused 1 finding\(s\) of batch 1 of 1 \(\d+ findings\), e\.g\. .*: InvalidInput/,
        ),
      ],
    });
    // The record holds what Security Hub took, not the refused finding: the next sweep imports it.
    expect((await record(backend)).length).toBe(active(backend).length);

    clock.set(new Date(NOW.getTime() + 60_000));
    const second = await runSweepWorkflow(backend, { sweepId: 'accepted' });

    expect(second.report.accounts.failed.map((f) => f.accountId)).not.toContain(PROD);
    expect(active(backend)).toHaveLength((await record(backend)).length);
    expect(active(backend)).toContain(`ORGMFA.2 arn:aws:iam::${PROD}:user/dave`);
  });
});
