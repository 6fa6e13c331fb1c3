import type { ControlId, ResourceRef, SeverityLabel } from './model';

/** What a control reports, the same for every finding of it. */
export interface ControlDefinition {
  /** The finding's Title (ASFF: at most 256 characters). */
  readonly title: string;
  /** Why it matters; a finding's Description is this followed by the result's detail. */
  readonly description: string;
  readonly severity: SeverityLabel;
  /** What the control's findings are about: needed to rebuild a finding whose resource is gone. */
  readonly resourceType: ResourceRef['type'];
  readonly remediation: { readonly text: string; readonly url: string };
}

const USER_GUIDE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide';

/** orgmfa's controls. Changing a title or a severity changes every finding of the control at its next update. */
export const CONTROLS: Readonly<Record<ControlId, ControlDefinition>> = {
  'ORGMFA.1': {
    title: 'IAM user with a console password has no MFA device',
    description:
      'An IAM user who can sign in to the AWS Management Console with a password alone is one leaked or guessed password away from a takeover.',
    severity: 'HIGH',
    resourceType: 'AwsIamUser',
    remediation: {
      text: 'Assign an MFA device to the user, or remove the console password if the user does not sign in to the console.',
      url: `${USER_GUIDE}/id_credentials_mfa_enable_virtual.html`,
    },
  },
  'ORGMFA.2': {
    title: 'IAM user with an active access key has no MFA device usable with it',
    description:
      'Without an MFA device that works with access keys (a virtual or hardware TOTP device: FIDO security keys and passkeys do not), the access keys of the user can never be used with MFA, so policies that require MFA cannot protect its API access.',
    severity: 'MEDIUM',
    resourceType: 'AwsIamUser',
    remediation: {
      text: 'Assign a virtual or hardware TOTP MFA device to the user and use the access key through an MFA session (GetSessionToken); deactivate access keys that are not needed.',
      url: `${USER_GUIDE}/id_credentials_mfa_configure-api-require.html`,
    },
  },
  'ORGMFA.3': {
    title: 'Unassigned virtual MFA device older than the grace period',
    description:
      'A virtual MFA device assigned to no user for longer than the grace period is usually left behind by a cancelled enrollment; it makes the next enrollment under its name fail with EntityAlreadyExists.',
    severity: 'LOW',
    resourceType: 'AwsAccount',
    remediation: {
      text: 'Delete the unassigned virtual MFA device (DeleteVirtualMFADevice), or let the orgmfa sweep delete it; delete only a device that a fresh Unassigned listing still shows.',
      url: `${USER_GUIDE}/troubleshoot_general.html#troubleshoot_general_access-denied-delete-mfa`,
    },
  },
  'ORGMFA.4': {
    title: 'Provisioned MFA seed was not collected before it expired',
    description:
      'orgmfa enabled an MFA device for the user and stored its seed for one-time pickup, but the seed expired uncollected: the device is assigned, yet nobody can produce its codes.',
    severity: 'MEDIUM',
    resourceType: 'AwsAccount',
    remediation: {
      text: 'Deactivate and delete the provisioned device, then have the user assign a new MFA device (or provision one again and have the user collect it with orgmfa seed).',
      url: `${USER_GUIDE}/id_credentials_mfa_disable.html`,
    },
  },
  'ORGMFA.5': {
    title: 'Root user has a credential and no MFA device',
    description:
      'The root user has unrestricted access to the account and cannot be limited by IAM policies; with a password, access keys or signing certificates and without MFA, those credentials alone protect the account. A root user without credentials (removed through centralized root access) cannot sign in and passes.',
    severity: 'CRITICAL',
    resourceType: 'AwsAccount',
    remediation: {
      text: 'Sign in as the root user and assign an MFA device on the Security credentials page (root MFA can be enabled only in the AWS Management Console), or remove the root credentials of a member account through centralized root access in AWS Organizations.',
      url: `${USER_GUIDE}/enable-virt-mfa-for-root.html`,
    },
  },
  'ORGMFA.6': {
    title: 'Exemption from MFA in force',
    description:
      'The user is tagged orgmfa:exempt, so orgmfa does not report it for missing MFA while the exemption holds. This finding keeps the exemption visible.',
    severity: 'INFORMATIONAL',
    resourceType: 'AwsIamUser',
    remediation: {
      text: 'Review the exemption: assign an MFA device and remove the orgmfa:exempt tag, or set orgmfa:exempt-until (YYYY-MM-DD) so the exemption ends.',
      url: `${USER_GUIDE}/id_credentials_mfa.html`,
    },
  },
};
