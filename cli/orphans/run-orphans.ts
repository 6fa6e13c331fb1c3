import { paginateListVirtualMFADevices } from '@aws-sdk/client-iam';
import type { MemberAccount } from '../../functions/aws/member-account';
import { deleteIfStillOrphan } from '../../functions/aws/delete-if-still-orphan';
import { ACCOUNT_ID, USER_NAME } from '../../functions/core/iam-names';
import { ROLE_NAME_PATTERN } from '../../functions/core/config';
import { openAccountAsOperator, operatorDeps, type OperatorDeps } from '../operator';
import type { CliRuntime } from '../runtime';
import { UsageError } from '../usage-error';

export interface OrphansOptions {
  readonly account: string;
  readonly user?: string;
  readonly dryRun?: boolean;
  readonly output: 'table' | 'json';
  readonly profile?: string;
  readonly region?: string;
  readonly roleName?: string;
  readonly config?: string;
  readonly verbose?: boolean;
}

/** An unassigned virtual MFA device. */
export interface OrphanDevice {
  readonly serialNumber: string;
  readonly name: string;
  readonly path: string;
}

/** What `orgmfa orphans list` found. */
export interface OrphansListReport {
  readonly accountId: string;
  readonly user: string | null;
  readonly devices: readonly OrphanDevice[];
}

/** What happened to one device in `orgmfa orphans clean`. */
export interface CleanResult extends OrphanDevice {
  /** The clean-up's outcome (as the workflow reports it), `WouldDelete` in a dry run, or `Failed`. */
  readonly outcome: string;
  readonly reason: string | null;
}

/** What `orgmfa orphans clean` did. */
export interface OrphansCleanReport {
  readonly accountId: string;
  readonly user: string | null;
  readonly dryRun: boolean;
  readonly results: readonly CleanResult[];
}

/** The RoleSessionName suffix of the operator's sessions, so CloudTrail tells them from the workflow's. */
const SESSION_PURPOSE = 'orphans-cli';

function checkOptions(options: OrphansOptions): void {
  if (!ACCOUNT_ID.test(options.account)) {
    throw new UsageError(`--account must be a 12-digit account id, got ${JSON.stringify(options.account)}`);
  }
  if (options.user !== undefined && !USER_NAME.test(options.user)) {
    throw new UsageError(`--user ${JSON.stringify(options.user)} is not an IAM user name`);
  }
  if (options.roleName !== undefined && !ROLE_NAME_PATTERN.test(options.roleName)) {
    throw new UsageError(`--role-name ${JSON.stringify(options.roleName)} is not an IAM role name`);
  }
}

/**
 * The dependencies of the workflow's own clean-up code, built for an operator: the hub settings come
 * from the configuration (cdk.json context, or `--config`), the operator's credentials from the
 * profile, and the member role may be another one the operator can assume (`--role-name`).
 */
async function openAccount(deps: OperatorDeps, options: OrphansOptions): Promise<MemberAccount> {
  return openAccountAsOperator(deps, options, options.account, SESSION_PURPOSE);
}

/** `arn:<partition>:iam::<account>:mfa<path><name>` into its path and name. */
function deviceOf(serialNumber: string): OrphanDevice {
  const rest = serialNumber.slice(serialNumber.indexOf(':mfa') + ':mfa'.length);
  const slash = rest.lastIndexOf('/');
  return { serialNumber, path: rest.slice(0, slash + 1) || '/', name: rest.slice(slash + 1) };
}

/** A device named for the user: the name is the user name, or starts with it (`alice-phone`). */
function namedFor(device: OrphanDevice, user: string | undefined): boolean {
  return user === undefined || device.name.startsWith(user);
}

async function listUnassigned(
  deps: OperatorDeps,
  options: OrphansOptions,
  account: MemberAccount,
): Promise<OrphanDevice[]> {
  const devices: OrphanDevice[] = [];
  // AssignmentStatus must be explicit: without it IAM lists assigned devices too.
  for await (const page of paginateListVirtualMFADevices(
    { client: deps.clients.iam(account) },
    { AssignmentStatus: 'Unassigned' },
  )) {
    for (const device of page.VirtualMFADevices ?? []) {
      if (device.SerialNumber === undefined) continue;
      const orphan = deviceOf(device.SerialNumber);
      if (namedFor(orphan, options.user)) devices.push(orphan);
    }
  }
  return devices;
}

/** `orgmfa orphans list`: the account's unassigned virtual MFA devices. */
export async function runOrphansList(
  options: OrphansOptions,
  runtime: CliRuntime,
): Promise<OrphansListReport> {
  checkOptions(options);
  const deps = operatorDeps(options, runtime);
  return {
    accountId: options.account,
    user: options.user ?? null,
    devices: await listUnassigned(deps, options, await openAccount(deps, options)),
  };
}

/**
 * `orgmfa orphans clean`: deletes the account's unassigned virtual MFA devices (those named for
 * `--user` only, with it) through the event workflow's own safety rule: the account opened once
 * through the membership gate, then for each device a fresh `Unassigned` listing that must contain
 * it, and the deletion, with DeleteConflict (assigned meanwhile) and NoSuchEntity (already gone) as
 * outcomes. An assigned device is never deleted or deactivated. A device that cannot be processed is
 * reported as `Failed` and the others are still processed.
 */
export async function runOrphansClean(
  options: OrphansOptions,
  runtime: CliRuntime,
): Promise<OrphansCleanReport> {
  checkOptions(options);
  const deps = operatorDeps(options, runtime);
  const account = await openAccount(deps, options);
  const iam = deps.clients.iam(account);
  const devices = await listUnassigned(deps, options, account);
  const results: CleanResult[] = [];
  for (const device of devices) {
    if (options.dryRun) {
      results.push({ ...device, outcome: 'WouldDelete', reason: null });
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
  return { accountId: options.account, user: options.user ?? null, dryRun: options.dryRun === true, results };
}

/** Left-aligned columns, the header first. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

function scope(report: { accountId: string; user: string | null }): string {
  return `account ${report.accountId}${report.user === null ? '' : `, devices named for ${report.user}`}`;
}

/** The table `orgmfa orphans list` prints. */
export function formatList(report: OrphansListReport): string {
  if (report.devices.length === 0) return `no unassigned virtual MFA devices (${scope(report)})`;
  return `${report.devices.length} unassigned virtual MFA device(s) (${scope(report)}):\n${table(
    ['SERIAL NUMBER', 'NAME', 'PATH'],
    report.devices.map((d) => [d.serialNumber, d.name, d.path]),
  )}`;
}

/** The table `orgmfa orphans clean` prints. */
export function formatClean(report: OrphansCleanReport): string {
  if (report.results.length === 0)
    return `no unassigned virtual MFA devices (${scope(report)}): nothing to do`;
  const lines = table(
    ['SERIAL NUMBER', 'OUTCOME', 'REASON'],
    report.results.map((r) => [r.serialNumber, r.outcome, r.reason ?? '']),
  );
  return report.dryRun
    ? `dry run, nothing was deleted (${scope(report)}):\n${lines}`
    : `${scope(report)}:\n${lines}`;
}
