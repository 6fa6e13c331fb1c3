/** What Organizations' DescribeAccount says about an account, reduced to what the decision needs. */
export interface AccountDescription {
  readonly id: string;
  readonly arn: string;
  /** `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, …); Organizations retired `Status` in 2026. */
  readonly state: string;
}

/** Whether orgmfa may act in an account. */
export type MembershipVerdict =
  { readonly eligible: true } | { readonly eligible: false; readonly reason: string };

/**
 * orgmfa acts only in ACTIVE accounts of its own organization. `description` is undefined when
 * Organizations does not know the account (AccountNotFoundException). The account ARN names the
 * organization (`…:account/o-xxxx/<id>`), which is checked too, as defence in depth.
 */
export function membershipVerdict(
  accountId: string,
  description: AccountDescription | undefined,
  organizationId: string,
): MembershipVerdict {
  if (description === undefined) {
    return {
      eligible: false,
      reason: `account ${accountId} is not a member of organization ${organizationId}`,
    };
  }
  const orgInArn = /:account\/(o-[a-z0-9]+)\/\d{12}$/.exec(description.arn)?.[1];
  if (description.id !== accountId || orgInArn !== organizationId) {
    return {
      eligible: false,
      reason: `account ${accountId} is not a member of organization ${organizationId}`,
    };
  }
  if (description.state !== 'ACTIVE') {
    return { eligible: false, reason: `account ${accountId} is ${description.state}, not ACTIVE` };
  }
  return { eligible: true };
}
