import { awsError } from './aws-errors';
import type { AccountFixture, UserFixture } from './fixture';
import { accessKeyIdOf, targetUser } from './iam-credentials';
import { findUser, page, userCreateDate, type IamOperation } from './iam-entities';
import type { ServiceContext } from './simulated-aws';

/**
 * What a user carries besides its name, and what IAM's DeleteUser requires removing first: "Password,
 * access keys, signing certificate, SSH public key, Git credentials, MFA device, inline policies,
 * attached managed policies, group memberships" (DeleteUser, IAM API Reference). Each has its list and
 * its delete operation here; DeleteUser refuses with DeleteConflict while any remains.
 */

type IdListKey = 'signingCertificates' | 'sshPublicKeys' | 'serviceSpecificCredentials';

/** Removes `id` from one of the user's lists, or fails as IAM does when it is not there. */
function removeFrom(
  user: UserFixture,
  key: IdListKey | 'groups' | 'attachedPolicies' | 'inlinePolicies',
  id: unknown,
  notFound: string,
): object {
  const items = user[key] ?? [];
  if (typeof id !== 'string' || !items.includes(id)) throw awsError('iam', 'NoSuchEntity', notFound);
  const remaining = items.filter((item) => item !== id);
  if (remaining.length === 0) delete user[key];
  else user[key] = remaining;
  return {};
}

function groupName(input: Record<string, unknown>): string {
  const name = input.GroupName;
  if (typeof name !== 'string' || !/^[\w+=,.@-]{1,128}$/.test(name)) {
    throw awsError('iam', 'ValidationError', `Invalid group name ${JSON.stringify(name)}`);
  }
  return name;
}

/** A managed policy's name: the last segment of its ARN. */
const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

export const USER_ATTACHMENT_OPERATIONS: Record<string, IamOperation> = {
  DeleteAccessKey: (input, ctx) => {
    const user = targetUser(input, ctx);
    const ids = user.accessKeys.map((_, index) => accessKeyIdOf(ctx.account.id, user, index));
    const index = ids.indexOf(String(input.AccessKeyId));
    if (index < 0) {
      throw awsError(
        'iam',
        'NoSuchEntity',
        `The Access Key with id ${String(input.AccessKeyId)} cannot be found.`,
      );
    }
    // The remaining keys keep their ids, whatever their new positions.
    user.accessKeys = user.accessKeys
      .map((key, i) => ({ ...key, id: ids[i]! }))
      .filter((_, i) => i !== index);
    return {};
  },
  ListSigningCertificates: (input, ctx) => {
    const user = targetUser(input, ctx);
    const { page: certificates, ...paging } = page(user.signingCertificates ?? [], input);
    return {
      Certificates: certificates.map((CertificateId) => ({
        UserName: user.userName,
        CertificateId,
        CertificateBody: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----',
        Status: 'Active',
        UploadDate: userCreateDate(user),
      })),
      ...paging,
    };
  },
  DeleteSigningCertificate: (input, ctx) =>
    removeFrom(
      targetUser(input, ctx),
      'signingCertificates',
      input.CertificateId,
      `The Certificate with id ${String(input.CertificateId)} cannot be found.`,
    ),
  ListSSHPublicKeys: (input, ctx) => {
    const user = targetUser(input, ctx);
    const { page: keys, ...paging } = page(user.sshPublicKeys ?? [], input);
    return {
      SSHPublicKeys: keys.map((SSHPublicKeyId) => ({
        UserName: user.userName,
        SSHPublicKeyId,
        Status: 'Active',
        UploadDate: userCreateDate(user),
      })),
      ...paging,
    };
  },
  DeleteSSHPublicKey: (input, ctx) =>
    removeFrom(
      findUser(ctx.account, input.UserName),
      'sshPublicKeys',
      input.SSHPublicKeyId,
      `The Public Key with id ${String(input.SSHPublicKeyId)} cannot be found.`,
    ),
  ListServiceSpecificCredentials: (input, ctx) => {
    const user = targetUser(input, ctx);
    return {
      ServiceSpecificCredentials: (user.serviceSpecificCredentials ?? []).map(
        (ServiceSpecificCredentialId) => ({
          UserName: user.userName,
          Status: 'Active',
          ServiceUserName: `${user.userName}-at-${ctx.account.id}`,
          CreateDate: userCreateDate(user),
          ServiceSpecificCredentialId,
          ServiceName: 'codecommit.amazonaws.com',
        }),
      ),
    };
  },
  DeleteServiceSpecificCredential: (input, ctx) =>
    removeFrom(
      targetUser(input, ctx),
      'serviceSpecificCredentials',
      input.ServiceSpecificCredentialId,
      `No such credential ${String(input.ServiceSpecificCredentialId)}.`,
    ),
  ListGroupsForUser: (input, ctx) => {
    const user = findUser(ctx.account, input.UserName);
    const { page: groups, ...paging } = page(user.groups ?? [], input);
    return {
      Groups: groups.map((GroupName) => ({
        Path: '/',
        GroupName,
        GroupId: `AGPA${GroupName.toUpperCase()
          .replace(/[^A-Z0-9]/g, 'X')
          .padEnd(17, '0')
          .slice(0, 17)}`,
        Arn: `arn:aws:iam::${ctx.account.id}:group/${GroupName}`,
        CreateDate: userCreateDate(user),
      })),
      ...paging,
    };
  },
  RemoveUserFromGroup: (input, ctx) =>
    removeFrom(
      findUser(ctx.account, input.UserName),
      'groups',
      groupName(input),
      `The group with name ${String(input.GroupName)} cannot be found.`,
    ),
  ListAttachedUserPolicies: (input, ctx) => {
    const user = findUser(ctx.account, input.UserName);
    const { page: arns, ...paging } = page(user.attachedPolicies ?? [], input);
    return {
      AttachedPolicies: arns.map((PolicyArn) => ({ PolicyName: policyName(PolicyArn), PolicyArn })),
      ...paging,
    };
  },
  DetachUserPolicy: (input, ctx) =>
    removeFrom(
      findUser(ctx.account, input.UserName),
      'attachedPolicies',
      input.PolicyArn,
      `Policy ${String(input.PolicyArn)} was not found.`,
    ),
  ListUserPolicies: (input, ctx) => {
    const user = findUser(ctx.account, input.UserName);
    const { page: names, ...paging } = page(user.inlinePolicies ?? [], input);
    return { PolicyNames: names, ...paging };
  },
  DeleteUserPolicy: (input, ctx) =>
    removeFrom(
      findUser(ctx.account, input.UserName),
      'inlinePolicies',
      input.PolicyName,
      `The user policy with name ${String(input.PolicyName)} cannot be found.`,
    ),
};

/**
 * What still prevents DeleteUser, in the words of IAM's DeleteConflict message ("must delete … first"),
 * or undefined when the user can be deleted.
 */
function deletionBlocker(account: AccountFixture, user: UserFixture): string | undefined {
  const hasVirtualDevice = account.iam.virtualMfaDevices.some((d) => d.assignedTo === user.userName);
  const blockers: [boolean, string][] = [
    [user.consolePassword, 'delete login profile'],
    [user.accessKeys.length > 0, 'delete access keys'],
    [(user.signingCertificates ?? []).length > 0, 'delete signing certificates'],
    [(user.sshPublicKeys ?? []).length > 0, 'delete SSH public keys'],
    [(user.serviceSpecificCredentials ?? []).length > 0, 'delete service specific credentials'],
    [hasVirtualDevice || (user.mfaDevices ?? []).length > 0, 'delete MFA device'],
    [(user.groups ?? []).length > 0, 'remove users from group'],
    [(user.attachedPolicies ?? []).length > 0, 'detach all policies'],
    [(user.inlinePolicies ?? []).length > 0, 'delete policies'],
  ];
  return blockers.find(([blocks]) => blocks)?.[1];
}

/** DeleteUser, refused with DeleteConflict while anything IAM requires removing first remains. */
export function deleteUser(input: Record<string, unknown>, ctx: ServiceContext): object {
  const user = findUser(ctx.account, input.UserName);
  const blocker = deletionBlocker(ctx.account, user);
  if (blocker !== undefined) {
    throw awsError('iam', 'DeleteConflict', `Cannot delete entity, must ${blocker} first.`);
  }
  ctx.account.iam.users = ctx.account.iam.users.filter((u) => u !== user);
  return {};
}
