import { simulatedBackend, type Backend } from '../../local/runner/backend';
import { runSweepWorkflow } from '../../local/runner/sweep-run';
import { VirtualClock } from '../../local/sim/virtual-clock';
import { buildReport } from '../../functions/core/report/report';
import { complianceOrg, MGMT, NO_SECURITY_HUB, PROD, SANDBOX, SUSPENDED } from '../helpers/compliance-org';
import { ocsfErrors } from '../helpers/ocsf-validator';
import { projectConfig } from '../helpers/simulated-org';

const NOW = new Date('2026-11-21T09:00:00Z');

/** The objects of the hub's state bucket under `prefix`, by key. */
function objectsUnder(backend: Backend, prefix: string): Map<string, string> {
  const bucket = backend.sim!.account(MGMT)!.s3!.buckets.find((b) => b.name === backend.stateBucket)!;
  return new Map(bucket.objects.filter((o) => o.key.startsWith(prefix)).map((o) => [o.key, o.body]));
}

describe('the sweep writes the organization’s HTML and OCSF report next to its CSV and JSON parts', () => {
  let backend: Backend;
  let run: Awaited<ReturnType<typeof runSweepWorkflow>>;
  beforeAll(async () => {
    backend = simulatedBackend(complianceOrg(), projectConfig(), { clock: new VirtualClock(NOW) });
    run = await runSweepWorkflow(backend, { sweepId: 'pages', productVersion: '9.9.9' });
  });

  test('the summary names the HTML page, which is in the report prefix, self-contained, with the sweep’s counts', () => {
    const summary = run.summary!;
    expect(summary.report).toEqual({
      bucket: backend.stateBucket,
      prefix: 'reports/sweep=pages/',
      html: 'reports/sweep=pages/format=html/report.html',
    });
    const html = objectsUnder(backend, summary.report.prefix).get(summary.report.html)!;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`);
    expect(html).not.toMatch(/\b(src|href)="https?:/);
    // The page's counts are the sweep's: failing findings and exemptions in force afterwards.
    expect(html).toContain(`data-count="failing-total">${summary.findings.active}<`);
    expect(html).toContain(`data-count="exemptions-total">${summary.findings.exempt}<`);
    expect(html).toContain(`data-count="accounts-total">5<`);
    // Account names from Organizations (the sweep's account list).
    expect(html).toContain('workloads-prod');
  });

  test('the report’s rows are the active findings of the record, with their details, names and exemption', () => {
    const report = buildReport(run.findingsReport!);
    expect(report.summary.failing.total).toBe(run.summary!.findings.active);
    expect(report.summary.exemptions.total).toBe(run.summary!.findings.exempt);
    const dave = report.rows.find((r) => r.resource === 'dave' && r.control === 'ORGMFA.2')!;
    expect(dave).toMatchObject({
      severity: 'MEDIUM',
      accountId: PROD,
      accountName: 'workloads-prod',
      status: 'FAILED',
      detail: 'IAM user dave has 1 active access key and no MFA device.',
      resourceId: `arn:aws:iam::${PROD}:user/dave`,
    });
    expect(report.rows.filter((r) => r.status === 'EXEMPT')).toEqual([
      expect.objectContaining({
        resource: 'erin',
        control: 'ORGMFA.6',
        exemptionReason: 'break-glass account, in the safe',
        exemptUntil: null,
      }),
    ]);
    expect(report.rows.find((r) => r.control === 'ORGMFA.5')).toMatchObject({
      severity: 'CRITICAL',
      accountId: MGMT,
      resource: 'root',
    });
    // The user whose exemption has expired fails, and the henry of the account without Security Hub too.
    expect(report.rows.filter((r) => r.control === 'ORGMFA.1').map((r) => r.resource)).toEqual(
      expect.arrayContaining(['frank', 'henry']),
    );
  });

  test('accounts not swept are listed with their reasons, and the one without Security Hub CSPM as a warning', () => {
    const { summary } = buildReport(run.findingsReport!);
    expect(summary.notAssessed.map((a) => a.accountId)).toEqual([SANDBOX, SUSPENDED]);
    expect(summary.notAssessed[0]!.reason).toContain('cannot assume');
    expect(summary.warnings).toEqual([
      expect.objectContaining({
        accountId: NO_SECURITY_HUB,
        warnings: [
          `Security Hub CSPM is not enabled in account ${NO_SECURITY_HUB} in us-east-1: its findings were not imported`,
        ],
      }),
    ]);
  });

  test('the OCSF findings: one valid OCSF 1.6.0 Compliance Finding per row, with orgmfa’s version', () => {
    const ocsf = objectsUnder(backend, 'reports/sweep=pages/format=ocsf/');
    expect([...ocsf.keys()]).toEqual(['reports/sweep=pages/format=ocsf/findings-00000.ocsf.jsonl']);
    const lines = [...ocsf.values()][0]!
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(buildReport(run.findingsReport!).rows.length);
    for (const line of lines) expect(ocsfErrors(line)).toEqual([]);
    expect(lines[0]).toMatchObject({
      severity: 'Critical',
      metadata: { product: { name: 'orgmfa', version: '9.9.9' } },
      cloud: { account: { uid: MGMT, name: 'management' }, org: { uid: 'o-a1b2c3d4e5' } },
    });
  });
});
