import { accountResource } from '../../../functions/core/compliance/evaluate-account';
import { findingId } from '../../../functions/core/compliance/finding';
import type { ControlResult, FindingRecord, ResourceRef } from '../../../functions/core/compliance/model';
import { reportResults } from '../../../functions/core/report/compliance-results';
import { ReportInputError } from '../../../functions/core/report/report-errors';
import { reportResultsOfPart, sweepReportRows } from '../../../functions/core/report/sweep-rows';
import { HOSTILE } from './report-input';

const ACCOUNT = '222222222222';
const SCOPE = { accountId: ACCOUNT, region: 'us-east-1', partition: 'aws' as const };
const AT = '2026-11-21T09:00:00.000Z';

const user = (name: string): ResourceRef => ({
  type: 'AwsIamUser',
  id: `arn:aws:iam::${ACCOUNT}:user/${name}`,
});
const orphan = accountResource(ACCOUNT, `arn:aws:iam::${ACCOUNT}:mfa/old-phone`);
const root = accountResource(ACCOUNT);

function result(
  control: ControlResult['control'],
  resource: ResourceRef,
  status: ControlResult['status'],
  detail: string,
): ControlResult {
  return { control, resource, status, detail, evidenceAt: AT };
}

function record(
  control: FindingRecord['control'],
  resource: ResourceRef,
  status: FindingRecord['status'],
): FindingRecord {
  return {
    id: findingId(SCOPE, control, resource),
    control,
    resourceId: resource.id,
    ...(resource.subject === undefined ? {} : { subject: resource.subject }),
    status,
    since: '2026-11-20T00:00:00.000Z',
    evidenceAt: AT,
  };
}

describe("an account's part of the sweep report", () => {
  // GIVEN this sweep's results and the record after it
  const results: ControlResult[] = [
    result('ORGMFA.1', user('dave'), 'FAILED', 'IAM user dave has a console password and no MFA device.'),
    {
      ...result('ORGMFA.6', user('erin'), 'EXEMPT', 'IAM user erin is exempt from MFA until 2026-12-01.'),
      exemption: { reason: HOSTILE, until: '2026-12-01' },
    },
    result('ORGMFA.3', orphan, 'FAILED', 'Unassigned virtual MFA device … was not deleted: AccessDenied.'),
    result('ORGMFA.5', root, 'FAILED', 'The root user has a password and no MFA device.'),
    // The credential report was older than an event that saw ivan fail: the record keeps FAILED.
    result('ORGMFA.1', user('ivan'), 'PASSED', 'IAM user ivan has an MFA device.'),
    // And the other way round: the report says FAILED, an event since said fixed.
    result('ORGMFA.1', user('judy'), 'FAILED', 'IAM user judy has a console password and no MFA device.'),
  ];
  const records: FindingRecord[] = [
    record('ORGMFA.1', user('dave'), 'FAILED'),
    record('ORGMFA.6', user('erin'), 'EXEMPT'),
    record('ORGMFA.3', orphan, 'FAILED'),
    record('ORGMFA.5', root, 'FAILED'),
    record('ORGMFA.1', user('ivan'), 'FAILED'),
    record('ORGMFA.1', user('judy'), 'PASSED'),
  ];
  const tampered = [
    { id: 'x', control: 'ORGMFA.1' as const, resource: user('kim').id, problem: 'archived by someone else' },
  ];

  // WHEN
  const rows = sweepReportRows(SCOPE, records, reportResults(ACCOUNT, results), tampered, ['a skipped line']);

  test('one row per active finding of the record (what Security Hub holds), with the sweep’s detail and exemption', () => {
    expect(rows.filter((r) => r.status === 'FAILED' || r.status === 'EXEMPT')).toEqual([
      {
        account: ACCOUNT,
        resource: user('dave').id,
        control: 'ORGMFA.1',
        status: 'FAILED',
        since: '2026-11-20T00:00:00.000Z',
        detail: 'IAM user dave has a console password and no MFA device.',
      },
      {
        account: ACCOUNT,
        resource: user('erin').id,
        control: 'ORGMFA.6',
        status: 'EXEMPT',
        since: '2026-11-20T00:00:00.000Z',
        detail: 'IAM user erin is exempt from MFA until 2026-12-01.',
        exemptionReason: HOSTILE,
        exemptUntil: '2026-12-01',
      },
      expect.objectContaining({ resource: orphan.subject, control: 'ORGMFA.3' }),
      expect.objectContaining({ resource: root.id, control: 'ORGMFA.5' }),
      {
        account: ACCOUNT,
        resource: user('ivan').id,
        control: 'ORGMFA.1',
        status: 'FAILED',
        since: '2026-11-20T00:00:00.000Z',
        // Never the sweep's "has an MFA device": the record holds the verdict on fresher evidence.
        detail:
          'Active since 2026-11-20T00:00:00.000Z on evidence fresher than this sweep read (an IAM event orgmfa handled after the credential report was generated).',
      },
    ]);
  });

  test('then one TAMPERED row per disagreement and one WARNING row per warning, as before', () => {
    expect(rows.slice(-2)).toEqual([
      {
        account: ACCOUNT,
        resource: user('kim').id,
        control: 'ORGMFA.1',
        status: 'TAMPERED',
        since: '',
        note: 'archived by someone else',
      },
      {
        account: ACCOUNT,
        resource: root.id,
        control: '',
        status: 'WARNING',
        since: '',
        note: 'a skipped line',
      },
    ]);
  });

  test('read back from JSON lines, the part gives the report results of its active findings', () => {
    const part = `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

    const back = reportResultsOfPart(ACCOUNT, part);

    expect(back.map((r) => [r.control, r.resource, r.verdict])).toEqual([
      ['ORGMFA.1', user('dave'), 'FAILED'],
      ['ORGMFA.6', user('erin'), 'EXEMPT'],
      ['ORGMFA.3', orphan, 'FAILED'],
      ['ORGMFA.5', root, 'FAILED'],
      ['ORGMFA.1', user('ivan'), 'FAILED'],
    ]);
    expect(back[1]).toEqual({
      accountId: ACCOUNT,
      control: 'ORGMFA.6',
      resource: user('erin'),
      verdict: 'EXEMPT',
      detail: 'IAM user erin is exempt from MFA until 2026-12-01.',
      exemption: { reason: HOSTILE, until: '2026-12-01' },
    });
  });

  test.each([
    ['not JSON', '{"account":'],
    [
      'an unknown control',
      JSON.stringify({ account: ACCOUNT, resource: 'x', control: 'ORGMFA.9', status: 'FAILED', since: '' }),
    ],
    [
      'an unknown status',
      JSON.stringify({ account: ACCOUNT, resource: 'x', control: 'ORGMFA.1', status: 'PASSED', since: '' }),
    ],
    [
      'a finding of another account',
      JSON.stringify({
        account: '333333333333',
        resource: 'x',
        control: 'ORGMFA.1',
        status: 'FAILED',
        since: '',
      }),
    ],
    [
      'a finding of no control',
      JSON.stringify({ account: ACCOUNT, resource: 'x', control: '', status: 'FAILED', since: '' }),
    ],
  ])('a part with %s is refused, naming the line', (_what, line) => {
    expect(() => reportResultsOfPart(ACCOUNT, `\n${line}\n`)).toThrow(ReportInputError);
    expect(() => reportResultsOfPart(ACCOUNT, `\n${line}\n`)).toThrow(
      /^line 2 of account 222222222222's report part/,
    );
  });
});
