import { DEFAULT_ROOT_CREDENTIALS } from './fixture';
import type { IamOperation } from './iam-entities';

/**
 * `GetAccountSummary`: IAM's usage and quotas of the account, with the root user's state as AWS has it
 * now (fresh, unlike the credential report): `AccountMFAEnabled`, `AccountPasswordPresent`,
 * `AccountAccessKeysPresent` and `AccountSigningCertificatesPresent`, each 1 or 0. A fixture's
 * `iam.accountSummary` overrides entries, to model an answer without a key or with an unusual value.
 */
export const ACCOUNT_SUMMARY_OPERATIONS: Record<string, IamOperation> = {
  GetAccountSummary: (_input, { account }) => {
    const root = account.rootCredentials ?? DEFAULT_ROOT_CREDENTIALS;
    const devices = account.iam.virtualMfaDevices;
    const flag = (present: boolean) => (present ? 1 : 0);
    const summary: Record<string, number> = {
      Users: account.iam.users.length,
      UsersQuota: 5000,
      Groups: 0,
      GroupsQuota: 300,
      Policies: 0,
      PoliciesQuota: 1500,
      AccessKeysPerUserQuota: 2,
      MFADevices: devices.length,
      MFADevicesInUse:
        devices.filter((d) => d.assignedTo !== null).length +
        account.iam.users.reduce((n, user) => n + (user.mfaDevices ?? []).length, 0),
      AccountMFAEnabled: flag(account.rootMfaActive ?? true),
      AccountPasswordPresent: flag(root.password),
      AccountAccessKeysPresent: flag(root.accessKeys),
      AccountSigningCertificatesPresent: flag(root.signingCertificates),
      GlobalEndpointTokenVersion: 1,
    };
    for (const [key, value] of Object.entries(account.iam.accountSummary ?? {})) {
      if (value === null) delete summary[key];
      else summary[key] = value;
    }
    return { SummaryMap: summary };
  },
};
