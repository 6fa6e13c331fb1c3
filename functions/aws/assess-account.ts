import { COMPLIANCE_TAG_KEYS } from '../core/compliance/tags';
import {
  paginateGetAccountAuthorizationDetails,
  paginateListVirtualMFADevices,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parseCredentialReport, userFacts } from '../core/compliance/credential-report';
import { evaluateAccount } from '../core/compliance/evaluate-account';
import { evaluateUser } from '../core/compliance/evaluate-user';
import type { ControlResult, ProvisionedDeviceFacts, UnassignedDeviceFacts } from '../core/compliance/model';
import { ORGMFA_TAG_KEY } from '../core/naming';
import { rethrowThrottling } from './aws-errors';
import { tagMap } from './tag-map';
import { fetchCredentialReport } from './credential-report';

type Tags = Record<string, string>;

/** Every user's tags, a page of up to 1000 users per call (not a call per user). */
async function userTags(iam: IAMClient): Promise<Map<string, Tags>> {
  const tags = new Map<string, Tags>();
  for await (const page of paginateGetAccountAuthorizationDetails(
    { client: iam, pageSize: 1000 },
    { Filter: ['User'] },
  )) {
    for (const user of page.UserDetailList ?? [])
      if (user.UserName !== undefined) tags.set(user.UserName, tagMap(user.Tags));
  }
  return tags;
}

/** Which of the account's virtual MFA devices a complete listing showed unassigned, and which assigned. */
export interface DeviceListing {
  readonly unassigned: readonly string[];
  readonly assigned: readonly string[];
}

/**
 * The account's virtual MFA devices: unassigned ones with since when orgmfa's record knows them
 * unassigned, those orgmfa provisioned, and the listing itself (for the record).
 */
async function devices(iam: IAMClient, unassignedSince: ReadonlyMap<string, string>) {
  const unassigned: UnassignedDeviceFacts[] = [];
  const provisioned: ProvisionedDeviceFacts[] = [];
  const assigned: string[] = [];
  // Explicitly Any: both kinds are needed, and IAM's default is not something to rely on.
  for await (const page of paginateListVirtualMFADevices(
    { client: iam, pageSize: 1000 },
    { AssignmentStatus: 'Any' },
  )) {
    for (const device of page.VirtualMFADevices ?? []) {
      const tags = tagMap(device.Tags);
      const serialNumber = device.SerialNumber ?? '';
      const since = unassignedSince.get(serialNumber);
      if (device.User === undefined) {
        unassigned.push({ serialNumber, ...(since === undefined ? {} : { unassignedSince: since }) });
        continue;
      }
      assigned.push(serialNumber);
      if (tags[ORGMFA_TAG_KEY] === 'provisioned' && tags[COMPLIANCE_TAG_KEYS.seedExpires]) {
        provisioned.push({
          userName: device.User.UserName ?? '',
          serialNumber,
          seedExpiresAt: tags[COMPLIANCE_TAG_KEYS.seedExpires],
          ...(tags[COMPLIANCE_TAG_KEYS.seedCollected]
            ? { collectedAt: tags[COMPLIANCE_TAG_KEYS.seedCollected] }
            : {}),
        });
      }
    }
  }
  const listing: DeviceListing = { unassigned: unassigned.map((d) => d.serialNumber), assigned };
  return { unassigned, provisioned, listing };
}

/** How to assess: the evaluation settings, and how to wait while IAM builds the credential report. */
export interface AssessmentSettings {
  readonly now: Date;
  readonly orphanGraceHours: number;
  readonly deleteOrphans: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  /** Since when orgmfa's device record knows each device continuously unassigned (the orphan age proof). */
  readonly unassignedSince: ReadonlyMap<string, string>;
}

/**
 * Reads one account (read-only) and evaluates every control with the one implementation: the
 * credential report (one report, whatever the number of users; the sweep does not need per-user
 * freshness), every user's tags (a page per thousand users) and the virtual MFA devices, whose ages come
 * from orgmfa's device record (`settings.unassignedSince`). Shared by the sweep and `orgmfa audit`.
 */
export async function assessAccount(iam: IAMClient, accountId: string, settings: AssessmentSettings) {
  const [report, tags, found] = await Promise.all([
    fetchCredentialReport(iam, settings.sleep),
    userTags(iam),
    devices(iam, settings.unassignedSince),
  ]).catch((error: unknown) => rethrowThrottling(error, `reading account ${accountId}`));
  const parsed = parseCredentialReport(report);
  const userResults: ControlResult[] = parsed.users.flatMap((row) =>
    evaluateUser(userFacts(row, tags.get(row.userName) ?? {}), { now: settings.now }),
  );
  const account = evaluateAccount(
    {
      accountId,
      rootMfaActive: parsed.root?.mfaActive ?? false,
      unassignedDevices: found.unassigned,
      provisionedDevices: found.provisioned,
    },
    { now: settings.now, orphanGraceHours: settings.orphanGraceHours, deleteOrphans: settings.deleteOrphans },
  );
  return { usersEvaluated: parsed.users.length, userResults, account, listing: found.listing };
}
