import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients, ClientScope } from '../aws/clients';
import type { Log } from '../aws/log';
import type { MetricsSink } from '../aws/metrics';
import { buildReport } from '../core/report/report';
import type { ReportInput } from '../core/report/report-model';
import { sweepHtmlReportKey, sweepReportPrefix, sweepSummaryKey } from '../core/report/sweep-report-keys';
import type { HubSettings } from '../core/settings';
import type { AccountSweepResult, SweepSummary } from '../core/sweep-results';
import { sweepReportInput } from './sweep-report-input';
import { writeReportPages } from './write-report-pages';

/** What summarizing needs. */
export interface SummarizeSweepDeps {
  readonly clients: AwsClients;
  readonly hub: ClientScope;
  readonly log: Log;
  readonly metrics: MetricsSink;
  readonly settings: Pick<HubSettings, 'partition' | 'organizationId'>;
  /** The hub's region: where the findings are imported (the OCSF findings' cloud region). */
  readonly region: string;
  readonly clock: () => Date;
  /** orgmfa's version, named in the OCSF findings. */
  readonly productVersion: string;
}

/** What a sweep's summary and report come from. */
export interface SummarizeSweepInput {
  readonly sweepId: string;
  readonly bucket: string;
  readonly manifestKey: string;
  /** The sweep's account list: the accounts' names and OU paths. */
  readonly accountsKey: string;
  readonly total: number;
}

/** The ResultWriter manifest Step Functions writes next to a Distributed Map's results. */
interface Manifest {
  readonly ResultFiles: Readonly<
    Record<'SUCCEEDED' | 'FAILED' | 'PENDING', readonly { readonly Key: string }[]>
  >;
}

async function readJson<T>(clients: AwsClients, hub: ClientScope, bucket: string, key: string): Promise<T> {
  const object = await clients.s3(hub).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse((await object.Body?.transformToString()) ?? 'null') as T;
}

/**
 * Reads every account's result from the Distributed Map's result files in S3 (never through state),
 * and sums them up: accounts ok and failed with their reasons, those without Security Hub CSPM, those
 * with warnings, users evaluated, findings new, resolved, active and exempt, and the accounts whose
 * findings disagree with orgmfa's record (possible tampering). Writes the summary beside the report,
 * then the organization's HTML and OCSF report built from the accounts' parts, and publishes its
 * metrics. Returns the summary (the workflow's output) and the report's input (for `orgmfa local
 * sweep`, which renders it in the format asked for).
 */
export async function summarizeSweepWithReport(
  deps: SummarizeSweepDeps,
  input: unknown,
): Promise<{ readonly summary: SweepSummary; readonly report: ReportInput }> {
  const { sweepId, bucket, manifestKey, accountsKey, total } = input as SummarizeSweepInput;
  const manifest = await readJson<Manifest>(deps.clients, deps.hub, bucket, manifestKey);
  const results: AccountSweepResult[] = [];
  const failedItems: { accountId: string; reason: string }[] = [];
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    for (const file of manifest.ResultFiles[status] ?? []) {
      const entries = await readJson<{ Input: string; Output?: string; Error?: string; Cause?: string }[]>(
        deps.clients,
        deps.hub,
        bucket,
        file.Key,
      );
      for (const entry of entries) {
        if (entry.Output !== undefined) results.push(JSON.parse(entry.Output) as AccountSweepResult);
        else
          failedItems.push({
            accountId: (JSON.parse(entry.Input) as { accountId: string }).accountId,
            reason: `${entry.Error}: ${entry.Cause}`,
          });
      }
    }
  }
  const ok = results.filter(
    (r): r is Extract<AccountSweepResult, { status: 'SUCCEEDED' }> => r.status === 'SUCCEEDED',
  );
  const failed = [
    ...results
      .filter((r): r is Extract<AccountSweepResult, { status: 'FAILED' }> => r.status === 'FAILED')
      .map(({ accountId, reason }) => ({ accountId, reason })),
    ...failedItems,
  ].sort((a, b) => a.accountId.localeCompare(b.accountId));
  ok.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const sum = (pick: (r: (typeof ok)[number]) => number) => ok.reduce((total, r) => total + pick(r), 0);
  const summary: SweepSummary = {
    sweepId,
    accounts: {
      total,
      succeeded: ok.length,
      failed,
      securityHubNotEnabled: ok.filter((r) => !r.securityHubEnabled).map((r) => r.accountId),
      warnings: ok
        .filter((r) => r.warnings.length > 0)
        .map(({ accountId, warnings }) => ({ accountId, warnings })),
    },
    usersEvaluated: sum((r) => r.usersEvaluated),
    orphansDeleted: sum((r) => r.orphansDeleted),
    findings: {
      imported: sum((r) => r.findings.imported),
      resolved: sum((r) => r.findings.resolved),
      active: sum((r) => r.findings.active),
      exempt: sum((r) => r.findings.exempt),
      tampered: sum((r) => r.findings.tampered),
    },
    tampering: ok
      .filter((r) => r.findings.tampered > 0)
      .map((r) => ({ accountId: r.accountId, findings: r.findings.tampered, details: r.tampering })),
    report: { bucket, prefix: sweepReportPrefix(sweepId), html: sweepHtmlReportKey(sweepId) },
  };
  await deps.clients.s3(deps.hub).send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: sweepSummaryKey(sweepId),
      Body: JSON.stringify(summary),
      ContentType: 'application/json',
    }),
  );
  const generatedAt = deps.clock();
  const reportInput = await sweepReportInput(
    deps,
    {
      sweepId,
      bucket,
      accountsKey,
      generatedAt,
      partition: deps.settings.partition,
      region: deps.region,
      organizationId: deps.settings.organizationId,
    },
    results,
    failed,
  );
  const pages = await writeReportPages(deps, bucket, sweepId, buildReport(reportInput), {
    generatedAt,
    partition: deps.settings.partition,
    region: deps.region,
    organizationId: deps.settings.organizationId,
    productVersion: deps.productVersion,
  });
  const incomplete = new Set([
    ...summary.accounts.securityHubNotEnabled,
    ...summary.accounts.warnings.map((a) => a.accountId),
  ]);
  deps.metrics.gauge('SweepAccountsFailed', failed.length);
  deps.metrics.gauge('SweepAccountsIncomplete', incomplete.size);
  deps.metrics.gauge('SweepFindingsActive', summary.findings.active);
  deps.metrics.gauge('SweepFindingsExempt', summary.findings.exempt);
  deps.metrics.gauge('SweepFindingsNew', summary.findings.imported);
  deps.metrics.gauge('SweepFindingsResolved', summary.findings.resolved);
  deps.metrics.gauge('SweepFindingsTampered', summary.findings.tampered);
  deps.log.info('sweep summarized', {
    sweepId,
    succeeded: ok.length,
    failed: failed.length,
    incomplete: incomplete.size,
    ...summary.findings,
    report: pages.html,
    ocsfObjects: pages.ocsf.length,
  });
  for (const account of summary.tampering) {
    deps.log.warn('orgmfa findings disagree with its record: possible tampering', account);
  }
  return { summary, report: reportInput };
}

/** The SummarizeSweep step: the summary is the workflow's output (see {@link summarizeSweepWithReport}). */
export async function summarizeSweep(deps: SummarizeSweepDeps, input: unknown): Promise<SweepSummary> {
  return (await summarizeSweepWithReport(deps, input)).summary;
}
