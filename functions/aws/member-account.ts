import { AccountNotFoundException, DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AccountNotEligibleError, MemberRoleUnavailableError } from '../core/errors';
import { membershipVerdict, type AccountDescription } from '../core/membership';
import type { Pacer } from '../core/pacer';
import { memberRoleArn, memberSessionName } from '../core/naming';
import type { HubSettings } from '../core/settings';
import { isAccessDenied, rethrowThrottling } from './aws-errors';
import type { AwsClients, ClientScope } from './clients';
import type { OrganizationView } from './organization-view';

/** An open member account: the scope to create clients for it with. */
export type MemberAccount = ClientScope & { readonly credentials: AwsCredentialIdentity };

/** What {@link openMemberAccount} needs. */
export interface MemberAccountDeps {
  readonly clients: AwsClients;
  readonly settings: HubSettings;
  /** Scope of the hub's own clients (its account, its default credentials). */
  readonly hub: ClientScope;
  /** The event path's cached view of the organization; without it, every check asks Organizations. */
  readonly organizationView?: OrganizationView;
  /** Paces the role assumptions (the sweep's share of STS's request rate); unpaced without it. */
  readonly assumeRolePacer?: Pacer;
}

/** Member sessions last the minimum STS allows: each workflow step needs seconds. */
const SESSION_SECONDS = 900;

async function describeAccount(
  deps: MemberAccountDeps,
  accountId: string,
): Promise<AccountDescription | undefined> {
  try {
    const { Account } = await deps.clients
      .organizations(deps.hub)
      .send(new DescribeAccountCommand({ AccountId: accountId }));
    return { id: Account?.Id ?? '', arn: Account?.Arn ?? '', state: Account?.State ?? 'UNKNOWN' };
  } catch (error) {
    if (error instanceof AccountNotFoundException) return undefined;
    return rethrowThrottling(error, `organizations:DescribeAccount for ${accountId}`);
  }
}

async function assumeMemberRole(
  deps: MemberAccountDeps,
  accountId: string,
  purpose: string,
): Promise<AwsCredentialIdentity> {
  try {
    const assume = () =>
      deps.clients.sts(deps.hub).send(
        new AssumeRoleCommand({
          RoleArn: memberRoleArn(deps.settings.partition, accountId, deps.settings.memberRoleName),
          RoleSessionName: memberSessionName(purpose),
          DurationSeconds: SESSION_SECONDS,
        }),
      );
    const { Credentials } = await (deps.assumeRolePacer?.run(assume) ?? assume());
    if (Credentials?.AccessKeyId === undefined || Credentials.SecretAccessKey === undefined) {
      throw new MemberRoleUnavailableError(accountId);
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken === undefined ? {} : { sessionToken: Credentials.SessionToken }),
      ...(Credentials.Expiration === undefined ? {} : { expiration: Credentials.Expiration }),
    };
  } catch (error) {
    if (isAccessDenied(error)) throw new MemberRoleUnavailableError(accountId, { cause: error });
    return rethrowThrottling(error, `sts:AssumeRole into ${accountId}`);
  }
}

/** Throws AccountNotEligibleError unless `description` is an ACTIVE account of the organization. */
function requireMember(
  deps: MemberAccountDeps,
  accountId: string,
  description: AccountDescription | undefined,
): void {
  const verdict = membershipVerdict(accountId, description, deps.settings.organizationId);
  if (!verdict.eligible) throw new AccountNotEligibleError(verdict.reason);
}

/** Asks Organizations (DescribeAccount), and tells the cached view what it said. */
async function describeAndRemember(
  deps: MemberAccountDeps,
  accountId: string,
): Promise<AccountDescription | undefined> {
  const description = await describeAccount(deps, accountId);
  if (description !== undefined) deps.organizationView?.remember(description);
  return description;
}

/**
 * The membership gate every member-account action goes through: orgmfa acts only in ACTIVE accounts
 * of its organization, and hands out the member session only when both the membership and the role
 * assumption succeed. The assumption itself cannot reach outside the organization: the hub role may
 * assume only roles with `aws:ResourceOrgID` equal to the organization, which AWS evaluates at the
 * moment of the call.
 *
 * Where the membership comes from:
 * - `known`: the sweep's own listing of the account, minutes old (no Organizations call per account).
 * - otherwise the cached view (event path), when it holds a fresh entry. An entry that says "not an
 *   ACTIVE member" refuses at once. One that says ACTIVE is only a reason to try: if the role
 *   assumption is then refused, the entry may be stale (the account left or was closed since), so it
 *   is dropped and Organizations is asked, and the refusal is the one it gives, as without a cache.
 * - on a miss (or without a view): DescribeAccount *concurrently* with the assumption (one round trip
 *   on the critical path), and the answer is remembered; the sweep's view is re-read beside them when
 *   that is due, for the next checks.
 *
 * @throws AccountNotEligibleError when the account is not an ACTIVE member (checked first, whatever
 *   the assumption did); MemberRoleUnavailableError when the role cannot be assumed; ThrottledError.
 */
export async function openMemberAccount(
  deps: MemberAccountDeps,
  accountId: string,
  purpose: string,
  known?: AccountDescription,
): Promise<MemberAccount> {
  const cached = known === undefined ? deps.organizationView?.lookup(accountId) : undefined;
  const trusted = known ?? cached;
  if (trusted !== undefined) {
    requireMember(deps, accountId, trusted);
    try {
      return { accountId, credentials: await assumeMemberRole(deps, accountId, purpose) };
    } catch (error) {
      if (cached === undefined || !(error instanceof MemberRoleUnavailableError)) throw error;
      deps.organizationView?.forget(accountId);
      requireMember(deps, accountId, await describeAndRemember(deps, accountId));
      throw error;
    }
  }
  // The sweep's view is re-read beside this check (at most once a minute), for the checks after it:
  // this one asks Organizations, so the view's size never adds to an event's latency.
  void deps.organizationView?.reloadIfDue();
  const [description, session] = await Promise.allSettled([
    describeAndRemember(deps, accountId),
    assumeMemberRole(deps, accountId, purpose),
  ]);
  if (description.status === 'rejected') throw description.reason;
  requireMember(deps, accountId, description.value);
  if (session.status === 'rejected') throw session.reason;
  return { accountId, credentials: session.value };
}
