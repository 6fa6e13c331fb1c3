import { briefly } from '../aws/aws-errors';
import { requestCredentialReport } from '../aws/credential-report';
import { openMemberAccount } from '../aws/member-account';
import { membershipVerdict } from '../core/membership';
import type { ListedAccount } from '../core/organization-listing';
import { pool } from '../core/pool';
import type { SweepAccountDeps } from './sweep-account';

/** Accounts of a batch worked on at once in the first pass (the pace of role assumptions still holds). */
const REPORT_STARTS_AT_ONCE = 4;

/**
 * The sweep's first, cheap pass over a batch: for each ACTIVE account (by the listing, no
 * Organizations call), assumes the member role and asks IAM to start building the credential report,
 * so that the sweep proper finds it built and an account's sweep waits for nothing. An account where
 * that fails is only logged: the sweep proper asks again and waits for it. Returns how many reports
 * were asked for.
 */
export async function startCredentialReports(
  deps: SweepAccountDeps,
  accounts: readonly ListedAccount[],
): Promise<number> {
  const started = await pool(accounts, REPORT_STARTS_AT_ONCE, async (account) => {
    const listed = { id: account.accountId, arn: account.arn, state: account.state };
    if (!membershipVerdict(account.accountId, listed, deps.settings.organizationId).eligible) return false;
    try {
      const member = await openMemberAccount(deps, account.accountId, 'sweep', listed);
      await requestCredentialReport(deps.clients.iam(member));
      return true;
    } catch (error) {
      deps.log.info('credential report not requested ahead', {
        accountId: account.accountId,
        reason: briefly(error),
      });
      return false;
    }
  });
  return started.filter(Boolean).length;
}
