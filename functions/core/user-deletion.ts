/**
 * Deleting a user that could not be given MFA (`deleteUserOnFailure`), all or nothing as far as IAM
 * allows. IAM's DeleteUser refuses while the user has a password, access keys, signing certificates,
 * SSH public keys, service-specific credentials, MFA devices, group memberships, attached managed or
 * inline policies: each must be removed first. This pure part decides from a complete, read-only
 * inventory whether orgmfa may delete the user at all, and in which order to remove what it has.
 */

/** Everything DeleteUser requires removing first, read from IAM before anything is changed. */
export interface UserInventory {
  readonly userName: string;
  /** The user's unique id now (a user re-created meanwhile has another). */
  readonly userId: string;
  readonly createDate: Date;
  readonly loginProfile: boolean;
  readonly accessKeys: readonly string[];
  readonly signingCertificates: readonly string[];
  readonly sshPublicKeys: readonly string[];
  readonly serviceSpecificCredentials: readonly string[];
  /** Serial numbers of every MFA device the user holds. */
  readonly mfaDevices: readonly string[];
  readonly groups: readonly string[];
  readonly attachedPolicies: readonly string[];
  readonly inlinePolicies: readonly string[];
}

/** One removal DeleteUser needs first, with the IAM operation that does it. */
export type Removal =
  | { readonly kind: 'LoginProfile' }
  | { readonly kind: 'AccessKey'; readonly id: string }
  | { readonly kind: 'SigningCertificate'; readonly id: string }
  | { readonly kind: 'SSHPublicKey'; readonly id: string }
  | { readonly kind: 'ServiceSpecificCredential'; readonly id: string }
  | { readonly kind: 'Group'; readonly name: string }
  | { readonly kind: 'AttachedPolicy'; readonly arn: string }
  | { readonly kind: 'InlinePolicy'; readonly name: string };

/** A new user is one created at most this long ago; an older user is never deleted by provisioning. */
export const NEW_USER_MAX_AGE_MS = 3_600_000;

/** Whether to delete, and the removals before DeleteUser, in order. */
export type DeletionPlan =
  | { readonly delete: true; readonly removals: readonly Removal[] }
  | { readonly delete: false; readonly reason: string };

/** The removal in words, for the failure message. */
export function describeRemoval(removal: Removal): string {
  switch (removal.kind) {
    case 'LoginProfile':
      return 'its console password';
    case 'AccessKey':
      return `access key ${removal.id}`;
    case 'SigningCertificate':
      return `signing certificate ${removal.id}`;
    case 'SSHPublicKey':
      return `SSH public key ${removal.id}`;
    case 'ServiceSpecificCredential':
      return `service-specific credential ${removal.id}`;
    case 'Group':
      return `its membership of group ${removal.name}`;
    case 'AttachedPolicy':
      return `attached policy ${removal.arn}`;
    case 'InlinePolicy':
      return `inline policy ${removal.name}`;
  }
}

/**
 * Decides from the inventory whether provisioning may delete the user, and what to remove first.
 * Refused (nothing is removed) when the user is not the one provisioning was for (re-created
 * meanwhile), is not new (a forged or replayed CreateUser must never delete an established user), or
 * holds an MFA device (orgmfa's own was removed by the undo; any other is not orgmfa's to deactivate).
 */
export function planUserDeletion(
  inventory: UserInventory,
  expected: { readonly userId: string; readonly now: Date },
): DeletionPlan {
  const user = inventory.userName;
  if (inventory.userId !== expected.userId) {
    return {
      delete: false,
      reason: `user ${user} is not the user this provisioning was for (re-created meanwhile)`,
    };
  }
  const age = expected.now.getTime() - inventory.createDate.getTime();
  if (age > NEW_USER_MAX_AGE_MS) {
    return {
      delete: false,
      reason: `user ${user} was created at ${inventory.createDate.toISOString()}, more than an hour ago: not a new user`,
    };
  }
  if (inventory.mfaDevices.length > 0) {
    return {
      delete: false,
      reason: `user ${user} holds MFA device ${inventory.mfaDevices.join(', ')}, which orgmfa did not create and does not deactivate`,
    };
  }
  return {
    delete: true,
    removals: [
      ...(inventory.loginProfile ? [{ kind: 'LoginProfile' } as const] : []),
      ...inventory.accessKeys.map((id) => ({ kind: 'AccessKey', id }) as const),
      ...inventory.signingCertificates.map((id) => ({ kind: 'SigningCertificate', id }) as const),
      ...inventory.sshPublicKeys.map((id) => ({ kind: 'SSHPublicKey', id }) as const),
      ...inventory.serviceSpecificCredentials.map(
        (id) => ({ kind: 'ServiceSpecificCredential', id }) as const,
      ),
      ...inventory.groups.map((name) => ({ kind: 'Group', name }) as const),
      ...inventory.attachedPolicies.map((arn) => ({ kind: 'AttachedPolicy', arn }) as const),
      ...inventory.inlinePolicies.map((name) => ({ kind: 'InlinePolicy', name }) as const),
    ],
  };
}
