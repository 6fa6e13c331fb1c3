import type { CredentialReportUser } from './credential-report';
import { CONTROLS } from './controls';
import { exemptionOf } from './exemption';
import type { FindingRecord, MfaKind, UserFacts } from './model';
import { parseTimestamp } from './time';

/**
 * The sweep's users: credential-report rows (one report, whatever the number of users, but up to four
 * hours old) corrected by what the sweep reads fresh anyway. The fresh reads win wherever they decide:
 * - a user in the report but no longer in the fresh user listing (GetAccountAuthorizationDetails) is
 *   gone: not evaluated, so its findings are resolved as gone, never reported from the old row;
 * - a user with an assigned virtual MFA device (ListVirtualMFADevices) has MFA usable with access keys,
 *   whatever an older report says; that verdict rests on the fresh read alone;
 * - a row the report cannot speak for is not judged by it: its user is read fresh with per-user calls
 *   (see {@link FreshRead});
 * - everything else rests on the report, and its verdicts carry the report's time.
 */

/** A user as the fresh user listing has it now. */
export interface CurrentUser {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
  /** CreateDate (ISO 8601), when the listing gives it. */
  readonly createdAt?: string;
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
  /**
   * orgmfa's findings record of the account (the sweep has it; an audit, which imports nothing, not):
   * a user whose record rests on evidence newer than the report, and assumed another exemption state
   * than the tags give now, is read fresh rather than left to that record.
   */
  readonly records?: readonly FindingRecord[];
}

/**
 * Why a user whose row the report has is read fresh (GetUser, GetLoginProfile, ListAccessKeys,
 * ListMFADevices at `readAt`) instead of judged by its row:
 * - `arn`: the user exists now under another ARN than the row's (re-created on another path, or a
 *   path the report's CSV cannot carry unambiguously): the row is not that user's;
 * - `created`: the user's CreateDate differs from the row's `user_creation_time` (deleted and
 *   re-created with the same name and path since the report): the row is the old user's;
 * - `exemption`: the record's verdicts rest on evidence newer than the report and assumed the user
 *   exempt (or not), while the tags read now say otherwise (the exemption ended or began since): the
 *   record cannot stand and the report is older than it; only a fresh read decides.
 * These are rare (the common sweep reads nobody fresh): the calls stay constant in the number of users.
 */
export interface FreshRead {
  readonly userName: string;
  readonly reason: 'arn' | 'created' | 'exemption';
  /**
   * The ARNs the report's row gives the user (both readings of an ambiguous row): a fresh read that
   * fails leaves the findings on these as they were, never resolved as a user gone.
   */
  readonly rowArns: readonly string[];
}

/** What the report gives: the users it decides, and those to read fresh. */
export interface ReportUsers {
  readonly users: UserFacts[];
  readonly freshReads: FreshRead[];
}

/** The reading of a row whose ARN is the user's now, if any. */
function readingOf(row: CredentialReportUser, arn: string): CredentialReportUser | undefined {
  if (row.arn === arn) return row;
  return row.otherReading?.arn === arn ? row.otherReading : undefined;
}

/** Whether the row's creation time is not the user's now (to the second: IAM's report has no more). */
function createdOtherwise(row: CredentialReportUser, current: CurrentUser): boolean {
  if (current.createdAt === undefined) return false;
  // The common case without parsing (the sweep's hot loop): both UTC, the same date and time to the
  // second (IAM's report writes +00:00, the listing's time prints as Z).
  if (sameUtcSecond(row.createdAt, current.createdAt)) return false;
  const reported = parseTimestamp(row.createdAt);
  const created = parseTimestamp(current.createdAt);
  // An unreadable time proves nothing about the row: the user is read fresh rather than trusted.
  if (reported === undefined || created === undefined) return true;
  return Math.floor(reported / 1000) !== Math.floor(created / 1000);
}

/** Whether an ISO 8601 time is written in UTC. */
function isUtc(time: string): boolean {
  return time.endsWith('Z') || time.endsWith('+00:00');
}

/**
 * Whether two ISO 8601 times, both UTC, name the same second: their first 19 characters
 * (`YYYY-MM-DDTHH:MM:SS`) compared in place, for they are read once per report row.
 */
function sameUtcSecond(a: string, b: string): boolean {
  for (let i = 0; i < 19; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return a.length >= 19 && b.length >= 19 && isUtc(a) && isUtc(b);
}

/** Per user ARN, what orgmfa's record assumed: its newest evidence and whether the user was exempt. */
interface RecordedUser {
  newest: number;
  exempt: boolean;
}

function recordedUsers(records: readonly FindingRecord[]): Map<string, RecordedUser> {
  const byArn = new Map<string, RecordedUser>();
  for (const record of records) {
    if (CONTROLS[record.control].resourceType !== 'AwsIamUser') continue;
    const evidence = parseTimestamp(record.evidenceAt) ?? 0;
    const seen = byArn.get(record.resourceId) ?? { newest: 0, exempt: false };
    seen.newest = Math.max(seen.newest, evidence);
    if (record.control === 'ORGMFA.6') seen.exempt = record.status === 'EXEMPT';
    byArn.set(record.resourceId, seen);
  }
  return byArn;
}

/**
 * The facts of each report row whose user still exists, and the users to read fresh instead (see
 * {@link FreshRead}). MFA is `otp` for a user with an assigned virtual device, `none` when the report
 * says none, and otherwise `unclassified`: the report does not say which kind of device a user has.
 * {@link needsMfaKind} says whose kind matters. A row whose user is gone is left out (its findings are
 * resolved as gone); a row whose user exists is never dropped silently.
 */
export function usersFromReport(rows: readonly CredentialReportUser[], reads: SweepReads): ReportUsers {
  const users: UserFacts[] = [];
  const freshReads: FreshRead[] = [];
  const recorded = reads.records === undefined ? undefined : recordedUsers(reads.records);
  const reportAt = parseTimestamp(reads.reportAt) ?? 0;
  const readAt = parseTimestamp(reads.readAt) ?? 0;
  const now = new Date(readAt);
  for (const found of rows) {
    // Looked up by name, compared by ARN: hashing the short name once per row is the cheaper half.
    const current = reads.current.get(found.userName);
    if (current === undefined) continue;
    const row = readingOf(found, current.arn);
    if (row === undefined) {
      const rowArns = [found.arn, ...(found.otherReading === undefined ? [] : [found.otherReading.arn])];
      freshReads.push({ userName: found.userName, reason: 'arn', rowArns });
      continue;
    }
    if (createdOtherwise(row, current)) {
      freshReads.push({ userName: row.userName, reason: 'created', rowArns: [row.arn] });
      continue;
    }
    const virtual = reads.withVirtualDevice.has(row.userName);
    const record = recorded?.get(row.arn);
    // Only a record newer than this user's evidence would make its verdicts yield.
    if (
      record !== undefined &&
      record.newest > (virtual ? readAt : reportAt) &&
      record.exempt !== (exemptionOf(current.tags, now).state === 'in-force')
    ) {
      freshReads.push({ userName: row.userName, reason: 'exemption', rowArns: [row.arn] });
      continue;
    }
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
  return { users, freshReads };
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
