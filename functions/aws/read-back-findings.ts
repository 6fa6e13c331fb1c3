import { paginateGetFindings, type SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { ObservedFinding } from '../core/compliance/check-findings';
import { CONTROLS } from '../core/compliance/controls';
import { productArn } from '../core/compliance/finding';
import type { ControlId, FindingScope } from '../core/compliance/model';
import { rethrowThrottling } from './aws-errors';
import { SecurityHubNotEnabledError } from './import-findings';

/** GetFindings' largest page: the read-back costs one call per hundred of orgmfa's findings. */
const PAGE_SIZE = 100;

/**
 * orgmfa's own findings in the member account's Security Hub CSPM, active and archived: GetFindings
 * filtered on the account's default product and orgmfa's generator ids (one per control), paginated.
 * Throws {@link SecurityHubNotEnabledError} for an account without Security Hub CSPM.
 */
export async function readBackFindings(
  securityHub: SecurityHubClient,
  scope: FindingScope,
): Promise<ObservedFinding[]> {
  const observed: ObservedFinding[] = [];
  try {
    for await (const page of paginateGetFindings(
      { client: securityHub, pageSize: PAGE_SIZE },
      {
        Filters: {
          ProductArn: [{ Value: productArn(scope), Comparison: 'EQUALS' }],
          AwsAccountId: [{ Value: scope.accountId, Comparison: 'EQUALS' }],
          GeneratorId: (Object.keys(CONTROLS) as ControlId[]).map((control) => ({
            Value: `orgmfa/${control}`,
            Comparison: 'EQUALS' as const,
          })),
        },
      },
    )) {
      for (const finding of page.Findings ?? []) {
        if (finding.Id === undefined) continue;
        const resource = finding.Resources?.[0];
        const subject = resource?.Details?.Other?.Subject;
        observed.push({
          id: finding.Id,
          ...(finding.UpdatedAt === undefined ? {} : { updatedAt: finding.UpdatedAt }),
          ...(finding.CreatedAt === undefined ? {} : { createdAt: finding.CreatedAt }),
          ...(finding.GeneratorId === undefined ? {} : { generatorId: finding.GeneratorId }),
          ...(resource?.Id === undefined ? {} : { resourceId: resource.Id }),
          ...(subject === undefined ? {} : { subject }),
          ...(finding.Compliance?.Status === undefined
            ? {}
            : { complianceStatus: finding.Compliance.Status }),
          ...(finding.RecordState === undefined ? {} : { recordState: finding.RecordState }),
          ...(finding.Workflow?.Status === undefined ? {} : { workflowStatus: finding.Workflow.Status }),
        });
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'InvalidAccessException') {
      throw new SecurityHubNotEnabledError(scope.accountId, scope.region, { cause: error });
    }
    return rethrowThrottling(error, `securityhub:GetFindings in ${scope.accountId}`);
  }
  return observed;
}
