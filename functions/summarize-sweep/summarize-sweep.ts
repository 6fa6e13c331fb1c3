import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients, ClientScope } from '../aws/clients';
import type { Log } from '../aws/log';
import type { MetricsSink } from '../aws/metrics';
import { buildReport } from '../core/report/report';
import type { ReportInput } from '../core/report/report-model';
import { sweepHtmlReportKey, sweepReportPrefix, sweepSummaryKey } from '../core/report/sweep-report-keys';
import type { HubSettings } from '../core/settings';
import type { AccountSweepResult, BatchSweepResult, SweepSummary } from '../core/sweep-results';
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

/** One entry of a ResultWriter result file: a child execution's input and its output or error. */
interface ResultEntry {
  readonly Input: string;
  readonly Output?: string;
  readonly Error?: string;
  readonly Cause?: string;
}

/** The accounts of a child execution's input: a batch (`Items`) or, from before batching, one item. */
function accountIdsOf(input: string): string[] {
  const parsed = JSON.parse(input) as { Items?: { accountId: string }[]; accountId?: string };
  if (Array.isArray(parsed.Items)) return parsed.Items.map((item) => item.accountId);
  return parsed.accountId === undefined ? [] : [parsed.accountId];
}

/**
 * Every account's result from one child execution: its output's results, or, for a child that failed
 * (its Lambda failed even after retries, caught or not), a FAILED result for each of its accounts.
 */
function accountResults(entry: ResultEntry): AccountSweepResult[] {
  if (entry.Output === undefined) {
    const reason = `${entry.Error}: ${entry.Cause}`;
    return accountIdsOf(entry.Input).map((accountId) => ({ accountId, status: 'FAILED', reason }));
  }
  const output = JSON.parse(entry.Output) as BatchSweepResult | AccountSweepResult;
  if ('accounts' in output) return [...output.accounts];
  if ('batchFailed' in output) {
    const { accountIds, reason } = output.batchFailed;
    return accountIds.map((accountId) => ({ accountId, status: 'FAILED', reason }));
  }
  return [output];
}

/**
 * Reads every account's result from the Distributed Map's result files in S3 (never through state),
 * and sums them up: accounts ok, failed with their reasons and skipped (not ACTIVE) with their state,
 * those without Security Hub CSPM, those with warnings, users evaluated, findings new, resolved,
 * active and exempt, and the accounts whose findings disagree with orgmfa's record (possible
 * tampering). Writes the summary beside the report, then the organization's HTML and OCSF report built
 * from the accounts' parts, and publishes its metrics. Returns the summary (the workflow's output) and
 * the report's input (for `orgmfa local sweep`, which renders it in the format asked for).
 */
export async function summarizeSweepWithReport(
  deps: SummarizeSweepDeps,
  input: unknown,
): Promise<{ readonly summary: SweepSummary; readonly report: ReportInput }> {
  const { sweepId, bucket, manifestKey, accountsKey, total } = input as SummarizeSweepInput;
  const manifest = await readJson<Manifest>(deps.clients, deps.hub, bucket, manifestKey);
  const results: AccountSweepResult[] = [];
  for (const status of ['SUCCEEDED', 'FAILED'] as const) {
    for (const file of manifest.ResultFiles[status] ?? []) {
      const entries = await readJson<ResultEntry[]>(deps.clients, deps.hub, bucket, file.Key);
      for (const entry of entries) results.push(...accountResults(entry));
    }
  }
  const ok = results.filter(
    (r): r is Extract<AccountSweepResult, { status: 'SUCCEEDED' }> => r.status === 'SUCCEEDED',
  );
  const byAccount = (a: { accountId: string }, b: { accountId: string }) =>
    a.accountId.localeCompare(b.accountId);
  const withReason = (status: 'FAILED' | 'SKIPPED') =>
    results
      .filter((r): r is Extract<AccountSweepResult, { status: typeof status }> => r.status === status)
      .map(({ accountId, reason }) => ({ accountId, reason }))
      .sort(byAccount);
  const failed = withReason('FAILED');
  const skipped = withReason('SKIPPED');
  ok.sort((a, b) => a.accountId.localeCompare(b.accountId));
  const sum = (pick: (r: (typeof ok)[number]) => number) => ok.reduce((total, r) => total + pick(r), 0);
  const summary: SweepSummary = {
    sweepId,
    accounts: {
      total,
      succeeded: ok.length,
      failed,
      skipped,
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
    // Not ACTIVE accounts are in the report too, as not assessed with their state: listed, not swept.
    [...failed, ...skipped],
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
