import {
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  NoSuchEntityException,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListSigningCertificates,
  paginateListSSHPublicKeys,
  paginateListUserPolicies,
  RemoveUserFromGroupCommand,
  type ListServiceSpecificCredentialsCommandInput,
  type ListServiceSpecificCredentialsCommandOutput,
} from '@aws-sdk/client-iam';
import { createPaginator } from '@smithy/core';
import type { Paginator } from '@aws-sdk/types';
import { RetriesExhausted, withRetries, type RetryPolicy } from '../core/retry';
import { describeRemoval, planUserDeletion, type Removal, type UserInventory } from '../core/user-deletion';

/** ListServiceSpecificCredentials pages with Marker, but the SDK ships no paginator for it. */
const paginateListServiceSpecificCredentials: (
  config: { client: IAMClient },
  input: ListServiceSpecificCredentialsCommandInput,
) => Paginator<ListServiceSpecificCredentialsCommandOutput> = createPaginator(
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  'Marker',
  'Marker',
  'MaxItems',
);

/** Every item of every page. */
async function all<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => readonly (T | undefined)[] | undefined,
) {
  const found: T[] = [];
  for await (const page of pages) {
    for (const item of items(page) ?? []) if (item !== undefined) found.push(item);
  }
  return found;
}

/** Whether the user has a console password. */
async function hasLoginProfile(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return true;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return false;
    throw error;
  }
}

/** Reads, without changing anything, everything IAM requires removing before DeleteUser. */
async function readInventory(iam: IAMClient, userName: string): Promise<UserInventory> {
  const client = { client: iam };
  const input = { UserName: userName };
  const [
    user,
    loginProfile,
    accessKeys,
    certificates,
    sshKeys,
    credentials,
    devices,
    groups,
    attached,
    inline,
  ] = await Promise.all([
    iam.send(new GetUserCommand(input)),
    hasLoginProfile(iam, userName),
    all(paginateListAccessKeys(client, input), (p) => p.AccessKeyMetadata?.map((k) => k.AccessKeyId)),
    all(paginateListSigningCertificates(client, input), (p) => p.Certificates?.map((c) => c.CertificateId)),
    all(paginateListSSHPublicKeys(client, input), (p) => p.SSHPublicKeys?.map((k) => k.SSHPublicKeyId)),
    all(paginateListServiceSpecificCredentials(client, input), (p) =>
      p.ServiceSpecificCredentials?.map((c) => c.ServiceSpecificCredentialId),
    ),
    all(paginateListMFADevices(client, input), (p) => p.MFADevices?.map((d) => d.SerialNumber)),
    all(paginateListGroupsForUser(client, input), (p) => p.Groups?.map((g) => g.GroupName)),
    all(paginateListAttachedUserPolicies(client, input), (p) => p.AttachedPolicies?.map((a) => a.PolicyArn)),
    all(paginateListUserPolicies(client, input), (p) => p.PolicyNames),
  ]);
  return {
    userName,
    userId: user.User?.UserId ?? '',
    createDate: user.User?.CreateDate ?? new Date(0),
    loginProfile,
    accessKeys,
    signingCertificates: certificates,
    sshPublicKeys: sshKeys,
    serviceSpecificCredentials: credentials,
    mfaDevices: devices,
    groups,
    attachedPolicies: attached,
    inlinePolicies: inline,
  };
}

/** The IAM call that performs one removal. */
function remove(iam: IAMClient, UserName: string, removal: Removal): Promise<unknown> {
  switch (removal.kind) {
    case 'LoginProfile':
      return iam.send(new DeleteLoginProfileCommand({ UserName }));
    case 'AccessKey':
      return iam.send(new DeleteAccessKeyCommand({ UserName, AccessKeyId: removal.id }));
    case 'SigningCertificate':
      return iam.send(new DeleteSigningCertificateCommand({ UserName, CertificateId: removal.id }));
    case 'SSHPublicKey':
      return iam.send(new DeleteSSHPublicKeyCommand({ UserName, SSHPublicKeyId: removal.id }));
    case 'ServiceSpecificCredential':
      return iam.send(
        new DeleteServiceSpecificCredentialCommand({ UserName, ServiceSpecificCredentialId: removal.id }),
      );
    case 'Group':
      return iam.send(new RemoveUserFromGroupCommand({ UserName, GroupName: removal.name }));
    case 'AttachedPolicy':
      return iam.send(new DetachUserPolicyCommand({ UserName, PolicyArn: removal.arn }));
    case 'InlinePolicy':
      return iam.send(new DeleteUserPolicyCommand({ UserName, PolicyName: removal.name }));
  }
}

/** What became of the user, in words for the failure message, and whether it is gone. */
export interface DeletionOutcome {
  readonly deleted: boolean;
  readonly summary: string;
}

const errorText = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Deletes a user that could not be given MFA, all or nothing as far as IAM allows: reads everything
 * DeleteUser requires removing first; if anything cannot be read, or the plan refuses (see
 * {@link planUserDeletion}), deletes nothing and says why; otherwise removes each item (retried under
 * `policy`) and deletes the user. If a removal still fails, it stops and says exactly what was removed
 * and what remains: a credential once deleted cannot be put back.
 */
export async function deleteNewUser(
  iam: IAMClient,
  user: { readonly userName: string; readonly userId: string },
  context: { readonly now: Date; readonly policy: RetryPolicy },
): Promise<DeletionOutcome> {
  const kept = (why: string): DeletionOutcome => ({ deleted: false, summary: `the user was kept: ${why}` });
  let inventory: UserInventory;
  try {
    inventory = await readInventory(iam, user.userName);
  } catch (error) {
    return kept(`what DeleteUser requires removing first could not all be read (${errorText(error)})`);
  }
  const plan = planUserDeletion(inventory, { userId: user.userId, now: context.now });
  if (!plan.delete) return kept(plan.reason);

  const removed: string[] = [];
  const steps = [
    ...plan.removals.map((removal) => ({
      what: describeRemoval(removal),
      run: () => remove(iam, user.userName, removal),
    })),
    { what: 'the user itself', run: () => iam.send(new DeleteUserCommand({ UserName: user.userName })) },
  ];
  for (const [index, step] of steps.entries()) {
    try {
      await withRetries(step.run, context.policy);
    } catch (error) {
      const { lastError, attempts } = error as RetriesExhausted;
      const remaining = steps.slice(index).map((s) => s.what);
      return {
        deleted: false,
        summary:
          `deleting the user stopped at removing ${step.what} (${errorText(lastError)}, ${attempts} attempt(s)); ` +
          `removed: ${removed.length === 0 ? 'nothing' : removed.join(', ')}; still in place: ${remaining.join(', ')}`,
      };
    }
    removed.push(step.what);
  }
  const first = removed.slice(0, -1);
  return {
    deleted: true,
    summary: `the user was deleted (deleteUserOnFailure)${first.length === 0 ? '' : `, after removing ${first.join(', ')}`}`,
  };
}
