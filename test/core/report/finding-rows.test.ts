import { CONTROLS } from '../../../functions/core/compliance/controls';
import { findingId } from '../../../functions/core/compliance/finding';
import { findingRows, resourceLabel } from '../../../functions/core/report/finding-rows';
import { ReportInputError } from '../../../functions/core/report/report-errors';
import type { ReportInput } from '../../../functions/core/report/report-model';
import { DEV, everyControlInput, HOSTILE, PROD } from './report-input';

describe('finding rows', () => {
  test('one row per result that is not PASSED, by severity, then account, then resource', () => {
    // GIVEN every control failing, passing and exempt somewhere
    // WHEN the rows are built
    const rows = findingRows(everyControlInput());
    // THEN PASSED results have no row, and the order is severity → account → resource
    expect(rows.map((r) => [r.severity, r.accountId, r.resource, r.control, r.status])).toEqual([
      ['CRITICAL', PROD, 'root', 'ORGMFA.5', 'FAILED'],
      ['HIGH', PROD, 'carol', 'ORGMFA.1', 'FAILED'],
      ['HIGH', DEV, 'dave', 'ORGMFA.1', 'FAILED'],
      ['MEDIUM', PROD, 'bob', 'ORGMFA.2', 'FAILED'],
      ['MEDIUM', PROD, 'carol', 'ORGMFA.2', 'FAILED'],
      ['MEDIUM', DEV, 'seed:erin', 'ORGMFA.4', 'FAILED'],
      ['LOW', PROD, 'mfa/old-phone', 'ORGMFA.3', 'FAILED'],
      ['INFORMATIONAL', PROD, 'svc-ci', 'ORGMFA.6', 'EXEMPT'],
      ['INFORMATIONAL', DEV, 'frank', 'ORGMFA.6', 'EXEMPT'],
      ['INFORMATIONAL', DEV, 'grace', 'ORGMFA.6', 'EXEMPT'],
    ]);
  });

  test('a row carries the account, the control text, the finding id and, for an exemption, its reason and end', () => {
    const rows = findingRows(everyControlInput());
    const bob = rows.find((r) => r.resource === 'bob')!;
    expect(bob).toEqual({
      severity: 'MEDIUM',
      control: 'ORGMFA.2',
      accountId: PROD,
      accountName: 'prod-payments',
      ouPath: 'Root/Workloads/Prod',
      resource: 'bob',
      resourceType: 'AwsIamUser',
      resourceId: `arn:aws:iam::${PROD}:user/ops/bob`,
      title: CONTROLS['ORGMFA.2'].title,
      remediation: CONTROLS['ORGMFA.2'].remediation.text,
      remediationUrl: CONTROLS['ORGMFA.2'].remediation.url,
      findingId: findingId({ accountId: PROD, region: 'us-east-1', partition: 'aws' }, 'ORGMFA.2', {
        type: 'AwsIamUser',
        id: `arn:aws:iam::${PROD}:user/ops/bob`,
      }),
      status: 'FAILED',
      detail: 'User bob has 2 active access keys and no MFA device.',
      exemptionReason: null,
      exemptUntil: null,
    });
    const frank = rows.find((r) => r.resource === 'frank')!;
    expect([frank.exemptionReason, frank.exemptUntil]).toEqual([HOSTILE, null]);
    const svc = rows.find((r) => r.resource === 'svc-ci')!;
    expect([svc.exemptionReason, svc.exemptUntil]).toEqual(['CI runner', '2026-11-30']);
  });

  test.each([
    [{ type: 'AwsIamUser', id: 'arn:aws:iam::111111111111:user/a/b/c/alice' }, 'alice'],
    [{ type: 'AwsAccount', id: 'AWS::::Account:111111111111' }, 'root'],
    [
      { type: 'AwsAccount', id: 'AWS::::Account:1', subject: 'arn:aws:iam::111111111111:mfa/team/phone' },
      'mfa/team/phone',
    ],
    [{ type: 'AwsAccount', id: 'AWS::::Account:1', subject: 'seed:erin' }, 'seed:erin'],
  ] as const)('the resource %j is shown as %s', (resource, label) => {
    expect(resourceLabel(resource)).toBe(label);
  });

  const contradictions: [string, (input: ReportInput) => ReportInput, string][] = [
    [
      'a result for an account the report does not list',
      (input) => ({ ...input, results: [{ ...input.results[0]!, accountId: '999999999999' }] }),
      'a result names account "999999999999", which the report does not list',
    ],
    [
      'a result for an account that was not assessed',
      (input) => ({ ...input, results: [{ ...input.results[0]!, accountId: '444444444444' }] }),
      'a result names account 444444444444, which was not assessed',
    ],
    [
      'an EXEMPT verdict on a control other than ORGMFA.6',
      (input) => ({ ...input, results: [{ ...input.results[1]!, verdict: 'EXEMPT' }] }),
      'an EXEMPT verdict belongs to ORGMFA.6, not ORGMFA.1',
    ],
    [
      'an account listed twice',
      (input) => ({ ...input, accounts: [...input.accounts, input.accounts[0]!] }),
      'the report lists account "111111111111" twice',
    ],
  ];
  test.each(contradictions)('%s is refused with one clear line', (_case, change, message) => {
    const build = () => findingRows(change(everyControlInput()));
    expect(build).toThrow(ReportInputError);
    expect(build).toThrow(message);
  });
});
