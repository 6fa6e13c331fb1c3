import { accountResource } from '../functions/core/compliance/evaluate-account';
import type { ReportAccount, ReportInput, ReportResult } from '../functions/core/report/report-model';

/**
 * A report's input for a large synthetic organization, built directly (no sweep): every fifth user has
 * a console password and no MFA (ORGMFA.1), every second of those an active key too (ORGMFA.2), one
 * user per account is exempt, every tenth root lacks MFA, every twentieth account has an old orphan,
 * every twenty-fifth an uncollected seed, and one account in a hundred could not be assessed.
 */
export function syntheticReportInput(accounts: number, users: number, generatedAt: Date): ReportInput {
  const reportAccounts: ReportAccount[] = [];
  const results: ReportResult[] = [];
  for (let a = 0; a < accounts; a++) {
    const accountId = String(100000000000 + a);
    const ouPath = `Root/Workloads/OU-${a % 12}`;
    if (a % 100 === 99) {
      reportAccounts.push({
        accountId,
        name: `account-${a}`,
        ouPath,
        assessment: {
          status: 'NOT_ASSESSED',
          reason: 'MemberRoleUnavailable: the member stack is not deployed',
        },
      });
      continue;
    }
    const withoutMfa = Math.ceil(users / 5);
    reportAccounts.push({
      accountId,
      name: `account-${a}`,
      ouPath,
      assessment: { status: 'ASSESSED', usersEvaluated: users, usersWithMfa: users - withoutMfa },
    });
    const user = (u: number) => ({
      type: 'AwsIamUser' as const,
      id: `arn:aws:iam::${accountId}:user/team-${u % 7}/user${u}`,
    });
    for (let u = 0; u < users; u += 5) {
      results.push({
        accountId,
        control: 'ORGMFA.1',
        resource: user(u),
        verdict: 'FAILED',
        detail: `User user${u} has a console password and no MFA device.`,
      });
      if (u % 10 === 0)
        results.push({
          accountId,
          control: 'ORGMFA.2',
          resource: user(u),
          verdict: 'FAILED',
          detail: `User user${u} has 1 active access key and no MFA device.`,
        });
    }
    const until = `2026-${String((a % 12) + 1).padStart(2, '0')}-15`;
    results.push({
      accountId,
      control: 'ORGMFA.6',
      resource: user(users - 1),
      verdict: 'EXEMPT',
      detail: `User user${users - 1} is exempt from MFA until ${until} (end of day UTC): "break-glass".`,
      exemption: { reason: 'break-glass', until },
    });
    if (a % 10 === 0)
      results.push({
        accountId,
        control: 'ORGMFA.5',
        resource: accountResource(accountId),
        verdict: 'FAILED',
        detail: `The root user of account ${accountId} has no MFA device.`,
      });
    if (a % 20 === 0) {
      const serial = `arn:aws:iam::${accountId}:mfa/abandoned`;
      results.push({
        accountId,
        control: 'ORGMFA.3',
        resource: accountResource(accountId, serial),
        verdict: 'FAILED',
        detail: `Unassigned virtual MFA device ${serial} has been unassigned since at least 2026-01-01T00:00:00.000Z, longer than the grace period of 24 hours.`,
      });
    }
    if (a % 25 === 0)
      results.push({
        accountId,
        control: 'ORGMFA.4',
        resource: accountResource(accountId, 'seed:user1'),
        verdict: 'FAILED',
        detail: `The seed of the MFA device arn:aws:iam::${accountId}:mfa/user1 that orgmfa provisioned for user1 expired at 2026-01-08T00:00:00.000Z without being collected.`,
      });
  }
  return {
    generatedAt,
    source: { kind: 'sweep', id: 'synthetic' },
    partition: 'aws',
    region: 'us-east-1',
    accounts: reportAccounts,
    results,
  };
}
