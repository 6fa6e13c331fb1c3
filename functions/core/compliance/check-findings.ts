import { CONTROLS } from './controls';
import { complianceStatus, findingId, recordStateOf } from './finding';
import type { ControlId, FindingRecord, FindingScope } from './model';
import { ARCHIVED_FINDING_KEPT_MS } from './retention';
import { parseTimestamp } from './time';

/**
 * The sweep's read-back: orgmfa's record of an account's findings against what Security Hub CSPM holds
 * (GetFindings on orgmfa's product and generator ids). A principal in the member account may import
 * findings with the account's default product, orgmfa's included: re-importing one as PASSED or
 * ARCHIVED, or with an UpdatedAt far in the future so that orgmfa's later imports are ignored, would
 * hide it. Every disagreement is reported; what can be put right is re-imported (`restore`). Findings
 * Security Hub holds ACTIVE that the record does not know (an import whose record write was lost) are
 * handed back (`unrecorded`) to be resolved or adopted.
 */

/** One finding as GetFindings returned it. */
export interface ObservedFinding {
  readonly id: string;
  readonly updatedAt?: string;
  readonly createdAt?: string;
  readonly complianceStatus?: string;
  readonly recordState?: string;
  /** Workflow.Status (NEW, NOTIFIED, RESOLVED, SUPPRESSED): see suppressed-findings.ts. */
  readonly workflowStatus?: string;
  /** `orgmfa/<control>`. */
  readonly generatorId?: string;
  /** The first resource's Id, and the subject orgmfa puts in its details (see toFinding). */
  readonly resourceId?: string;
  readonly subject?: string;
}

/** A finding whose Security Hub state disagrees with orgmfa's record. */
export interface TamperedFinding {
  readonly id: string;
  readonly control: ControlId;
  /** The user ARN, or what an account-level finding is about. */
  readonly resource: string;
  /** What disagrees, in one sentence. */
  readonly problem: string;
}

/** An ACTIVE finding of orgmfa's in Security Hub that orgmfa's record does not know. */
export interface UnrecordedFinding {
  readonly id: string;
  readonly control: ControlId;
  readonly resourceId: string;
  readonly subject?: string;
  readonly createdAt?: string;
  /** What Security Hub shows: the next import of it must be later. */
  readonly updatedAt?: string;
}

/** What the read-back found. */
export interface FindingsCheck {
  readonly tampered: readonly TamperedFinding[];
  /** Findings to re-import, with the UpdatedAt Security Hub shows (to import after it). */
  readonly restore: ReadonlyMap<string, string | undefined>;
  /** ACTIVE findings the record does not know, to resolve or adopt (see planImports). */
  readonly unrecorded: readonly UnrecordedFinding[];
  /**
   * When the findings Security Hub shows written moments ago, later than the record's import, can be
   * compared: another writer of orgmfa's may have imported them and not written its record yet (see
   * {@link OWN_WRITE_MS}). Undefined when there is none.
   */
  readonly settlesAt?: Date;
}

/**
 * The longest time between an import of orgmfa's event path and its record write: both happen in one
 * EvaluateUser invocation (60 s at most), and a margin. A finding Security Hub shows updated this
 * recently and later than the record may be that import, its record not written yet.
 */
export const OWN_WRITE_MS = 65_000;

/**
 * GetFindings is eventually consistent: a finding imported this recently may not show its latest
 * state yet, so it is not compared (the next sweep compares it), unless Security Hub shows it updated
 * after orgmfa's import: that state is no stale read but another importer's, and is compared at once
 * (a member hiding a finding right after orgmfa re-imported it would otherwise never be compared, as
 * every event re-imports it again). For the same reason, and because
 * another writer (the event path) may be between its import and its record write, an unrecorded
 * finding updated this recently is left to the next sweep.
 */
export const CONSISTENCY_WINDOW_MS = 15 * 60_000;

/** An UpdatedAt this far beyond now is in the future, not clock skew. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** The UpdatedAt Security Hub shows for a finding, in milliseconds, if it shows one. */
function updatedAtOf(seen: ObservedFinding | undefined): number | undefined {
  return seen?.updatedAt === undefined ? undefined : parseTimestamp(seen.updatedAt);
}

/** Whether an UpdatedAt lies beyond now by more than {@link FUTURE_TOLERANCE_MS}. */
function inTheFuture(updated: number | undefined, now: Date): boolean {
  return updated !== undefined && updated - now.getTime() > FUTURE_TOLERANCE_MS;
}

/**
 * The finding as orgmfa would have imported it, when `seen` is one of orgmfa's (generator id of a
 * control, and the Id orgmfa derives from the account, control and resource); undefined for anything
 * else, which orgmfa leaves alone.
 */
function ownFinding(seen: ObservedFinding, scope: FindingScope): UnrecordedFinding | undefined {
  const control = seen.generatorId?.replace(/^orgmfa\//, '');
  if (control === undefined || !Object.hasOwn(CONTROLS, control) || seen.resourceId === undefined) {
    return undefined;
  }
  const id = control as ControlId;
  const resource = {
    type: CONTROLS[id].resourceType,
    id: seen.resourceId,
    ...(seen.subject === undefined ? {} : { subject: seen.subject }),
  };
  if (findingId(scope, id, resource) !== seen.id) return undefined;
  return {
    id: seen.id,
    control: id,
    resourceId: seen.resourceId,
    ...(seen.subject === undefined ? {} : { subject: seen.subject }),
    ...(seen.createdAt === undefined ? {} : { createdAt: seen.createdAt }),
    ...(seen.updatedAt === undefined ? {} : { updatedAt: seen.updatedAt }),
  };
}

/**
 * Compares the record with Security Hub's findings. Only findings orgmfa imported (with an UpdatedAt
 * in the record) are compared; one imported within {@link CONSISTENCY_WINDOW_MS} only when Security
 * Hub shows an UpdatedAt later than orgmfa's import (another importer's, compared at once):
 * - missing from Security Hub: reported and restored (Security Hub CSPM was disabled and re-enabled,
 *   or the finding expired), except a resolution (PASSED, ARCHIVED there) last imported longer ago
 *   than {@link ARCHIVED_FINDING_KEPT_MS}: Security Hub CSPM deletes archived findings 30 days after
 *   their last update, so its absence is expected, and an archived finding need not be re-created;
 * - Compliance.Status or RecordState other than orgmfa's verdict: reported; restored unless Security
 *   Hub's UpdatedAt is in the future, which no import of orgmfa's can overtake;
 * - UpdatedAt in the future: reported, whatever the status (orgmfa's next imports would be ignored).
 * Then the ACTIVE findings of orgmfa's (its generator ids and the Id it derives) that the record does
 * not know: one whose UpdatedAt is in the future is reported as tampering; one updated within
 * {@link CONSISTENCY_WINDOW_MS} is left to the next sweep; the others are `unrecorded`.
 */
export function checkFindings(
  records: readonly FindingRecord[],
  observed: readonly ObservedFinding[],
  now: Date,
  scope: FindingScope,
): FindingsCheck {
  const byId = new Map(observed.map((finding) => [finding.id, finding]));
  const tampered: TamperedFinding[] = [];
  const restore = new Map<string, string | undefined>();
  let settles: number | undefined;
  for (const record of records) {
    const imported = record.updatedAt === undefined ? undefined : parseTimestamp(record.updatedAt);
    if (imported === undefined) continue;
    const seen = byId.get(record.id);
    const updated = updatedAtOf(seen);
    const future = inTheFuture(updated, now);
    // No stale read shows a later UpdatedAt than orgmfa's last import: only another importer wrote it.
    const updatedSince = updated !== undefined && updated > imported;
    if (now.getTime() - imported < CONSISTENCY_WINDOW_MS && !updatedSince) continue;
    if (updatedSince && !future && now.getTime() - updated < OWN_WRITE_MS) {
      // Maybe orgmfa's own event path, between its import and its record write.
      settles = Math.max(settles ?? 0, updated + OWN_WRITE_MS);
      continue;
    }
    const report = (problem: string) =>
      tampered.push({
        id: record.id,
        control: record.control,
        resource: record.subject ?? record.resourceId,
        problem,
      });
    if (seen === undefined) {
      if (record.status === 'PASSED' && now.getTime() - imported > ARCHIVED_FINDING_KEPT_MS) continue;
      report('it is missing from Security Hub');
      restore.set(record.id, undefined);
      continue;
    }
    const status = complianceStatus(record.status);
    const state = recordStateOf(record.status);
    const differs = seen.complianceStatus !== status || seen.recordState !== state;
    if (!differs && !future) continue;
    const shows = `Security Hub shows ${seen.complianceStatus ?? 'no status'}/${seen.recordState ?? 'no record state'} updated at ${seen.updatedAt ?? 'an unknown time'}`;
    const expected = `orgmfa imported ${status}/${state} at ${record.updatedAt}`;
    report(
      `${shows}, ${expected}${future ? ': an UpdatedAt in the future, so later imports are ignored' : ''}`,
    );
    if (differs && !future) restore.set(record.id, seen.updatedAt);
  }
  const known = new Set(records.map((record) => record.id));
  const unrecorded: UnrecordedFinding[] = [];
  for (const seen of observed) {
    if (seen.recordState !== 'ACTIVE' || known.has(seen.id)) continue;
    const own = ownFinding(seen, scope);
    if (own === undefined) continue;
    const updated = updatedAtOf(seen);
    if (inTheFuture(updated, now)) {
      tampered.push({
        id: own.id,
        control: own.control,
        resource: own.subject ?? own.resourceId,
        problem: `Security Hub shows ${seen.complianceStatus ?? 'no status'}/ACTIVE updated at ${seen.updatedAt}, a finding orgmfa has no record of: an UpdatedAt in the future, so later imports are ignored`,
      });
      continue;
    }
    if (updated !== undefined && now.getTime() - updated < CONSISTENCY_WINDOW_MS) continue;
    unrecorded.push(own);
  }
  return {
    tampered,
    restore,
    unrecorded,
    ...(settles === undefined ? {} : { settlesAt: new Date(settles) }),
  };
}
