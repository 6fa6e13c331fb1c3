import type { CredentialReportUser } from './credential-report';
import { CONTROLS } from './controls';
import type { FindingRecord, MfaKind, UserFacts } from './model';

/**
 * The sweep's users: credential-report rows (one report, whatever the number of users, but up to four
 * hours old) corrected by what the sweep reads fresh anyway. The fresh reads win wherever they decide:
 * - a user in the report but no longer in the fresh user listing (GetAccountAuthorizationDetails) is
 *   gone: not evaluated, so its findings are resolved as gone, never reported from the old row;
 * - a user with an assigned virtual MFA device (ListVirtualMFADevices) has MFA usable with access keys,
 *   whatever an older report says; that verdict rests on the fresh read alone;
 * - everything else rests on the report, and its verdicts carry the report's time.
 */

/** A user as the fresh user listing has it now. */
export interface CurrentUser {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** What the sweep read, and when. */
export interface SweepReads {
  /**
   * The users that exist now, by name (a name is unique in an account; the ARN, path included, must
   * match too: a user re-created on another path is another user).
   */
  readonly current: ReadonlyMap<string, CurrentUser>;
  /** Names of the users with an assigned virtual MFA device now. */
  readonly withVirtualDevice: ReadonlySet<string>;
  /** The credential report's GeneratedTime (ISO 8601). */
  readonly reportAt: string;
  /** When the fresh reads began (ISO 8601). */
  readonly readAt: string;
}

/**
 * The facts of each report row whose user still exists. MFA is `otp` for a user with an assigned
 * virtual device, `none` when the report says none, and otherwise `unclassified`: the report does not
 * say which kind of device a user has. {@link needsMfaKind} says whose kind matters.
 */
export function usersFromReport(rows: readonly CredentialReportUser[], reads: SweepReads): UserFacts[] {
  const users: UserFacts[] = [];
  for (const row of rows) {
    // Looked up by name, compared by ARN: hashing the short name once per row is the cheaper half.
    const current = reads.current.get(row.userName);
    if (current === undefined || current.arn !== row.arn) continue;
    const virtual = reads.withVirtualDevice.has(row.userName);
    const mfa: MfaKind = virtual ? 'otp' : row.mfaActive ? 'unclassified' : 'none';
    users.push({
      userName: row.userName,
      arn: row.arn,
      consolePassword: row.passwordEnabled,
      activeAccessKeys: row.activeAccessKeys,
      mfa,
      tags: current.tags,
      evidenceAt: virtual ? reads.readAt : reads.reportAt,
    });
  }
  return users;
}

/**
 * Whether the kind of a user's MFA decides a verdict: it has an active access key and MFA that is not a
 * virtual device, which may be FIDO only (unusable with access keys). Only these users cost a call
 * (ListMFADevices); where users' MFA is virtual, that is nobody.
 */
export function needsMfaKind(user: UserFacts): boolean {
  return user.mfa === 'unclassified' && user.activeAccessKeys > 0;
}

/**
 * The user with its MFA kind read fresh (ListMFADevices at `readAt`). An `otp` device decides every
 * verdict on its own, so they rest on the fresh read; otherwise they still rest on the report's
 * password and keys, and keep its time.
 */
export function withMfaKind(user: UserFacts, mfa: MfaKind, readAt: string): UserFacts {
  return { ...user, mfa, evidenceAt: mfa === 'otp' ? readAt : user.evidenceAt };
}

/**
 * Which records a sweep covered, so that a record without a result means its resource is gone: a
 * user's finding when the user was evaluated or no longer exists (a user created after the report is
 * not in it, and its findings are left alone); an account-level finding always, except ORGMFA.5 when
 * the root user could not be decided.
 */
export function sweepScope(
  evaluated: readonly UserFacts[],
  current: ReadonlyMap<string, CurrentUser>,
  rootDecided: boolean,
): (record: FindingRecord) => boolean {
  const arns = new Set(evaluated.map((user) => user.arn));
  const existing = new Set(Array.from(current.values(), (user) => user.arn));
  return (record) => {
    if (CONTROLS[record.control].resourceType === 'AwsIamUser') {
      return arns.has(record.resourceId) || !existing.has(record.resourceId);
    }
    return record.control !== 'ORGMFA.5' || rootDecided;
  };
}
