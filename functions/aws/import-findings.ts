import { BatchImportFindingsCommand, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { chunk } from '../core/compliance/plan-imports';
import type { Finding, FindingScope } from '../core/compliance/model';
import { OrgMfaError } from '../core/errors';
import { isThrottling, rethrowThrottling } from './aws-errors';

/** Security Hub CSPM refused findings; the message says which and why. */
export class FindingsImportError extends OrgMfaError {
  override readonly name = 'FindingsImportFailed';
}

/** Security Hub CSPM is not enabled in the account (in the hub's region): nothing can be imported there. */
export class SecurityHubNotEnabledError extends OrgMfaError {
  override readonly name = 'SecurityHubNotEnabled';
  constructor(
    readonly accountId: string,
    region: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Security Hub CSPM is not enabled in account ${accountId} in ${region}: its findings were not imported`,
      options,
    );
  }
}

/** What an import did not manage: the findings Security Hub did not take, and why, in lines. */
export interface ImportOutcome {
  readonly failed: ReadonlySet<string>;
  readonly problems: readonly string[];
}

/** True when Security Hub answers as it does in an account that has not enabled it. */
function isNotEnabled(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidAccessException';
}

/**
 * Imports findings into the calling account's Security Hub CSPM, at most 100 per BatchImportFindings as
 * the API requires. Each batch stands on its own: a refused batch (an error other than throttling) or
 * refused findings (FailedFindings) are returned in the outcome while the other batches go on, so that
 * the caller records exactly what Security Hub holds. Throttling left after the SDK's retries is
 * {@link ThrottledError} (the workflow retries the step); an account without Security Hub is
 * {@link SecurityHubNotEnabledError}.
 */
export async function importFindings(
  securityHub: SecurityHubClient,
  scope: FindingScope,
  findings: readonly Finding[],
): Promise<ImportOutcome> {
  const { accountId, region } = scope;
  const failed = new Set<string>();
  const problems: string[] = [];
  const batches = chunk(findings);
  for (const [index, batch] of batches.entries()) {
    const which = `batch ${index + 1} of ${batches.length} (${batch.length} findings)`;
    try {
      const { FailedFindings: refused = [] } = await securityHub.send(
        new BatchImportFindingsCommand({ Findings: batch as unknown as AwsSecurityFinding[] }),
      );
      // Without Security Hub, BatchImportFindings answers with every finding failed as InvalidAccess.
      if (refused.length > 0 && refused.every((f) => f.ErrorCode === 'InvalidAccess')) {
        throw new SecurityHubNotEnabledError(accountId, region);
      }
      for (const finding of refused) failed.add(finding.Id ?? '');
      if (refused.length > 0) {
        const first = refused[0]!;
        problems.push(
          `Security Hub refused ${refused.length} finding(s) of ${which}, e.g. ${first.Id}: ${first.ErrorCode} ${first.ErrorMessage}`,
        );
      }
    } catch (error) {
      if (error instanceof SecurityHubNotEnabledError) throw error;
      if (isNotEnabled(error)) {
        throw new SecurityHubNotEnabledError(accountId, region, { cause: error });
      }
      if (isThrottling(error)) rethrowThrottling(error, `securityhub:BatchImportFindings in ${accountId}`);
      for (const finding of batch) failed.add(finding.Id);
      problems.push(
        `Security Hub refused ${which}: ${(error as Error).name}: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  return { failed, problems };
}
