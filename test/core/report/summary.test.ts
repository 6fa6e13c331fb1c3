import { buildReport } from '../../../functions/core/report/report';
import { expiresSoon, worstAccounts } from '../../../functions/core/report/summary';
import { BROKEN, DEV, everyControlInput, NOW, PROD, SANDBOX } from './report-input';

describe('report summary', () => {
  test('counts accounts, users, failing findings by severity and control, and exemptions apart', () => {
    const { summary } = buildReport(everyControlInput());
    expect(summary.accounts).toEqual({ total: 4, assessed: 3, notAssessed: 1 });
    expect(summary.notAssessed).toEqual([
      {
        accountId: BROKEN,
        accountName: 'legacy',
        ouPath: null,
        reason: 'AccessDenied: the member role cannot be assumed',
      },
    ]);
    expect(summary.users).toEqual({ evaluated: 9, withMfa: 4 });
    expect(summary.failing).toEqual({
      total: 7,
      bySeverity: { CRITICAL: 1, HIGH: 2, MEDIUM: 3, LOW: 1, INFORMATIONAL: 0 },
      byControl: { 'ORGMFA.1': 2, 'ORGMFA.2': 2, 'ORGMFA.3': 1, 'ORGMFA.4': 1, 'ORGMFA.5': 1, 'ORGMFA.6': 0 },
    });
    expect(summary.exemptions).toEqual({ total: 3, expiringSoon: 1 });
  });

  test('MFA coverage by OU and by account', () => {
    const { summary } = buildReport(everyControlInput());
    expect(summary.byOu).toEqual([
      { ouPath: 'Root/Sandbox', accounts: 1, usersEvaluated: 2, usersWithMfa: 2, failing: 0 },
      { ouPath: 'Root/Workloads/Dev', accounts: 1, usersEvaluated: 3, usersWithMfa: 1, failing: 2 },
      { ouPath: 'Root/Workloads/Prod', accounts: 1, usersEvaluated: 4, usersWithMfa: 1, failing: 5 },
    ]);
    expect(
      summary.byAccount.map((a) => [a.accountId, a.failing, a.exemptions, a.failingBySeverity.CRITICAL]),
    ).toEqual([
      [PROD, 5, 1, 1],
      [DEV, 2, 2, 0],
      [SANDBOX, 0, 0, 0],
    ]);
  });

  test('the summary counts every row even when the rows are filtered', () => {
    const report = buildReport(everyControlInput(), { severities: ['LOW'] });
    expect(report.rows).toHaveLength(1);
    expect(report.unfilteredRows).toBe(10);
    expect(report.summary.failing.total).toBe(7);
  });

  test('worst accounts are ranked by their most severe findings', () => {
    const { summary } = buildReport(everyControlInput());
    expect(worstAccounts(summary, 10).map((a) => a.accountId)).toEqual([PROD, DEV]);
    expect(worstAccounts(summary, 1).map((a) => a.accountId)).toEqual([PROD]);
  });

  test.each([
    ['2026-12-04', true], // holds through 2026-12-04, ends 2026-12-05T00:00Z: 13.6 days away
    ['2026-12-05', false], // ends 2026-12-06T00:00Z: 14.6 days away
    ['2026-11-21', true],
    [null, false],
    ['not a day', false],
  ])('an exemption until %s expires within 14 days: %s', (until, soon) => {
    expect(expiresSoon(until, NOW)).toBe(soon);
  });
});
