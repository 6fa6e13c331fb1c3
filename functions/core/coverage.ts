/**
 * Why a sweep or an audit did not cover the organization, in one line, or undefined when it did: an
 * account not assessed, one without Security Hub CSPM (findings not imported), one with warnings, or
 * no account assessed at all. The CLI turns it into its "incomplete" exit code.
 */
export function incompleteCoverage(coverage: {
  readonly assessed: number;
  readonly failed: readonly { readonly accountId: string }[];
  readonly securityHubNotEnabled?: readonly string[];
  readonly warnings: readonly { readonly accountId: string }[];
}): string | undefined {
  const ids = (accounts: readonly string[]) =>
    accounts.length <= 3
      ? accounts.join(', ')
      : `${accounts.slice(0, 3).join(', ')} and ${accounts.length - 3} more`;
  const parts: string[] = [];
  if (coverage.failed.length > 0) {
    parts.push(
      `${coverage.failed.length} account(s) not assessed (${ids(coverage.failed.map((a) => a.accountId))})`,
    );
  }
  const noHub = coverage.securityHubNotEnabled ?? [];
  if (noHub.length > 0) {
    parts.push(
      `Security Hub CSPM not enabled in ${noHub.length} account(s) (${ids(noHub)}): findings not imported`,
    );
  }
  if (coverage.warnings.length > 0) {
    parts.push(
      `${coverage.warnings.length} account(s) assessed with warnings (${ids(coverage.warnings.map((a) => a.accountId))})`,
    );
  }
  if (coverage.assessed === 0) parts.unshift('no account was assessed');
  return parts.length === 0 ? undefined : `incomplete: ${parts.join('; ')}`;
}
