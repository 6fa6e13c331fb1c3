import {
  GetAccountSummaryCommand,
  ListMFADevicesCommand,
  NoSuchEntityException,
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parseCredentialReport, skippedLineWarnings } from '../core/compliance/credential-report';
import { evaluateAccount, seedSubject, type AccountEvaluation } from '../core/compliance/evaluate-account';
import { evaluateUser } from '../core/compliance/evaluate-user';
import { mfaKindOf } from '../core/compliance/mfa-kind';
import type {
  ControlResult,
  FindingRecord,
  ProvisionedDeviceFacts,
  RootFacts,
  UnassignedDeviceFacts,
  UserFacts,
} from '../core/compliance/model';
import {
  needsMfaKind,
  sweepScope,
  usersFromReport,
  withMfaKind,
  type CurrentUser,
  type FreshRead,
} from '../core/compliance/report-facts';
import { rootFactsOf } from '../core/compliance/root-facts';
import { isSeedCandidate, type AssignedDevice, type SeedCheck } from '../core/compliance/seed-candidates';
import { COMPLIANCE_TAG_KEYS } from '../core/compliance/tags';
import { ORGMFA_TAG_KEY, USER_ID_TAG_KEY } from '../core/naming';
import { pool } from '../core/pool';
import { PROVISIONED_TAG_VALUE } from '../core/provisioning';
import { briefly, isAccessDenied, rethrowThrottling } from './aws-errors';
import { fetchCredentialReport } from './credential-report';
import { readDeviceTags } from './device-tags';
import { readUserFacts } from './read-user-facts';
import { tagMap } from './tag-map';

/** The users that exist now with their ARN and tags, by name: a page of up to 1000 users per call. */
async function currentUsers(iam: IAMClient): Promise<Map<string, CurrentUser>> {
  const users = new Map<string, CurrentUser>();
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: ['User'] },
  )) {
    for (const user of page.UserDetailList ?? [])
      if (user.Arn !== undefined && user.UserName !== undefined)
        users.set(user.UserName, {
          arn: user.Arn,
          tags: tagMap(user.Tags),
          ...(user.CreateDate === undefined ? {} : { createdAt: user.CreateDate.toISOString() }),
        });
  }
  return users;
}

/** Which of the account's virtual MFA devices a complete listing showed unassigned, and which assigned. */
export interface DeviceListing {
  readonly unassigned: readonly string[];
  readonly assigned: readonly string[];
}

/**
 * The account's virtual MFA devices: unassigned ones with since when orgmfa's record knows them
 * unassigned, the assigned ones, the users that have one assigned, and the listing itself (for the
 * record). The listing carries no tags (IAM's listings return a subset of attributes): which devices
 * orgmfa provisioned is learned by {@link provisionedDevices}.
 */
async function devices(iam: IAMClient, unassignedSince: ReadonlyMap<string, string>) {
  const unassigned: UnassignedDeviceFacts[] = [];
  const assignedDevices: AssignedDevice[] = [];
  const assignedTo = new Set<string>();
  // Explicitly Any: both kinds are needed, and IAM's default is not something to rely on.
  for await (const page of paginateListVirtualMFADevices(
    { client: iam, pageSize: 1000 },
    { AssignmentStatus: 'Any' },
  )) {
    for (const device of page.VirtualMFADevices ?? []) {
      const serialNumber = device.SerialNumber ?? '';
      const since = unassignedSince.get(serialNumber);
      if (device.User === undefined) {
        unassigned.push({ serialNumber, ...(since === undefined ? {} : { unassignedSince: since }) });
        continue;
      }
      const userName = device.User.UserName ?? '';
      if (userName !== '') assignedTo.add(userName);
      assignedDevices.push({
        serialNumber,
        userName,
        ...(device.User.UserId === undefined ? {} : { userId: device.User.UserId }),
        ...(device.EnableDate === undefined ? {} : { enableDate: device.EnableDate }),
      });
    }
  }
  const listing: DeviceListing = {
    unassigned: unassigned.map((d) => d.serialNumber),
    assigned: assignedDevices.map((d) => d.serialNumber),
  };
  return { unassigned, assignedDevices, assignedTo, listing };
}

/** How many devices' tags are read at once. */
const DEVICE_TAGS_CONCURRENCY = 8;

/**
 * The devices orgmfa provisioned among the ORGMFA.4 candidates (see isSeedCandidate), from their tags
 * (ListMFADeviceTags, one call per candidate: a number that does not grow with the account's users).
 * A device deleted since the listing is left out; one whose tags IAM refuses to list (an SCP) is left
 * out with a warning, and its user's ORGMFA.4 finding stays as it was (`undecided`, by user name).
 */
async function provisionedDevices(
  iam: IAMClient,
  assigned: readonly AssignedDevice[],
  check: SeedCheck,
  now: Date,
  warnings: string[],
): Promise<{ provisioned: ProvisionedDeviceFacts[]; undecided: Set<string> }> {
  const undecided = new Set<string>();
  const candidates = assigned.filter((device) => isSeedCandidate(device, check, now));
  const read = await pool(candidates, DEVICE_TAGS_CONCURRENCY, async (device) => {
    try {
      const tags = await readDeviceTags(iam, device.serialNumber);
      return tags === undefined ? undefined : { device, tags };
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      undecided.add(device.userName);
      warnings.push(
        `iam:ListMFADeviceTags was denied for the MFA device ${device.serialNumber} of IAM user ${device.userName} (${briefly(error)}): its ORGMFA.4 finding was left as it was`,
      );
      return undefined;
    }
  });
  const provisioned = read.flatMap((entry): ProvisionedDeviceFacts[] => {
    if (entry === undefined) return [];
    const { device, tags } = entry;
    if (tags[ORGMFA_TAG_KEY] !== PROVISIONED_TAG_VALUE || !tags[COMPLIANCE_TAG_KEYS.seedExpires]) return [];
    return [
      {
        userName: device.userName,
        serialNumber: device.serialNumber,
        seedExpiresAt: tags[COMPLIANCE_TAG_KEYS.seedExpires],
        ...(tags[COMPLIANCE_TAG_KEYS.seedCollected]
          ? { collectedAt: tags[COMPLIANCE_TAG_KEYS.seedCollected] }
          : {}),
        ...(tags[USER_ID_TAG_KEY] === undefined ? {} : { provisionedFor: tags[USER_ID_TAG_KEY] }),
        ...(device.userId === undefined ? {} : { assignedUserId: device.userId }),
      },
    ];
  });
  return { provisioned, undecided };
}

/**
 * The root user from IAM's account summary (one call); undefined when IAM denies it, with a warning
 * that says so (and is the only word on ORGMFA.5: the summary was not read, so nothing in it is odd).
 */
async function rootUser(iam: IAMClient, warnings: string[]): Promise<RootFacts | undefined> {
  try {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    return rootFactsOf(SummaryMap ?? {});
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    warnings.push(
      `iam:GetAccountSummary was denied (${(error as Error).message.split('\n')[0]}): is the member stack up to date?`,
    );
    return undefined;
  }
}

/** How many users are read at once, when their MFA kind matters or their row cannot be trusted. */
const PER_USER_CONCURRENCY = 8;

/**
 * The answer to an AccessDenied on a per-user read (such as an SCP protecting the user's path): the
 * user is left out, so that its findings stay as they were, with a warning naming the user and the call.
 * Any other error is about the account, and is thrown.
 */
function deniedForUser(error: unknown, call: string, userName: string, warnings: string[]): undefined {
  if (!isAccessDenied(error)) throw error;
  warnings.push(
    `${call} was denied for IAM user ${userName} (${briefly(error)}): its findings were left as they were`,
  );
  return undefined;
}

/**
 * The users whose MFA kind decides a verdict, with their kind read fresh (ListMFADevices, one call per
 * such user: a user with active access keys and MFA that is no virtual device). Errors about one user
 * leave that user out, so that its findings stay as they were (see sweepScope): a user deleted since the
 * listing (NoSuchEntity) until the next sweep; a user whose devices IAM refuses to list (AccessDenied,
 * such as an SCP protecting the user's path) with a warning naming the user and the call. Any other
 * error is about the account, and fails it.
 */
async function classifyMfa(
  iam: IAMClient,
  users: readonly UserFacts[],
  readAt: string,
  warnings: string[],
): Promise<UserFacts[]> {
  const classified = await pool(users, PER_USER_CONCURRENCY, async (user) => {
    if (!needsMfaKind(user)) return user;
    try {
      const { MFADevices = [] } = await iam.send(new ListMFADevicesCommand({ UserName: user.userName }));
      return withMfaKind(user, mfaKindOf(MFADevices.map((device) => device.SerialNumber ?? '')), readAt);
    } catch (error) {
      if (error instanceof NoSuchEntityException) return undefined;
      return deniedForUser(error, 'iam:ListMFADevices', user.userName, warnings);
    }
  });
  return classified.filter((user): user is UserFacts => user !== undefined);
}

/**
 * The users whose report row cannot be trusted (see FreshRead), read fresh with the event path's
 * per-user reads (four calls each) at `now`, which is their evidence time. A user deleted since the
 * listing is left out (its findings stay until the next sweep); a denied read leaves the user out with
 * a warning (see deniedForUser).
 */
async function readFresh(
  iam: IAMClient,
  freshReads: readonly FreshRead[],
  now: Date,
  warnings: string[],
): Promise<{ users: UserFacts[]; frozen: string[] }> {
  const frozen: string[] = [];
  const read = await pool(freshReads, PER_USER_CONCURRENCY, async ({ userName, rowArns }) => {
    try {
      return await readUserFacts(iam, userName, now);
    } catch (error) {
      const denied = deniedForUser(
        error,
        'the fresh read (GetUser, GetLoginProfile, ListAccessKeys, ListMFADevices)',
        userName,
        warnings,
      );
      frozen.push(...rowArns);
      return denied;
    }
  });
  return { users: read.filter((user): user is UserFacts => user !== undefined), frozen };
}

/**
 * `scope`, less the findings a read that was denied left undecided: those on the ARNs of users whose
 * fresh read was denied (see FreshRead.rowArns), and the ORGMFA.4 findings of users whose device tags
 * could not be read. They stay as they were.
 */
function withoutUndecided(
  scope: (record: FindingRecord) => boolean,
  undecided: { readonly arns: readonly string[]; readonly seedUsers: ReadonlySet<string> },
): (record: FindingRecord) => boolean {
  const arns = new Set(undecided.arns);
  const seedSubjects = new Set(Array.from(undecided.seedUsers, seedSubject));
  return (record) =>
    scope(record) &&
    !arns.has(record.resourceId) &&
    !(record.control === 'ORGMFA.4' && record.subject !== undefined && seedSubjects.has(record.subject));
}

/** How to assess: the evaluation settings, and how to wait while IAM builds the credential report. */
export interface AssessmentSettings {
  /** When the assessment's fresh reads begin. */
  readonly now: Date;
  readonly orphanGraceHours: number;
  readonly deleteOrphans: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Since when orgmfa's device record knows each device continuously unassigned (the orphan age proof). */
  readonly unassignedSince: ReadonlyMap<string, string>;
  /** Whether the credential report was requested beforehand (the sweep's first pass): read it at once. */
  readonly reportRequested?: boolean;
  /**
   * orgmfa's findings record of the account (the sweep): a user whose record assumed another exemption
   * state than its tags give now is read fresh (see usersFromReport).
   */
  readonly records?: readonly FindingRecord[];
  /** Which assigned devices' tags are read to decide ORGMFA.4 (see isSeedCandidate). */
  readonly seedCheck: SeedCheck;
}

/** One account's assessment. */
export interface Assessment {
  readonly usersEvaluated: number;
  /** The users evaluated, as their verdicts saw them (the guardrail preview reads them too). */
  readonly users: readonly UserFacts[];
  /** Of those, users with at least one MFA device of any kind (for the report's share of users with MFA). */
  readonly usersWithMfa: number;
  readonly userResults: ControlResult[];
  readonly account: AccountEvaluation;
  /** Which records the assessment covered: see sweepScope. */
  readonly inScope: (record: FindingRecord) => boolean;
  /** When the fresh reads began (ISO 8601): the evidence time of what they decide, absences included. */
  readonly readAt: string;
  /** What could not be read or decided, one line each. */
  readonly warnings: string[];
  /** The complete device listing, for orgmfa's device record. */
  readonly listing: DeviceListing;
}

/**
 * Reads one account (read-only) and evaluates every control with the one implementation. The
 * credential report (one report, whatever the number of users, up to four hours old) is corrected by
 * what is read fresh anyway (see report-facts.ts): the users that exist now with their tags (a page per
 * thousand users), the virtual MFA devices (whose ages come from orgmfa's device record,
 * `settings.unassignedSince`), and the root user from IAM's account summary (one call).
 * Only users with active access keys and MFA that is no virtual device cost a call more each
 * (ListMFADevices: is it FIDO only?), the rare users whose row cannot be trusted four (read fresh,
 * see FreshRead), and only the ORGMFA.4 candidates (`settings.seedCheck`: devices enabled recently,
 * or whose seed finding is active) a call each for their tags (ListMFADeviceTags). Shared by the sweep
 * and `orgmfa audit`.
 */
export async function assessAccount(
  iam: IAMClient,
  accountId: string,
  settings: AssessmentSettings,
): Promise<Assessment> {
  const readAt = settings.now.toISOString();
  const warnings: string[] = [];
  const [report, current, { listed: found, seeds }, root] = await Promise.all([
    fetchCredentialReport(iam, settings.sleep, settings.now, {
      requested: settings.reportRequested === true,
    }),
    currentUsers(iam),
    // The candidates' tags are read as soon as the device listing is in, while the report may still build.
    devices(iam, settings.unassignedSince).then(async (listed) => ({
      listed,
      seeds: await provisionedDevices(
        iam,
        listed.assignedDevices,
        settings.seedCheck,
        settings.now,
        warnings,
      ),
    })),
    rootUser(iam, warnings),
  ]).catch((error: unknown) => rethrowThrottling(error, `reading account ${accountId}`));
  const parsed = parseCredentialReport(report.csv);
  warnings.push(...skippedLineWarnings(parsed.skipped));
  const fromReport = usersFromReport(parsed.users, {
    current,
    withVirtualDevice: found.assignedTo,
    reportAt: report.generatedAt,
    readAt,
    ...(settings.records === undefined ? {} : { records: settings.records }),
  });
  const [classified, fresh] = await Promise.all([
    classifyMfa(iam, fromReport.users, readAt, warnings),
    readFresh(iam, fromReport.freshReads, settings.now, warnings),
  ]).catch((error: unknown) => rethrowThrottling(error, `reading users in account ${accountId}`));
  const users = [...classified, ...fresh.users];
  const userResults = users.flatMap((user) => evaluateUser(user, { now: settings.now }));
  const account = evaluateAccount(
    {
      accountId,
      // Unknown facts leave ORGMFA.5 undecided, as it was.
      root: root ?? rootFactsOf({}),
      unassignedDevices: found.unassigned,
      provisionedDevices: seeds.provisioned,
      evidenceAt: readAt,
    },
    { now: settings.now, orphanGraceHours: settings.orphanGraceHours, deleteOrphans: settings.deleteOrphans },
  );
  // Why ORGMFA.5 is undecided: what the summary did not state; a denied summary has its own warning.
  if (root !== undefined) warnings.push(...account.undecided);
  return {
    usersEvaluated: users.length,
    users,
    usersWithMfa: users.filter((user) => user.mfa !== 'none').length,
    userResults,
    account,
    inScope: withoutUndecided(sweepScope(users, current, account.undecided.length === 0), {
      arns: fresh.frozen,
      seedUsers: seeds.undecided,
    }),
    readAt,
    warnings,
    listing: found.listing,
  };
}
