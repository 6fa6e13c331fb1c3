import { renderCsv } from '../functions/core/report/csv';
import { renderHtml } from '../functions/core/report/html-page';
import { renderJson, toReportDocument, type ReportDocument } from '../functions/core/report/json-document';
import { renderOcsf } from '../functions/core/report/ocsf';
import { buildReport, type Report } from '../functions/core/report/report';
import type { ReportInput } from '../functions/core/report/report-model';
import { renderTerminal } from '../functions/core/report/terminal';
import { colourEnabled } from '../functions/core/report/terminal-text';
import { packageVersion } from './package-info';
import type { ReportOutputFlags } from './report-output';
import type { CliRuntime } from './runtime';

/**
 * The report of a run, built with the `--severity` and `--control` filters: the summary counts every
 * finding, the rows are the ones the filters keep.
 */
export function filteredReport(input: ReportInput, flags: ReportOutputFlags): Report {
  return buildReport(input, {
    ...(flags.severity === undefined ? {} : { severities: flags.severity }),
    ...(flags.control === undefined ? {} : { controls: flags.control }),
  });
}

/**
 * A report in the format `--output` names. The table is coloured only on a terminal (never into
 * `--out`, never with NO_COLOR); JSON is the report document (see functions/core/report/json-document.ts).
 */
export function renderReport(
  report: Report,
  input: ReportInput,
  flags: ReportOutputFlags,
  runtime: Pick<CliRuntime, 'stdout'>,
): string {
  switch (flags.output) {
    case 'table':
      return renderTerminal(report, {
        colour: colourEnabled(
          { isTty: flags.out === undefined && runtime.stdout.isTTY === true },
          process.env,
        ),
      });
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report.rows);
    case 'html':
      return renderHtml(report);
    case 'ocsf':
      return renderOcsf(report.rows, {
        generatedAt: input.generatedAt,
        partition: input.partition,
        region: input.region,
        ...(input.organizationId === undefined ? {} : { organizationId: input.organizationId }),
        productVersion: packageVersion(),
      });
  }
}

/** The report as the JSON document `--output json` prints (a sweep run nests it under `report`). */
export function reportDocument(report: Report): ReportDocument {
  return toReportDocument(report);
}
