import type { ListedAccount } from '../../functions/core/organization-listing';
import { parseConfig, type OrgMfaConfig } from '../../functions/core/config';
import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { MGMT, PROD_OU, ROOT, treeOrg, WORKLOADS } from '../helpers/tree-org';

const NOW = new Date('2026-11-21T09:00:00Z');

function config(targets: string[], overrides: Record<string, unknown> = {}): OrgMfaConfig {
  return parseConfig({
    orgmfa: {
      organizationId: 'o-a1b2c3d4e5',
      managementAccountId: MGMT,
      hubRegion: 'us-east-1',
      targetOrganizationalUnitIds: targets,
      ...overrides,
    },
  });
}

function backendFor(targets: string[], options: { prodAccounts?: number; faults?: FaultPlan } = {}) {
  return simulatedBackend(treeOrg(options.prodAccounts), config(targets), {
    clock: new VirtualClock(NOW),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
}

/** The sweep's item list (`sweeps/<id>/accounts.json`) as ListAccounts wrote it. */
function itemList(backend: Backend, sweepId: string): ListedAccount[] {
  const bucket = backend.sim!.account(MGMT)!.s3!.buckets.find((b) => b.name === backend.stateBucket)!;
  return JSON.parse(bucket.objects.find((o) => o.key === `sweeps/${sweepId}/accounts.json`)!.body);
}

/** Organizations calls of a run, as "Operation" strings, sorted. */
function organizationsCalls(calls: readonly { service: string; operation: string }[]): string[] {
  return calls
    .filter((c) => c.service === 'organizations')
    .map((c) => c.operation)
    .sort();
}

describe('the sweep covers exactly the configured OUs, their descendants and the management account', () => {
  test('GIVEN Workloads as the target THEN its accounts and Prod’s are listed with name, state and OU path, the management account too, Sandbox not', async () => {
    const backend = backendFor([WORKLOADS]);

    const { report } = await runSweepWorkflow(backend, { sweepId: 'workloads' });

    expect(itemList(backend, 'workloads')).toEqual(
      expect.arrayContaining([
        {
          accountId: '200000000000',
          name: 'account-000',
          state: 'ACTIVE',
          ouPath: 'Root/Workloads/Prod',
          arn: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/200000000000',
        },
        expect.objectContaining({ accountId: '400000000001', ouPath: 'Root/Workloads', state: 'ACTIVE' }),
        expect.objectContaining({ accountId: '300000000001', state: 'SUSPENDED' }),
        expect.objectContaining({ accountId: MGMT, name: 'management', ouPath: 'Root', state: 'ACTIVE' }),
      ]),
    );
    expect(
      itemList(backend, 'workloads')
        .map((a) => a.accountId)
        .sort(),
    ).toEqual([
      MGMT,
      '200000000000',
      '200000000001',
      '300000000001',
      '300000000002',
      '300000000003',
      '400000000001',
    ]);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts).toMatchObject({ total: 7, succeeded: 4, failed: [] });
    // Listed, not swept: their state is the reason, and not one call went into them.
    expect(report.accounts.skipped).toEqual([
      { accountId: '300000000001', reason: 'account 300000000001 is SUSPENDED, not ACTIVE' },
      { accountId: '300000000002', reason: 'account 300000000002 is PENDING_CLOSURE, not ACTIVE' },
      { accountId: '300000000003', reason: 'account 300000000003 is CLOSED, not ACTIVE' },
    ]);
    expect(report.apiCalls.filter((c) => c.accountId.startsWith('3000000000'))).toEqual([]);
    // Sandbox is not a target: its account is neither listed nor touched, and has no finding.
    expect(report.apiCalls.filter((c) => c.accountId === '500000000001')).toEqual([]);
    expect(backend.sim!.account('500000000001')!.securityHub!.findings).toEqual([]);
    // Each swept account got its finding (pat has no MFA).
    expect(report.findings.imported).toBe(4);
  });

  test('GIVEN the root and an OU inside it as targets THEN every account is listed once', async () => {
    const backend = backendFor([ROOT, PROD_OU]);

    const { report } = await runSweepWorkflow(backend, { sweepId: 'all' });

    const ids = itemList(backend, 'all').map((a) => a.accountId);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(8);
    expect(report.accounts).toMatchObject({ total: 8, succeeded: 5 });
    expect(itemList(backend, 'all').find((a) => a.accountId === '500000000001')?.ouPath).toBe('Root/Sandbox');
  });

  test('GIVEN a target that is not in the organization THEN the sweep fails naming it, and no account is touched', async () => {
    const backend = backendFor([WORKLOADS, 'ou-a1b2-missing01']);

    const { report } = await runSweepWorkflow(backend, { sweepId: 'typo' });

    expect(report.status).toBe('FAILED');
    expect(report.error).toBe(
      'SweepTargetNotFound: targetOrganizationalUnitIds: ou-a1b2-missing01 is not a root or OU of this organization',
    );
    expect(report.apiCalls.filter((c) => c.service !== 'organizations' && c.service !== 's3')).toEqual([]);
  });
});

describe('the sweep makes no per-account Organizations call', () => {
  test.each([5, 45, 95])(
    'GIVEN %i accounts in Prod THEN Organizations is called per page of 20 accounts, never per account',
    async (prodAccounts) => {
      const backend = backendFor([WORKLOADS], { prodAccounts });

      const { report } = await runSweepWorkflow(backend, { sweepId: 'pages' });

      expect(report.accounts.succeeded).toBe(prodAccounts + 2);
      const pagesOfProd = Math.ceil((prodAccounts + 3) / 20);
      expect(organizationsCalls(report.apiCalls)).toEqual(
        [
          // Workloads' path by names: its name and its parent (the root, by ListRoots).
          'DescribeOrganizationalUnit',
          'ListParents',
          'ListRoots',
          // Workloads' accounts and OUs, one page each; Prod's OUs, one page; its accounts, by pages.
          'ListAccountsForParent',
          'ListOrganizationalUnitsForParent',
          'ListOrganizationalUnitsForParent',
          ...Array<string>(pagesOfProd).fill('ListAccountsForParent'),
          // The management account, which no target covers: described once, with its parent.
          'DescribeAccount',
          'ListParents',
        ].sort(),
      );
    },
  );

  test('GIVEN a listing that takes several invocations THEN each saves its progress and the next goes on: the same list, the same calls', async () => {
    const once = backendFor([ROOT], { prodAccounts: 45 });
    const expected = await runSweepWorkflow(once, { sweepId: 'list' });

    const backend = backendFor([ROOT], { prodAccounts: 45 });
    const { report, execution } = await runSweepWorkflow(backend, {
      sweepId: 'list',
      listingCallsPerInvocation: 2,
    });

    const invocations = execution.history.filter(
      (e) => e.type === 'StateEntered' && 'state' in e && e.state.name === 'ListAccounts',
    );
    expect(invocations.length).toBeGreaterThan(3);
    expect(itemList(backend, 'list')).toEqual(itemList(once, 'list'));
    expect(report.accounts).toEqual(expected.report.accounts);
    expect(organizationsCalls(report.apiCalls)).toEqual(organizationsCalls(expected.report.apiCalls));
  });

  test('GIVEN throttling that outlasts the SDK’s attempts in the middle of the listing THEN what was listed is saved and the workflow’s retry goes on from there', async () => {
    const calmBackend = backendFor([ROOT], { prodAccounts: 45 });
    const calm = await runSweepWorkflow(calmBackend, { sweepId: 'interrupted' });
    const backend = backendFor([ROOT], {
      prodAccounts: 45,
      // The first pages of accounts, refused more often than the SDK tries one.
      faults: {
        throttle: [{ service: 'organizations', operation: 'ListAccountsForParent', rate: 1, count: 13 }],
      },
    });

    const { report, execution } = await runSweepWorkflow(backend, { sweepId: 'interrupted' });

    expect(report.status).toBe('SUCCEEDED');
    const retried = execution.history.filter(
      (e) => e.type === 'StateRetried' && 'state' in e && e.state.name === 'ListAccounts',
    );
    expect(retried.length).toBeGreaterThan(0);
    expect(itemList(backend, 'interrupted')).toEqual(itemList(calmBackend, 'interrupted'));
    expect(report.accounts).toEqual(calm.report.accounts);
    // Nothing listed twice: the pages that succeeded before the throttling were not asked again.
    const pages = (r: typeof report) =>
      r.apiCalls.filter((c) => c.operation === 'ListAccountsForParent').length;
    expect(
      backend.sim!.calls.filter((c) => c.operation === 'ListAccountsForParent' && !c.error),
    ).toHaveLength(pages(calm.report));
  });

  test('GIVEN Organizations throttles 30% of the calls THEN the paced, retried calls absorb it: the same sweep', async () => {
    const calm = await runSweepWorkflow(backendFor([ROOT], { prodAccounts: 45 }), { sweepId: 'calm' });
    const backend = backendFor([ROOT], {
      prodAccounts: 45,
      faults: { throttle: [{ service: 'organizations', rate: 0.3 }], seed: 7 },
    });

    const { report } = await runSweepWorkflow(backend, { sweepId: 'stormy' });

    const throttled = backend.sim!.calls.filter(
      (c) => c.service === 'organizations' && c.error === 'TooManyRequestsException',
    );
    expect(throttled.length).toBeGreaterThan(3);
    expect(report.status).toBe('SUCCEEDED');
    expect(report.accounts).toEqual(calm.report.accounts);
    expect(report.findings).toEqual(calm.report.findings);
  });
});

describe('batches: fewer child executions', () => {
  test('GIVEN batches of 4 THEN 10 listed accounts make 3 children per pass, each account swept once', async () => {
    const backend = simulatedBackend(treeOrg(4), config([ROOT], { compliance: { sweepBatchSize: 4 } }), {
      clock: new VirtualClock(NOW),
    });

    const { report } = await runSweepWorkflow(backend, { sweepId: 'batches' });

    expect(report.accounts.total).toBe(10);
    // Two passes over 10 accounts in batches of 4.
    expect(report.mapChildren).toBe(6);
    // The parent's own states, plus one billed transition per child it started.
    expect(report.stateTransitions).toBe(5 + 6);
    expect(report.accounts.succeeded).toBe(7);
    expect(report.findings.imported).toBe(7);
  });
});
