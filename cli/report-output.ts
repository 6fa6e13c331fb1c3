import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { ControlId, SeverityLabel } from '../functions/core/compliance/model';
import { parseControls, parseSeverities } from '../functions/core/report/row-filter';
import { optionParser } from './option-parsers';
import { UsageError } from './usage-error';

/**
 * The report options of `orgmfa audit` and `orgmfa local sweep`: the format, where it goes, and which
 * findings it shows. Rendering lives in report-rendering.ts, loaded only when a command runs.
 */

/** The formats of a findings report. */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'html', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The parsed report options. */
export interface ReportOutputFlags {
  readonly output: ReportFormat;
  readonly out?: string;
  readonly severity?: readonly SeverityLabel[];
  readonly control?: readonly ControlId[];
}

/** Adds `--output`, `--out`, `--severity` and `--control`, each checked by the option parser. */
export function addReportOptions(command: Command, json: string): Command {
  return command
    .addOption(
      new Option(
        '--output <format>',
        `table (the summary, then one row per failing finding, exemptions apart), json (${json}), csv (one line per finding), html (one self-contained page: needs --out) or ocsf (OCSF 1.6.0 Compliance Findings, JSON lines)`,
      )
        .choices(REPORT_FORMATS)
        .default('table'),
    )
    .option(
      '--out <file>',
      'write the output to <file> instead of standard output (required with --output html)',
    )
    .addOption(
      new Option(
        '--severity <list>',
        'only findings of these severities, separated by commas (critical,high,medium,low,informational); the summary still counts all',
      ).argParser(optionParser(parseSeverities)),
    )
    .addOption(
      new Option(
        '--control <list>',
        'only findings of these controls, separated by commas (ORGMFA.1 or 1, …); the summary still counts all',
      ).argParser(optionParser(parseControls)),
    );
}

/**
 * Checks, before anything runs, what the option parser cannot: an HTML page needs `--out` (a terminal
 * is no place for it), and the folder of `--out` must exist and be writable, so that a long run never
 * ends without somewhere to put its result.
 */
export function checkReportOutput(flags: ReportOutputFlags): void {
  if (flags.output === 'html' && flags.out === undefined)
    throw new UsageError('--output html writes a page to a file: add --out <file>, e.g. --out report.html');
  if (flags.out === undefined) return;
  const folder = dirname(resolve(flags.out));
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'not writable';
    throw new UsageError(
      `cannot write --out ${flags.out}: its folder ${folder} is ${code === 'ENOENT' ? 'missing' : `not writable (${code})`}`,
      {
        cause: error,
      },
    );
  }
}

/** Writes a rendered report to `--out` (saying so on standard error) or to standard output. */
export function writeReportOutput(
  text: string,
  flags: ReportOutputFlags,
  streams: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream },
): void {
  if (flags.out === undefined) {
    streams.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
    return;
  }
  writeFileSync(flags.out, text.endsWith('\n') || text === '' ? text : `${text}\n`);
  streams.stderr.write(`orgmfa: ${flags.output} report written to ${flags.out}\n`);
}
