import type { RootFacts } from './model';

/** The keys of IAM's account summary (GetAccountSummary's SummaryMap) that describe the root user. */
export const ROOT_SUMMARY_KEYS = {
  mfa: 'AccountMFAEnabled',
  password: 'AccountPasswordPresent',
  accessKeys: 'AccountAccessKeysPresent',
  signingCertificates: 'AccountSigningCertificatesPresent',
} as const satisfies Record<keyof RootFacts, string>;

/** 1 is true, 0 false; anything else (a missing key, another number) is not stated. */
function flag(value: number | undefined): boolean | undefined {
  return value === 1 ? true : value === 0 ? false : undefined;
}

/**
 * The root user's facts from IAM's account summary. A key that is missing or holds anything but 0 or 1
 * leaves its fact unstated, never read as "no MFA" or "no credential": ORGMFA.5 then decides only what
 * the stated facts decide.
 */
export function rootFactsOf(summary: Readonly<Record<string, number | undefined>>): RootFacts {
  return {
    mfa: flag(summary[ROOT_SUMMARY_KEYS.mfa]),
    password: flag(summary[ROOT_SUMMARY_KEYS.password]),
    accessKeys: flag(summary[ROOT_SUMMARY_KEYS.accessKeys]),
    signingCertificates: flag(summary[ROOT_SUMMARY_KEYS.signingCertificates]),
  };
}
