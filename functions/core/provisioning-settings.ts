/**
 * How orgmfa provisions MFA for new IAM users (the `provisioning` section of the configuration). The
 * provision function receives it as JSON in its environment; the local runtime passes it directly.
 */
export interface ProvisioningSettings {
  /** OUs (and their descendants) whose accounts provision MFA for new users. Off everywhere by default. */
  readonly organizationalUnitIds: readonly string[];
  /** Accounts that provision regardless of their OU. */
  readonly accountIds: readonly string[];
  /** Accounts that never provision, even inside an enabled OU. */
  readonly excludedAccountIds: readonly string[];
  /** Users on these paths are skipped (service users). */
  readonly exemptPaths: readonly string[];
  /** The device name; `{userName}` is replaced by the user's name. */
  readonly deviceNameTemplate: string;
  /** KMS key of the seed's SecureString. */
  readonly seedKmsKeyId: string;
  /** Days until the uncollected seed parameter expires (SSM expiration policy). */
  readonly seedExpirationDays: number;
  /** Delete the new user when no working MFA device could be assigned (the sample's "delete on fail"). */
  readonly deleteUserOnFailure: boolean;
  /**
   * Give a new user without a console password a random one, reset at first sign-in, stored as an
   * SSM SecureString for an administrator to hand over (the 2017 sample's option).
   */
  readonly setInitialPassword: boolean;
}

/** Provisioning as it is when the configuration says nothing: off. */
export const DEFAULT_PROVISIONING: ProvisioningSettings = {
  organizationalUnitIds: [],
  accountIds: [],
  excludedAccountIds: [],
  exemptPaths: ['/service/'],
  deviceNameTemplate: '{userName}',
  seedKmsKeyId: 'alias/aws/ssm',
  seedExpirationDays: 7,
  deleteUserOnFailure: false,
  setInitialPassword: false,
};
