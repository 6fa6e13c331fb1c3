import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../functions/aws/clients';
import { CollectingLog } from '../functions/aws/collecting-log';
import type { ReportResult } from '../functions/core/report/report-model';
import { sweepReportPartKey } from '../functions/core/report/sweep-report-keys';
import type { SweepReportRow } from '../functions/core/report/sweep-rows';
import type { AccountSweepResult } from '../functions/core/sweep-results';
import { summarizeSweepWithReport } from '../functions/summarize-sweep/summarize-sweep';
import { CollectingMetrics } from '../local/runner/collecting-metrics';
import { syntheticReportInput } from './synthetic-report';

const ACCOUNTS = 10_000;
const USERS = 50;
const BUCKET = 'orgmfa-state-111111111111';
const SWEEP = 'bench';

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** An account's JSON-lines part, as SweepAccount writes it, from the synthetic results. */
function part(results: readonly ReportResult[]): string {
  const rows = results.map((r): SweepReportRow => ({
    account: r.accountId,
    resource: r.resource.subject ?? r.resource.id,
    control: r.control,
    status: r.verdict === 'EXEMPT' ? 'EXEMPT' : 'FAILED',
    since: '2026-11-21T09:00:00.000Z',
    detail: r.detail,
    ...(r.exemption === undefined
      ? {}
      : {
          exemptionReason: r.exemption.reason,
          ...(r.exemption.until === undefined ? {} : { exemptUntil: r.exemption.until }),
        }),
  }));
  return `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
}

/**
 * The S3 objects SummarizeSweep reads after a sweep of the synthetic organization: each assessed
 * account's JSON-lines part, the Map's results, the account list. Only these stay in memory.
 */
function storedSweep(): { store: Map<string, string>; findings: number } {
  const input = syntheticReportInput(ACCOUNTS, USERS, new Date('2026-11-21T09:00:00Z'));
  const store = new Map<string, string>();
  const byAccount = new Map<string, ReportResult[]>();
  for (const result of input.results) {
    const list = byAccount.get(result.accountId) ?? [];
    list.push(result);
    byAccount.set(result.accountId, list);
  }
  const results: AccountSweepResult[] = input.accounts.map((account) => {
    if (account.assessment.status === 'NOT_ASSESSED')
      return { accountId: account.accountId, status: 'FAILED', reason: account.assessment.reason };
    const own = byAccount.get(account.accountId) ?? [];
    store.set(sweepReportPartKey(SWEEP, 'jsonl', account.accountId), part(own));
    const exempt = own.filter((r) => r.verdict === 'EXEMPT').length;
    return {
      accountId: account.accountId,
      status: 'SUCCEEDED',
      usersEvaluated: account.assessment.usersEvaluated,
      usersWithMfa: account.assessment.usersWithMfa,
      orphansDeleted: 0,
      findings: { imported: 0, resolved: 0, active: own.length - exempt, exempt, tampered: 0 },
      securityHubEnabled: true,
      warnings: [],
      tampering: [],
    };
  });
  store.set(
    `sweeps/${SWEEP}/accounts.json`,
    JSON.stringify(input.accounts.map(({ accountId, name, ouPath }) => ({ accountId, name, ouPath }))),
  );
  store.set(
    `sweeps/${SWEEP}/results/run/SUCCEEDED_0.json`,
    JSON.stringify(results.map((r) => ({ Input: '{}', Output: JSON.stringify(r) }))),
  );
  store.set(
    `sweeps/${SWEEP}/results/run/manifest.json`,
    JSON.stringify({
      ResultFiles: {
        SUCCEEDED: [{ Key: `sweeps/${SWEEP}/results/run/SUCCEEDED_0.json` }],
        FAILED: [],
        PENDING: [],
      },
    }),
  );
  return { store, findings: input.results.length };
}

/**
 * SummarizeSweep at 10,000 accounts × 50 users: the real function, reading the Map's results, the
 * account list and every account's JSON-lines part from S3 (an in-memory S3 behind the SDK client,
 * answering at once: the figures are the function's own CPU and memory), building the organization's
 * report and writing the HTML page and the OCSF objects. Peak RSS is sampled while it runs. Run in a
 * process of its own (see benchSweepReport), so that no earlier benchmark's garbage is in its figures.
 */
export async function measureSweepReport(): Promise<string[]> {
  const { store, findings } = storedSweep();
  const partBytes = [...store]
    .filter(([key]) => key.includes('format=jsonl'))
    .reduce((sum, [, body]) => sum + body.length, 0);

  const s3 = mockClient(S3Client);
  let gets = 0;
  s3.on(GetObjectCommand).callsFake((request: { Key: string }) => {
    gets += 1;
    const body = store.get(request.Key);
    if (body === undefined) throw Object.assign(new Error(`NoSuchKey ${request.Key}`), { name: 'NoSuchKey' });
    return { Body: { transformToString: async () => body } };
  });
  const written = new Map<string, number>();
  s3.on(PutObjectCommand).callsFake((request: { Key: string; Body: string }) => {
    written.set(request.Key, Buffer.byteLength(request.Body));
    return {};
  });

  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const began = performance.now();
  try {
    await summarizeSweepWithReport(
      {
        clients: createAwsClients({ region: 'us-east-1' }),
        hub: { accountId: '111111111111' },
        log: new CollectingLog(),
        metrics: new CollectingMetrics(),
        settings: { partition: 'aws', organizationId: 'o-a1b2c3d4e5' },
        region: 'us-east-1',
        clock: () => new Date('2026-11-21T10:00:00Z'),
        productVersion: 'bench',
      },
      {
        sweepId: SWEEP,
        bucket: BUCKET,
        manifestKey: `sweeps/${SWEEP}/results/run/manifest.json`,
        accountsKey: `sweeps/${SWEEP}/accounts.json`,
        total: ACCOUNTS,
      },
    );
  } finally {
    clearInterval(sampler);
    s3.restore();
  }
  const seconds = (performance.now() - began) / 1000;
  sample();
  const html = [...written].find(([key]) => key.endsWith('report.html'))?.[1] ?? 0;
  const ocsf = [...written].filter(([key]) => key.includes('format=ocsf/'));
  return [
    `SummarizeSweep over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users (the real function; S3 in memory, answering at once)`,
    `  read: the account list, the Map's results and ${(gets - 3).toLocaleString('en-US')} JSON-lines parts (${mb(partBytes)}), 32 at a time; ${findings.toLocaleString('en-US')} findings`,
    `  wrote: summary, HTML report ${mb(html)}, OCSF ${ocsf.length} objects (${mb(ocsf.reduce((sum, [, bytes]) => sum + bytes, 0))}, at most 10,000 findings each)`,
    `  time: ${seconds.toFixed(1)} s of CPU here; JS heap: ${mb(before.heapUsed)} before (the stored parts included), peak ${mb(peakHeap)}; peak RSS ${mb(peak)} (garbage not yet collected included)`,
    `  run in a process of its own with the JS heap capped at ${HEAP_CAP_MB} MB (--max-old-space-size); the deployed function has 1,024 MB and 5 minutes`,
  ];
}

/** The JS heap SummarizeSweep's benchmark process may use: half of the deployed function's memory. */
const HEAP_CAP_MB = 512;

/**
 * Runs measureSweepReport in a fresh Node process whose JS heap is capped at HEAP_CAP_MB, so the figures
 * are its own and "it fits" is observed, not claimed: a run that runs out of heap is reported as such.
 */
export async function benchSweepReport(): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', join(__dirname, 'sweep-report-process.ts')],
    { encoding: 'utf8', maxBuffer: 1_048_576 },
  );
  if (run.status === 0) return run.stdout.trimEnd().split('\n');
  const why = run.stderr.includes('heap out of memory')
    ? `ran out of its ${HEAP_CAP_MB} MB heap`
    : run.stderr.trim();
  return [
    `SummarizeSweep over ${ACCOUNTS.toLocaleString('en-US')} accounts × ${USERS} users: did not complete (${why})`,
  ];
}
