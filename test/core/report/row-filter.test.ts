import { findingRows } from '../../../functions/core/report/finding-rows';
import { ReportFilterError } from '../../../functions/core/report/report-errors';
import { filterRows, parseControls, parseSeverities } from '../../../functions/core/report/row-filter';
import { everyControlInput } from './report-input';

describe('row filters', () => {
  test('--severity takes labels in any case, separated by commas', () => {
    expect(parseSeverities('high, Critical,high')).toEqual(['HIGH', 'CRITICAL']);
  });

  test('--control takes ids with or without ORGMFA., in any case', () => {
    expect(parseControls('orgmfa.1,5, ORGMFA.6')).toEqual(['ORGMFA.1', 'ORGMFA.5', 'ORGMFA.6']);
  });

  test.each([
    [
      () => parseSeverities('severe'),
      '--severity takes CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL (separated by commas), got "severe"',
    ],
    [() => parseSeverities(' , '), '--severity needs at least one severity'],
    [
      () => parseControls('ORGMFA.7'),
      '--control takes ORGMFA.1, ORGMFA.2, ORGMFA.3, ORGMFA.4, ORGMFA.5, ORGMFA.6, got "ORGMFA.7"',
    ],
    [() => parseControls(''), '--control needs at least one control'],
  ])('a bad filter is refused: %#', (parse, message) => {
    expect(parse).toThrow(ReportFilterError);
    expect(parse).toThrow(message);
  });

  test('filters keep the rows of the named severities and controls, in order', () => {
    const rows = findingRows(everyControlInput());
    expect(
      filterRows(rows, { severities: ['HIGH', 'LOW'] }).map((r) => `${r.severity} ${r.resource}`),
    ).toEqual(['HIGH carol', 'HIGH dave', 'LOW mfa/old-phone']);
    expect(
      filterRows(rows, { severities: ['MEDIUM'], controls: ['ORGMFA.2'] }).map((r) => r.resource),
    ).toEqual(['bob', 'carol']);
    expect(filterRows(rows, {})).toEqual(rows);
  });
});
