import { accountResource } from '../../../functions/core/compliance/evaluate-account';
import type { ControlId } from '../../../functions/core/compliance/model';
import type { ReportInput, ReportResult, Verdict } from '../../../functions/core/report/report-model';

/** The report's reference time. */
export const NOW = new Date('2026-11-21T09:00:00.000Z');

export const PROD = '111111111111';
export const DEV = '222222222222';
export const SANDBOX = '333333333333';
export const BROKEN = '444444444444';

/** Attacker-controlled text as it could reach a report from a tag value or an account name. */
export const HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

function user(accountId: string, name: string, path = '/'): ReportResult['resource'] {
  return { type: 'AwsIamUser', id: `arn:aws:iam::${accountId}:user${path}${name}` };
}

function result(
  accountId: string,
  control: ControlId,
  resource: ReportResult['resource'],
  verdict: Verdict,
  detail: string,
  exemption?: ReportResult['exemption'],
): ReportResult {
  return { accountId, control, resource, verdict, detail, ...(exemption === undefined ? {} : { exemption }) };
}

/**
 * An organization with every control failing somewhere, passing somewhere and an exemption in force
 * (one ending within 14 days, one with no end, one with a hostile reason), plus an account that could
 * not be assessed.
 */
export function everyControlInput(): ReportInput {
  const device = (account: string, name: string) =>
    accountResource(account, `arn:aws:iam::${account}:mfa/${name}`);
  return {
    generatedAt: NOW,
    source: { kind: 'audit' },
    partition: 'aws',
    region: 'us-east-1',
    organizationId: 'o-a1b2c3d4e5',
    accounts: [
      {
        accountId: PROD,
        name: 'prod-payments',
        ouPath: 'Root/Workloads/Prod',
        assessment: { status: 'ASSESSED', usersEvaluated: 4, usersWithMfa: 1 },
      },
      {
        accountId: DEV,
        name: '=HYPERLINK("http://evil.example","x")',
        ouPath: 'Root/Workloads/Dev',
        assessment: { status: 'ASSESSED', usersEvaluated: 3, usersWithMfa: 1 },
      },
      {
        accountId: SANDBOX,
        ouPath: 'Root/Sandbox',
        assessment: { status: 'ASSESSED', usersEvaluated: 2, usersWithMfa: 2 },
      },
      {
        accountId: BROKEN,
        name: 'legacy',
        assessment: { status: 'NOT_ASSESSED', reason: 'AccessDenied: the member role cannot be assumed' },
      },
    ],
    results: [
      result(
        PROD,
        'ORGMFA.5',
        accountResource(PROD),
        'FAILED',
        `The root user of account ${PROD} has no MFA device.`,
      ),
      result(
        PROD,
        'ORGMFA.1',
        user(PROD, 'carol'),
        'FAILED',
        'User carol has a console password and no MFA device.',
      ),
      result(
        PROD,
        'ORGMFA.2',
        user(PROD, 'carol'),
        'FAILED',
        'User carol has 1 active access key and no MFA device.',
      ),
      result(PROD, 'ORGMFA.1', user(PROD, 'alice'), 'PASSED', 'User alice has an MFA device.'),
      result(
        PROD,
        'ORGMFA.2',
        user(PROD, 'bob', '/ops/'),
        'FAILED',
        'User bob has 2 active access keys and no MFA device.',
      ),
      result(
        PROD,
        'ORGMFA.6',
        user(PROD, 'svc-ci'),
        'EXEMPT',
        'User svc-ci is exempt from MFA until 2026-11-30 (end of day UTC): "CI runner".',
        { reason: 'CI runner', until: '2026-11-30' },
      ),
      result(
        PROD,
        'ORGMFA.3',
        device(PROD, 'old-phone'),
        'FAILED',
        `Unassigned virtual MFA device arn:aws:iam::${PROD}:mfa/old-phone has been unassigned since at least 2026-11-01T00:00:00.000Z, longer than the grace period of 24 hours.`,
      ),
      result(
        DEV,
        'ORGMFA.5',
        accountResource(DEV),
        'PASSED',
        `The root user of account ${DEV} has an MFA device.`,
      ),
      result(
        DEV,
        'ORGMFA.1',
        user(DEV, 'dave'),
        'FAILED',
        'User dave has a console password and no MFA device.',
      ),
      result(
        DEV,
        'ORGMFA.4',
        accountResource(DEV, 'seed:erin'),
        'FAILED',
        `The seed of the MFA device arn:aws:iam::${DEV}:mfa/erin that orgmfa provisioned for erin expired at 2026-11-10T00:00:00.000Z without being collected.`,
      ),
      result(
        DEV,
        'ORGMFA.6',
        user(DEV, 'frank'),
        'EXEMPT',
        `User frank is exempt from MFA with no end date: ${JSON.stringify(HOSTILE)}.`,
        { reason: HOSTILE },
      ),
      result(
        DEV,
        'ORGMFA.6',
        user(DEV, 'grace'),
        'EXEMPT',
        'User grace is exempt from MFA until 2027-06-30 (end of day UTC): "vendor appliance".',
        { reason: 'vendor appliance', until: '2027-06-30' },
      ),
      result(
        SANDBOX,
        'ORGMFA.5',
        accountResource(SANDBOX),
        'PASSED',
        `The root user of account ${SANDBOX} has an MFA device.`,
      ),
      result(SANDBOX, 'ORGMFA.3', device(SANDBOX, 'new'), 'PASSED', 'within the grace period'),
      result(SANDBOX, 'ORGMFA.4', accountResource(SANDBOX, 'seed:heidi'), 'PASSED', 'collected'),
    ],
  };
}
