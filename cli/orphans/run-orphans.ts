import { paginateListVirtualMFADevices } from '@aws-sdk/client-iam';
import type { MemberAccount } from '../../functions/aws/member-account';
import { deleteIfStillOrphan } from '../../functions/aws/delete-if-still-orphan';
import { parseTimestamp } from '../../functions/core/compliance/time';
import type { DeviceRecord } from '../../functions/core/device-record';
import { ACCOUNT_ID, iamUserOfArn, USER_NAME, VIRTUAL_MFA_DEVICE_NAME } from '../../functions/core/iam-names';
import { ROLE_NAME_PATTERN } from '../../functions/core/config';
import {
  openAccountAsOperator,
  operatorDeps,
  readDeviceRecordAsOperator,
  type OperatorDeps,
} from '../operator';
import { ask } from '../prompt';
import { isInteractive, type CliRuntime } from '../runtime';
import { CommandFailedError, UsageError } from '../usage-error';

export interface OrphansOptions {
  readonly account: string;
  readonly user?: string;
  readonly device?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly includeRecent?: boolean;
  readonly output: 'table' | 'json';
  readonly profile?: string;
  readonly region?: string;
  readonly roleName?: string;
  readonly config?: string;
  readonly verbose?: boolean;
}

/** An unassigned virtual MFA device, with what orgmfa's record proves about it. */
export interface OrphanDevice {
  readonly serialNumber: string;
  readonly name: string;
  readonly path: string;
  /** Since when orgmfa's record knows it continuously unassigned; null when the record does not. */
  readonly unassignedSince: string | null;
  /** Who created it (CloudTrail userIdentity.arn), when orgmfa recorded the creation. */
  readonly createdBy: string | null;
}

/** What `orgmfa orphans list` found. */
export interface OrphansListReport {
  readonly accountId: string;
  readonly user: string | null;
  readonly device: string | null;
  readonly devices: readonly OrphanDevice[];
}

/** What happened to one device in `orgmfa orphans clean`. */
export interface CleanResult extends OrphanDevice {
  /**
   * The clean-up's outcome (as the workflow reports it), `WouldDelete` in a dry run, `SkippedRecent`
   * for a device not proven older than the enrolment window, or `Failed`.
   */
  readonly outcome: string;
  readonly reason: string | null;
}

/** What `orgmfa orphans clean` did. */
export interface OrphansCleanReport {
  readonly accountId: string;
  readonly user: string | null;
  readonly device: string | null;
  readonly dryRun: boolean;
  readonly results: readonly CleanResult[];
}

/** The RoleSessionName suffix of the operator's sessions, so CloudTrail tells them from the workflow's. */
const SESSION_PURPOSE = 'orphans-cli';
const DEVICE_ARN = /^arn:[\w-]+:iam::\d{12}:mfa(\/|\/[\x21-\x7e]*\/)[\w+=,.@-]{1,226}$/;

function checkOptions(options: OrphansOptions): void {
  if (!ACCOUNT_ID.test(options.account)) {
    throw new UsageError(`--account must be a 12-digit account id, got ${JSON.stringify(options.account)}`);
  }
  if (options.user !== undefined && !USER_NAME.test(options.user)) {
    throw new UsageError(`--user ${JSON.stringify(options.user)} is not an IAM user name`);
  }
  if (
    options.device !== undefined &&
    !VIRTUAL_MFA_DEVICE_NAME.test(options.device) &&
    !DEVICE_ARN.test(options.device)
  ) {
    throw new UsageError(
      `--device ${JSON.stringify(options.device)} is neither a virtual MFA device name nor its serial number (ARN)`,
    );
  }
  if (options.roleName !== undefined && !ROLE_NAME_PATTERN.test(options.roleName)) {
    throw new UsageError(`--role-name ${JSON.stringify(options.roleName)} is not an IAM role name`);
  }
}

/** `arn:<partition>:iam::<account>:mfa<path><name>` into its path and name. */
function nameAndPath(serialNumber: string): { name: string; path: string } {
  const rest = serialNumber.slice(serialNumber.indexOf(':mfa') + ':mfa'.length);
  const slash = rest.lastIndexOf('/');
  return { path: rest.slice(0, slash + 1) || '/', name: rest.slice(slash + 1) };
}

/**
 * Exact matching, never by prefix: `--user U` is a device named exactly U or one orgmfa's record
 * says IAM user U created; `--device D` is the device named exactly D (or whose serial number is D).
 */
function selected(device: OrphanDevice, options: OrphansOptions): boolean {
  const byUser =
    options.user === undefined ||
    device.name === options.user ||
    iamUserOfArn(device.createdBy)?.userName === options.user;
  const byDevice =
    options.device === undefined || device.name === options.device || device.serialNumber === options.device;
  return byUser && byDevice;
}

async function listUnassigned(
  deps: OperatorDeps,
  options: OrphansOptions,
  account: MemberAccount,
  record: DeviceRecord,
): Promise<OrphanDevice[]> {
  const devices: OrphanDevice[] = [];
  // AssignmentStatus must be explicit: without it IAM lists assigned devices too.
  for await (const page of paginateListVirtualMFADevices(
    { client: deps.clients.iam(account) },
    { AssignmentStatus: 'Unassigned' },
  )) {
    for (const listed of page.VirtualMFADevices ?? []) {
      if (listed.SerialNumber === undefined) continue;
      const entry = record.devices[listed.SerialNumber];
      const device: OrphanDevice = {
        serialNumber: listed.SerialNumber,
        ...nameAndPath(listed.SerialNumber),
        unassignedSince: entry?.unassignedSince ?? null,
        createdBy: entry?.createdBy ?? null,
      };
      if (selected(device, options)) devices.push(device);
    }
  }
  return devices;
}

/** The account opened through the membership gate, and its device record, read concurrently. */
async function openWithRecord(deps: OperatorDeps, options: OrphansOptions) {
  const [account, stored] = await Promise.all([
    openAccountAsOperator(deps, options, options.account, SESSION_PURPOSE),
    readDeviceRecordAsOperator(deps, options.account),
  ]);
  return { account, record: stored.record };
}

/** `orgmfa orphans list`: the account's unassigned virtual MFA devices, with their proven ages. */
export async function runOrphansList(
  options: OrphansOptions,
  runtime: CliRuntime,
): Promise<OrphansListReport> {
  checkOptions(options);
  const deps = await operatorDeps(options, runtime);
  const { account, record } = await openWithRecord(deps, options);
  return {
    accountId: options.account,
    user: options.user ?? null,
    device: options.device ?? null,
    devices: await listUnassigned(deps, options, account, record),
  };
}

/** Whole minutes from `since` to `now`, for the reasons people read. */
function minutesSince(since: string, now: Date): number {
  return Math.floor((now.getTime() - parseTimestamp(since)!) / 60_000);
}

/** Why a device is too recent to delete without --include-recent, or undefined when it is not. */
function recentReason(device: OrphanDevice, windowMinutes: number, now: Date): string | undefined {
  const window = `the enrolment window of ${windowMinutes} minutes`;
  if (device.unassignedSince === null) {
    return `orgmfa's record does not prove how long it has been unassigned (someone may be enrolling it): not deleted without --include-recent`;
  }
  const minutes = minutesSince(device.unassignedSince, now);
  return minutes < windowMinutes
    ? `unassigned for only ${minutes} minutes, less than ${window} (someone may be enrolling it): not deleted without --include-recent`
    : undefined;
}

/**
 * Why a device confirmed for deletion must be skipped now, after the prompt, if it must: orgmfa's record
 * no longer says what was shown (a new device of that name since, or one assigned and unassigned again).
 */
function changedSinceShown(shown: OrphanDevice, record: DeviceRecord): string | undefined {
  const since = record.devices[shown.serialNumber]?.unassignedSince ?? null;
  if (since === shown.unassignedSince) return undefined;
  return `orgmfa's record changed since the list was shown (unassigned since ${since ?? 'unknown'}, not ${shown.unassignedSince ?? 'unknown'}): a new enrolment may have started; run the command again`;
}

/** Asks on the terminal; anything but yes keeps every device. */
async function confirmed(runtime: CliRuntime, accountId: string, devices: readonly OrphanDevice[]) {
  runtime.stderr.write(
    `About to delete ${devices.length} unassigned virtual MFA device(s) in account ${accountId}:\n${table(
      ['SERIAL NUMBER', 'UNASSIGNED SINCE', 'CREATED BY'],
      devices.map((d) => [d.serialNumber, d.unassignedSince ?? 'unknown', d.createdBy ?? 'unknown']),
    )}\n`,
  );
  const answer = await ask(runtime, 'Delete them? Type "yes" to confirm: ');
  return /^(y|yes)$/i.test(answer);
}

/**
 * `orgmfa orphans clean`: deletes the account's unassigned virtual MFA devices that `--user` and
 * `--device` select exactly, through the event workflow's own safety rule (the account opened once
 * through the membership gate, then for each device a fresh `Unassigned` listing that must contain it,
 * and the deletion; DeleteConflict and NoSuchEntity are outcomes). A device orgmfa's record does not
 * prove unassigned for the whole enrolment window is skipped unless `--include-recent`: someone may be
 * enrolling it. The devices are listed with their proven ages and deleted only after a confirmation
 * on a terminal, or with `--yes`, and only if orgmfa's record, read again after it, still says what
 * was shown. A device that cannot be processed is reported as `Failed` and the
 * others are still processed.
 */
export async function runOrphansClean(
  options: OrphansOptions,
  runtime: CliRuntime,
): Promise<OrphansCleanReport> {
  checkOptions(options);
  if (!options.dryRun && !options.yes && !isInteractive(runtime)) {
    throw new UsageError(
      'not on a terminal, so nothing can be confirmed: pass --yes to delete (or --dry-run to look)',
    );
  }
  const deps = await operatorDeps(options, runtime);
  const { account, record } = await openWithRecord(deps, options);
  const devices = await listUnassigned(deps, options, account, record);
  const now = runtime.now();
  const windowMinutes = deps.compliance.enrolmentWindowMinutes;
  const results: CleanResult[] = [];
  const candidates: OrphanDevice[] = [];
  for (const device of devices) {
    const recent = options.includeRecent ? undefined : recentReason(device, windowMinutes, now);
    if (recent !== undefined) results.push({ ...device, outcome: 'SkippedRecent', reason: recent });
    else candidates.push(device);
  }
  const report = (all: CleanResult[]): OrphansCleanReport => ({
    accountId: options.account,
    user: options.user ?? null,
    device: options.device ?? null,
    dryRun: options.dryRun === true,
    results: all.sort((a, b) => a.serialNumber.localeCompare(b.serialNumber)),
  });
  if (options.dryRun) {
    return report([...results, ...candidates.map((d) => ({ ...d, outcome: 'WouldDelete', reason: null }))]);
  }
  const prompted = candidates.length > 0 && !options.yes;
  if (prompted && !(await confirmed(runtime, options.account, candidates))) {
    throw new CommandFailedError('not confirmed; nothing was deleted');
  }
  const iam = deps.clients.iam(account);
  // The prompt may have waited a while: a device re-created and being enrolled meanwhile keeps its name.
  const current = prompted ? (await readDeviceRecordAsOperator(deps, options.account)).record : record;
  for (const device of candidates) {
    const changed = changedSinceShown(device, current);
    if (changed !== undefined) {
      results.push({ ...device, outcome: 'SkippedRecent', reason: changed });
      continue;
    }
    try {
      const result = await deleteIfStillOrphan(deps.log, iam, {
        accountId: options.account,
        partition: deps.settings.partition,
        serialNumber: device.serialNumber,
        cloudTrailEventId: 'orgmfa-orphans-clean',
      });
      results.push({ ...device, outcome: result.outcome, reason: result.reason });
    } catch (error) {
      results.push({
        ...device,
        outcome: 'Failed',
        reason: `${(error as Error).name}: ${(error as Error).message}`,
      });
    }
  }
  return report(results);
}

/** Left-aligned columns, the header first. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

function scope(report: { accountId: string; user: string | null; device: string | null }): string {
  return [
    `account ${report.accountId}`,
    ...(report.user === null ? [] : [`user ${report.user}`]),
    ...(report.device === null ? [] : [`device ${report.device}`]),
  ].join(', ');
}

/** The table `orgmfa orphans list` prints. */
export function formatList(report: OrphansListReport): string {
  if (report.devices.length === 0) return `no unassigned virtual MFA devices (${scope(report)})`;
  return `${report.devices.length} unassigned virtual MFA device(s) (${scope(report)}):\n${table(
    ['SERIAL NUMBER', 'UNASSIGNED SINCE', 'CREATED BY'],
    report.devices.map((d) => [d.serialNumber, d.unassignedSince ?? 'unknown', d.createdBy ?? 'unknown']),
  )}`;
}

/** The table `orgmfa orphans clean` prints. */
export function formatClean(report: OrphansCleanReport): string {
  if (report.results.length === 0)
    return `no unassigned virtual MFA devices (${scope(report)}): nothing to do`;
  const lines = table(
    ['SERIAL NUMBER', 'UNASSIGNED SINCE', 'OUTCOME', 'REASON'],
    report.results.map((r) => [r.serialNumber, r.unassignedSince ?? 'unknown', r.outcome, r.reason ?? '']),
  );
  return report.dryRun
    ? `dry run, nothing was deleted (${scope(report)}):\n${lines}`
    : `${scope(report)}:\n${lines}`;
}
