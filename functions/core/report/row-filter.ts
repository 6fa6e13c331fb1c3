import { CONTROLS } from '../compliance/controls';
import type { ControlId, SeverityLabel } from '../compliance/model';
import { quote } from '../quote';
import { SEVERITIES } from './finding-rows';
import { ReportFilterError } from './report-errors';
import type { FindingRow } from './report-model';

/** Which rows to show: undefined keeps every severity (or control). */
export interface RowFilter {
  readonly severities?: readonly SeverityLabel[];
  readonly controls?: readonly ControlId[];
}

const CONTROL_IDS = Object.keys(CONTROLS) as ControlId[];

/** The comma-separated items of an option value, trimmed, without empty ones. */
function items(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Parses `--severity`: severity labels separated by commas, in any case (`high,critical`). */
export function parseSeverities(value: string): SeverityLabel[] {
  const parsed = items(value).map((item) => {
    const label = SEVERITIES.find((severity) => severity === item.toUpperCase());
    if (label === undefined)
      throw new ReportFilterError(
        `--severity takes ${SEVERITIES.join(', ')} (separated by commas), got ${quote(item)}`,
      );
    return label;
  });
  if (parsed.length === 0) throw new ReportFilterError('--severity needs at least one severity');
  return [...new Set(parsed)];
}

/** Parses `--control`: control ids separated by commas, in any case, with or without `ORGMFA.` (`orgmfa.1,5`). */
export function parseControls(value: string): ControlId[] {
  const parsed = items(value).map((item) => {
    const upper = item.toUpperCase();
    const id = CONTROL_IDS.find((control) => control === upper || control === `ORGMFA.${upper}`);
    if (id === undefined)
      throw new ReportFilterError(`--control takes ${CONTROL_IDS.join(', ')}, got ${quote(item)}`);
    return id;
  });
  if (parsed.length === 0) throw new ReportFilterError('--control needs at least one control');
  return [...new Set(parsed)];
}

/** The rows the filter keeps, in their order. */
export function filterRows(rows: readonly FindingRow[], filter: RowFilter): FindingRow[] {
  const { severities, controls } = filter;
  return rows.filter(
    (row) =>
      (severities === undefined || severities.includes(row.severity)) &&
      (controls === undefined || controls.includes(row.control)),
  );
}
