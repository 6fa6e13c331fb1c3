import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { chunk } from '../core/compliance/plan-imports';
import type { Finding } from '../core/compliance/model';
import { OrgMfaError } from '../core/errors';
import { rethrowThrottling } from './aws-errors';

/** Security Hub refused findings (or is not enabled in the account). The message says which and why. */
export class FindingsImportError extends OrgMfaError {
  override readonly name = 'FindingsImportFailed';
}

/**
 * Imports findings into the calling account's Security Hub, at most 100 per BatchImportFindings as
 * the API requires. Throws {@link FindingsImportError} when any finding is refused, so the caller does
 * not record as imported what Security Hub does not hold.
 */
export async function importFindings(
  securityHub: SecurityHubClient,
  accountId: string,
  findings: readonly Finding[],
): Promise<void> {
  for (const batch of chunk(findings, 100)) {
    let failed;
    try {
      ({ FailedFindings: failed } = await securityHub.send(
        new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] }),
      ));
    } catch (error) {
      if (error instanceof Error && error.name === 'InvalidAccessException') {
        throw new FindingsImportError(`Security Hub is not enabled in account ${accountId}`, {
          cause: error,
        });
      }
      return rethrowThrottling(error, `securityhub:BatchImportFindings in ${accountId}`);
    }
    if (failed !== undefined && failed.length > 0) {
      const first = failed[0]!;
      // Without Security Hub, BatchImportFindings answers with every finding failed as InvalidAccess.
      if (first.ErrorCode === 'InvalidAccess') {
        throw new FindingsImportError(
          `Security Hub is not enabled in account ${accountId} (${first.ErrorMessage})`,
        );
      }
      throw new FindingsImportError(
        `Security Hub refused ${failed.length} finding(s) in account ${accountId}, e.g. ${first.Id}: ${first.ErrorCode} ${first.ErrorMessage}`,
      );
    }
  }
}
