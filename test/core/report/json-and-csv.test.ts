import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, renderCsv, spreadsheetSafe } from '../../../functions/core/report/csv';
import { REPORT_FORMAT, renderJson } from '../../../functions/core/report/json-document';
import { buildReport } from '../../../functions/core/report/report';
import { everyControlInput, HOSTILE } from './report-input';

describe('JSON document', () => {
  test('one document with the format, the filter, the whole summary and the filtered rows', () => {
    const report = buildReport(everyControlInput(), { controls: ['ORGMFA.6'] });
    const document = JSON.parse(renderJson(report));
    expect(document.format).toBe(REPORT_FORMAT);
    expect(document.version).toBe(1);
    expect(document.filter).toEqual({ severities: null, controls: ['ORGMFA.6'] });
    expect(document.summary.failing.total).toBe(7);
    expect(document.rows.map((r: { resource: string }) => r.resource)).toEqual(['svc-ci', 'frank', 'grace']);
    expect(document.rows[1].exemptionReason).toBe(HOSTILE);
    // Every row has every field (null when absent), so consumers see one shape.
    for (const row of document.rows) expect(Object.keys(row)).toHaveLength(16);
  });
});

describe('CSV', () => {
  test('a header and one line per row that round-trip through a CSV parser', () => {
    const report = buildReport(everyControlInput());
    const records: string[][] = parse(renderCsv(report.rows), { relax_quotes: false });
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(report.rows.length + 1);
    records.slice(1).forEach((record, i) => {
      const row = report.rows[i]!;
      expect(record).toEqual([
        row.severity,
        row.control,
        row.accountId,
        spreadsheetSafe(row.accountName ?? ''),
        row.ouPath ?? '',
        row.resource,
        row.resourceType,
        row.resourceId,
        row.title,
        row.remediation,
        row.remediationUrl,
        row.findingId,
        row.status,
        row.detail,
        row.exemptionReason ?? '',
        row.exemptUntil ?? '',
      ]);
    });
  });

  test('quotes, commas and newlines are quoted as RFC 4180 says', () => {
    const report = buildReport(everyControlInput());
    const row = { ...report.rows[0]!, detail: 'a "quoted", multi\nline detail' };
    const text = renderCsv([row]);
    expect(text.split('\n')[1]).toContain('"a ""quoted"", multi');
    expect(parse(text)[1][13]).toBe('a "quoted", multi\nline detail');
  });

  test('a free-text field that a spreadsheet would run as a formula is neutralized', () => {
    const [, record] = parse(
      renderCsv(buildReport(everyControlInput()).rows.filter((r) => r.accountId === '222222222222')),
    );
    expect(record[3]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(['=1', '+1', '-1', '@SUM', '\tx'].map(spreadsheetSafe)).toEqual([
      "'=1",
      "'+1",
      "'-1",
      "'@SUM",
      "'\tx",
    ]);
    expect(spreadsheetSafe('prod 1')).toBe('prod 1');
  });
});
