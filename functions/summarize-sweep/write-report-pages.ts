import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients, ClientScope } from '../aws/clients';
import { renderHtml } from '../core/report/html-page';
import { renderOcsf, type OcsfContext } from '../core/report/ocsf';
import type { Report } from '../core/report/report';
import { sweepHtmlReportKey, sweepOcsfKey } from '../core/report/sweep-report-keys';

/**
 * OCSF findings per object: about 13 MB of JSON lines each, so that no rendering of the whole
 * organization's findings (200 MB at 10,000 accounts × 50 users) is ever held at once.
 */
export const OCSF_ROWS_PER_OBJECT = 10_000;

/** Where the organization's report pages of a sweep were written. */
export interface ReportPages {
  /** The self-contained HTML page. */
  readonly html: string;
  /** The OCSF findings, JSON lines, in the report's row order (none when there are no findings). */
  readonly ocsf: readonly string[];
}

/**
 * Writes the sweep's organization-wide report next to the accounts' parts: the HTML page
 * (`format=html/report.html`) and the OCSF Compliance Findings (`format=ocsf/findings-NNNNN.ocsf.jsonl`,
 * {@link OCSF_ROWS_PER_OBJECT} per object, rendered and written one object at a time).
 */
export async function writeReportPages(
  deps: { readonly clients: AwsClients; readonly hub: ClientScope },
  bucket: string,
  sweepId: string,
  report: Report,
  ocsf: OcsfContext,
): Promise<ReportPages> {
  const s3 = deps.clients.s3(deps.hub);
  const html = sweepHtmlReportKey(sweepId);
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: html,
      Body: renderHtml(report),
      ContentType: 'text/html; charset=utf-8',
    }),
  );
  const keys: string[] = [];
  for (let start = 0; start < report.rows.length; start += OCSF_ROWS_PER_OBJECT) {
    const key = sweepOcsfKey(sweepId, keys.length);
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${renderOcsf(report.rows.slice(start, start + OCSF_ROWS_PER_OBJECT), ocsf)}\n`,
        ContentType: 'application/x-ndjson',
      }),
    );
    keys.push(key);
  }
  return { html, ocsf: keys };
}
