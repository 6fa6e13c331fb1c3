import { quote } from '../quote';
import type {
  AccountFacts,
  ControlResult,
  EvaluationSettings,
  ProvisionedDeviceFacts,
  ResourceRef,
  RootFacts,
  UnassignedDeviceFacts,
} from './model';
import { ROOT_SUMMARY_KEYS } from './root-facts';
import { COMPLIANCE_TAG_KEYS } from './tags';
import { parseTimestamp } from './time';

const HOUR_MS = 3_600_000;

/** What the sweep does with an account's evaluation. */
export interface AccountEvaluation {
  /** ORGMFA.5 for the account, ORGMFA.3 per unassigned device, ORGMFA.4 per provisioned device. */
  readonly results: ControlResult[];
  /** Unassigned devices proven older than the grace period, to delete under the orphan safety rule. */
  readonly orphansToDelete: string[];
  /** Why a control could not be decided (ORGMFA.5 left as it was), for the account's warnings. */
  readonly undecided: string[];
}

/** The account as a finding's resource, optionally about one thing in it (a device, a user's seed). */
export function accountResource(accountId: string, subject?: string): ResourceRef {
  const id = `AWS::::Account:${accountId}`;
  return subject === undefined ? { type: 'AwsAccount', id } : { type: 'AwsAccount', id, subject };
}

/**
 * The subject of a user's ORGMFA.4 finding. It names the user's seed rather than the device serial, so
 * that provisioning the user again (a new device) updates the same finding instead of leaving the old
 * one active; a user name is unique in its account.
 */
export function seedSubject(userName: string): string {
  return `seed:${userName}`;
}

const VIRTUAL_DEVICE_ACCOUNT = /^arn:[a-z-]+:iam::(\d{12}):mfa\//;

/**
 * The FAILED ORGMFA.3 result of an orphan that the sweep meant to delete but could not (the safety
 * rule refused, or the call failed). `evaluateAccount` reported it PASSED, expecting the deletion; the
 * sweep adds this result and `planImports` lets a FAILED result win over a PASSED one for the same
 * finding. The account is read from the serial number, which for a virtual device is its ARN.
 */
export function orphanNotDeleted(serialNumber: string, reason: string, evidenceAt: string): ControlResult {
  const account = VIRTUAL_DEVICE_ACCOUNT.exec(serialNumber)?.[1];
  if (account === undefined) {
    throw new Error(`${quote(serialNumber)} is not the serial number (ARN) of a virtual MFA device`);
  }
  return {
    control: 'ORGMFA.3',
    resource: accountResource(account, serialNumber),
    status: 'FAILED',
    detail: `Unassigned virtual MFA device ${serialNumber} is older than the grace period but was not deleted: ${reason}.`,
    evidenceAt,
  };
}

/**
 * One unassigned device: its age is proven by orgmfa's own record of when it has been continuously
 * unassigned since (never by a tag, which anyone allowed to tag devices could write or pre-date).
 */
function evaluateUnassigned(
  facts: AccountFacts,
  device: UnassignedDeviceFacts,
  settings: EvaluationSettings & { readonly deleteOrphans: boolean },
  evaluation: AccountEvaluation,
): ControlResult {
  const serial = device.serialNumber;
  const what = `Unassigned virtual MFA device ${serial}`;
  const grace = `the grace period of ${settings.orphanGraceHours} hours`;
  const result = (failed: boolean, detail: string): ControlResult => ({
    control: 'ORGMFA.3',
    resource: accountResource(facts.accountId, serial),
    status: failed ? 'FAILED' : 'PASSED',
    detail,
    evidenceAt: facts.evidenceAt,
  });
  const since = device.unassignedSince === undefined ? undefined : parseTimestamp(device.unassignedSince);
  const now = settings.now.getTime();
  // A time after now proves nothing: the device counts as first seen now, which restarts its grace
  // period rather than shortening it.
  if (since === undefined || since > now) {
    return result(
      false,
      `${what} has not been seen unassigned before: orgmfa records it as first seen now, and reports it only once it is provably older than ${grace}.`,
    );
  }
  const at = new Date(since).toISOString();
  if (now - since <= settings.orphanGraceHours * HOUR_MS) {
    return result(false, `${what}, unassigned since ${at}, is within ${grace} (a user may be enrolling it).`);
  }
  if (settings.deleteOrphans) {
    evaluation.orphansToDelete.push(serial);
    return result(
      false,
      `${what}, unassigned since ${at}, is older than ${grace} and is deleted by the sweep.`,
    );
  }
  return result(true, `${what} has been unassigned since at least ${at}, longer than ${grace}.`);
}

/** One device orgmfa provisioned: was its seed collected before the parameter expired? */
function evaluateProvisioned(facts: AccountFacts, device: ProvisionedDeviceFacts, now: Date): ControlResult {
  const what = `The seed of the MFA device ${device.serialNumber} that orgmfa provisioned for ${device.userName}`;
  const result = (failed: boolean, detail: string): ControlResult => ({
    control: 'ORGMFA.4',
    resource: accountResource(facts.accountId, seedSubject(device.userName)),
    status: failed ? 'FAILED' : 'PASSED',
    detail,
    evidenceAt: facts.evidenceAt,
  });
  if (device.collectedAt !== undefined && device.collectedAt !== '') {
    return result(false, `${what} was collected (${quote(device.collectedAt)}).`);
  }
  const { provisionedFor, assignedUserId } = device;
  if (provisionedFor !== undefined && assignedUserId !== undefined && provisionedFor !== assignedUserId) {
    // The self-service policy lets a user read the seed stored under their own unique id only.
    return result(
      true,
      `${what} is stored for the unique id ${provisionedFor}, not for ${assignedUserId} of the user it is assigned to (a user of that name re-created while it was provisioned): nobody can collect it.`,
    );
  }
  const expires = parseTimestamp(device.seedExpiresAt);
  if (expires === undefined) {
    // The tag is orgmfa's own; an unreadable one was edited. Claiming an expiry nobody can prove would be
    // a false finding, so the result says what is known.
    return result(
      false,
      `${what} has an unreadable ${COMPLIANCE_TAG_KEYS.seedExpires} tag ${quote(device.seedExpiresAt)}: whether it expired is unknown.`,
    );
  }
  const at = new Date(expires).toISOString();
  return now.getTime() > expires
    ? result(true, `${what} expired at ${at} without being collected.`)
    : result(false, `${what} awaits pickup until ${at}.`);
}

/** The root user's credentials that the account summary states are present, in words. */
function rootCredentials(root: RootFacts): string[] {
  return [
    ...(root.password === true ? ['a password'] : []),
    ...(root.accessKeys === true ? ['access keys'] : []),
    ...(root.signingCertificates === true ? ['signing certificates'] : []),
  ];
}

/**
 * ORGMFA.5 from the root user's facts: PASSED with MFA; FAILED when it has some credential (password,
 * access keys, signing certificates) and no MFA; PASSED with "no root credentials" when it has none
 * (centralized root access removed them: it cannot sign in, and MFA does not apply, as AWS Config's
 * own root-MFA rule reports NOT_APPLICABLE). Undecided (a reason, no result) when what is stated does
 * not decide it: a missing summary key is never read as "no MFA" or "no credential".
 */
function evaluateRoot(facts: AccountFacts): ControlResult | string {
  const { root } = facts;
  const who = `The root user of account ${facts.accountId}`;
  const result = (failed: boolean, detail: string): ControlResult => ({
    control: 'ORGMFA.5',
    resource: accountResource(facts.accountId),
    status: failed ? 'FAILED' : 'PASSED',
    detail,
    evidenceAt: facts.evidenceAt,
  });
  if (root.mfa === true) return result(false, `${who} has an MFA device.`);
  if (root.mfa === undefined) {
    return `ORGMFA.5 not decided: IAM's account summary does not state ${ROOT_SUMMARY_KEYS.mfa}`;
  }
  const credentials = rootCredentials(root);
  if (credentials.length > 0) {
    return result(true, `${who} has ${credentials.join(', ')} and no MFA device.`);
  }
  const unstated = (Object.keys(ROOT_SUMMARY_KEYS) as (keyof RootFacts)[])
    .filter((fact) => root[fact] === undefined)
    .map((fact) => ROOT_SUMMARY_KEYS[fact]);
  if (unstated.length > 0) {
    return `ORGMFA.5 not decided: the root user has no MFA, and IAM's account summary does not state ${unstated.join(', ')}`;
  }
  return result(
    false,
    `${who} has no root credentials (no password, access keys or signing certificates): it cannot sign in, and MFA does not apply.`,
  );
}

/**
 * Evaluates the account-level controls: ORGMFA.5 (root MFA, see evaluateRoot; when undecided, no result
 * and a reason in `undecided`), ORGMFA.3 per unassigned device and
 * ORGMFA.4 per provisioned device. An unassigned device is reported or deleted only once orgmfa's record
 * proves it continuously unassigned for longer than the grace period; one the record does not know
 * unassigned is PASSED (the sweep records it as first seen now). With `deleteOrphans`, a proven orphan goes to `orphansToDelete` and is
 * PASSED, because the sweep deletes it; should that fail, the sweep reports {@link orphanNotDeleted}.
 */
export function evaluateAccount(
  facts: AccountFacts,
  settings: EvaluationSettings & { readonly deleteOrphans: boolean },
): AccountEvaluation {
  const evaluation: AccountEvaluation = { results: [], orphansToDelete: [], undecided: [] };
  const root = evaluateRoot(facts);
  if (typeof root === 'string') evaluation.undecided.push(root);
  else evaluation.results.push(root);
  for (const device of facts.unassignedDevices) {
    evaluation.results.push(evaluateUnassigned(facts, device, settings, evaluation));
  }
  for (const device of facts.provisionedDevices) {
    evaluation.results.push(evaluateProvisioned(facts, device, settings.now));
  }
  return evaluation;
}
