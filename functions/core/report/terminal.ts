import type { SeverityLabel } from '../compliance/model';
import { SEVERITIES } from './finding-rows';
import type { FindingRow } from './report-model';
import type { Report } from './report';
import { EXPIRING_SOON_DAYS, expiresSoon } from './summary';
import { printable } from './terminal-text';

/** How the terminal rendering looks. */
export interface TerminalOptions {
  /** ANSI colours (see colourEnabled). */
  readonly colour: boolean;
}

/** At most this many accounts that could not be assessed are listed; JSON and CSV list them all. */
const NOT_ASSESSED_LISTED = 20;
/** The account name column is cut to this width; the id beside it identifies the account. */
const NAME_WIDTH = 30;

const SGR: Readonly<Record<SeverityLabel | 'heading', string>> = {
  CRITICAL: '1;31',
  HIGH: '31',
  MEDIUM: '33',
  LOW: '36',
  INFORMATIONAL: '2',
  heading: '1',
};

type Style = (text: string, style: keyof typeof SGR) => string;

function styler(options: TerminalOptions): Style {
  return options.colour ? (text, style) => `\u001b[${SGR[style]}m${text}\u001b[0m` : (text) => text;
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function percent(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/**
 * Lays out rows of cells in columns padded to the widest cell (the last column is not padded). Only
 * the first cell of a row is coloured, after padding, so escape sequences never shift a column and the
 * row stays readable on any background.
 */
function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  style: Style,
  firstCellStyle: (index: number) => keyof typeof SGR | undefined = () => undefined,
): string[] {
  // A reduce, not Math.max(...cells): a spread of 100,000 rows would overflow the call stack.
  const widths = header.map((title, column) =>
    rows.reduce((widest, row) => Math.max(widest, row[column]!.length), title.length),
  );
  const pad = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)));
  return [
    style(pad(header).join('  '), 'heading'),
    ...rows.map((cells, index) => {
      const padded = pad(cells);
      const first = firstCellStyle(index);
      if (first !== undefined) padded[0] = style(padded[0]!, first);
      return padded.join('  ');
    }),
  ];
}

function accountName(row: FindingRow): string {
  return cut(printable(row.accountName ?? '-'), NAME_WIDTH);
}

function summaryLines(report: Report, style: Style): string[] {
  const { summary } = report;
  const source =
    summary.source.id === undefined ? summary.source.kind : `${summary.source.kind} ${summary.source.id}`;
  const lines = [style(`orgmfa ${printable(source)}, ${summary.generatedAt}`, 'heading')];
  lines.push(
    `Accounts: ${summary.accounts.total} (${summary.accounts.assessed} assessed, ${summary.accounts.notAssessed} not assessed)`,
  );
  for (const account of summary.notAssessed.slice(0, NOT_ASSESSED_LISTED)) {
    const name = account.accountName === null ? '' : ` (${cut(printable(account.accountName), NAME_WIDTH)})`;
    lines.push(`  not assessed: ${account.accountId}${name}: ${printable(account.reason)}`);
  }
  if (summary.notAssessed.length > NOT_ASSESSED_LISTED)
    lines.push(
      `  … and ${summary.notAssessed.length - NOT_ASSESSED_LISTED} more (--output json or csv lists them all)`,
    );
  const warnings = summary.warnings.flatMap((account) =>
    account.warnings.map((warning) => ({ account, warning })),
  );
  for (const { account, warning } of warnings.slice(0, NOT_ASSESSED_LISTED)) {
    const name = account.accountName === null ? '' : ` (${cut(printable(account.accountName), NAME_WIDTH)})`;
    lines.push(`  warning in ${account.accountId}${name}: ${printable(warning)}`);
  }
  if (warnings.length > NOT_ASSESSED_LISTED)
    lines.push(
      `  … and ${warnings.length - NOT_ASSESSED_LISTED} more warnings (--output json lists them all)`,
    );
  const { evaluated, withMfa } = summary.users;
  lines.push(
    evaluated === 0
      ? 'IAM users: none evaluated'
      : `IAM users: ${evaluated} evaluated, ${withMfa} with MFA (${percent(withMfa, evaluated)})`,
  );
  const { failing } = summary;
  const bySeverity = SEVERITIES.filter((s) => failing.bySeverity[s] > 0).map(
    (s) => `${style(s, s)} ${failing.bySeverity[s]}`,
  );
  lines.push(
    `Failing findings: ${failing.total}${bySeverity.length === 0 ? '' : ` (${bySeverity.join(', ')})`}`,
  );
  const byControl = Object.entries(failing.byControl).filter(([, count]) => count > 0);
  if (byControl.length > 0)
    lines.push(`  by control: ${byControl.map(([control, count]) => `${control} ${count}`).join(', ')}`);
  lines.push(
    `Exemptions in force: ${summary.exemptions.total} (${summary.exemptions.expiringSoon} ending within ${EXPIRING_SOON_DAYS} days); informational, never failing`,
  );
  return lines;
}

function filterNote(report: Report, shown: number, what: string): string[] {
  const { severities, controls } = report.filter;
  if (severities === undefined && controls === undefined) return [];
  const parts = [
    ...(severities === undefined ? [] : [`--severity ${severities.join(',')}`]),
    ...(controls === undefined ? [] : [`--control ${controls.join(',')}`]),
  ];
  return [`(${shown} ${what} shown with ${parts.join(' ')})`];
}

/**
 * The terminal rendering: the summary, then one line per failing finding (severity, control, account
 * id and name, resource, title, one-line remediation) in the report's order, then the exemptions apart.
 * Every value from AWS goes through {@link printable}.
 */
export function renderTerminal(report: Report, options: TerminalOptions): string {
  const style = styler(options);
  const failing = report.rows.filter((row) => row.status === 'FAILED');
  const exempt = report.rows.filter((row) => row.status === 'EXEMPT');
  const lines = summaryLines(report, style);
  lines.push('');
  if (failing.length === 0) lines.push('No failing findings.');
  else
    lines.push(
      ...table(
        ['SEVERITY', 'CONTROL', 'ACCOUNT', 'NAME', 'RESOURCE', 'TITLE', 'REMEDIATION'],
        failing.map((row) => [
          row.severity,
          row.control,
          row.accountId,
          accountName(row),
          printable(row.resource),
          row.title,
          row.remediation,
        ]),
        style,
        (index) => failing[index]!.severity,
      ),
    );
  lines.push(...filterNote(report, failing.length, 'failing findings'));
  if (exempt.length > 0) {
    const now = new Date(report.summary.generatedAt);
    lines.push('', style('Exemptions (ORGMFA.6, informational)', 'heading'));
    lines.push(
      ...table(
        ['UNTIL', 'ACCOUNT', 'NAME', 'USER', 'REASON'],
        exempt.map((row) => [
          (row.exemptUntil ?? 'no end') + (expiresSoon(row.exemptUntil, now) ? ' (soon)' : ''),
          row.accountId,
          accountName(row),
          printable(row.resource),
          printable(row.exemptionReason ?? ''),
        ]),
        style,
      ),
    );
  }
  return lines.join('\n');
}
