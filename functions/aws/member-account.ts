import { AccountNotFoundException, DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { AccountNotEligibleError, MemberRoleUnavailableError } from '../core/errors';
import { membershipVerdict, type AccountDescription } from '../core/membership';
import { memberRoleArn, memberSessionName } from '../core/naming';
import type { HubSettings } from '../core/settings';
import { isAccessDenied, rethrowThrottling } from './aws-errors';
import type { AwsClients, ClientScope } from './clients';

/** An open member account: the scope to create clients for it with. */
export type MemberAccount = ClientScope & { readonly credentials: AwsCredentialIdentity };

/** What {@link openMemberAccount} needs. */
export interface MemberAccountDeps {
  readonly clients: AwsClients;
  readonly settings: HubSettings;
  /** Scope of the hub's own clients (its account, its default credentials). */
  readonly hub: ClientScope;
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
    const { Credentials } = await deps.clients.sts(deps.hub).send(
      new AssumeRoleCommand({
        RoleArn: memberRoleArn(deps.settings.partition, accountId, deps.settings.memberRoleName),
        RoleSessionName: memberSessionName(purpose),
        DurationSeconds: SESSION_SECONDS,
      }),
    );
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

/**
 * The membership gate every member-account action goes through. It asks Organizations whether the
 * account is an ACTIVE member *concurrently* with assuming the member role (one round trip instead of
 * two on the critical path), and hands out the session only when both succeed. The assumption itself
 * cannot reach outside the organization: the hub role may assume only roles with
 * `aws:ResourceOrgID` equal to the organization.
 *
 * @throws AccountNotEligibleError when the account is not an ACTIVE member (checked first, whatever
 *   the assumption did); MemberRoleUnavailableError when the role cannot be assumed; ThrottledError.
 */
export async function openMemberAccount(
  deps: MemberAccountDeps,
  accountId: string,
  purpose: string,
): Promise<MemberAccount> {
  const [description, session] = await Promise.allSettled([
    describeAccount(deps, accountId),
    assumeMemberRole(deps, accountId, purpose),
  ]);
  if (description.status === 'rejected') throw description.reason;
  const verdict = membershipVerdict(accountId, description.value, deps.settings.organizationId);
  if (!verdict.eligible) throw new AccountNotEligibleError(verdict.reason);
  if (session.status === 'rejected') throw session.reason;
  return { accountId, credentials: session.value };
}
