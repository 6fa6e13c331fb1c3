import { complianceStatus, recordStateOf } from './finding';
import type { ControlId, FindingRecord } from './model';
import { parseTimestamp } from './time';

/**
 * The sweep's read-back: orgmfa's record of an account's findings against what Security Hub CSPM holds
 * (GetFindings on orgmfa's product and generator ids). A principal in the member account may import
 * findings with the account's default product, orgmfa's included: re-importing one as PASSED or
 * ARCHIVED, or with an UpdatedAt far in the future so that orgmfa's later imports are ignored, would
 * hide it. Every disagreement is reported; what can be put right is re-imported (`restore`).
 */

/** One finding as GetFindings returned it. */
export interface ObservedFinding {
  readonly id: string;
  readonly updatedAt?: string;
  readonly complianceStatus?: string;
  readonly recordState?: string;
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

/** What the read-back found. */
export interface FindingsCheck {
  readonly tampered: readonly TamperedFinding[];
  /** Findings to re-import, with the UpdatedAt Security Hub shows (to import after it). */
  readonly restore: ReadonlyMap<string, string | undefined>;
}

/**
 * GetFindings is eventually consistent: a finding imported this recently may not show its latest
 * state yet, so it is not compared (the next sweep compares it).
 */
export const CONSISTENCY_WINDOW_MS = 15 * 60_000;

/** An UpdatedAt this far beyond now is in the future, not clock skew. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Compares the record with Security Hub's findings. Only findings orgmfa imported (with an UpdatedAt
 * in the record) and did not import within {@link CONSISTENCY_WINDOW_MS} are compared:
 * - missing from Security Hub: reported and restored (Security Hub CSPM was disabled and re-enabled,
 *   or the finding expired);
 * - Compliance.Status or RecordState other than orgmfa's verdict: reported; restored unless Security
 *   Hub's UpdatedAt is in the future, which no import of orgmfa's can overtake;
 * - UpdatedAt in the future: reported, whatever the status (orgmfa's next imports would be ignored).
 */
export function checkFindings(
  records: readonly FindingRecord[],
  observed: readonly ObservedFinding[],
  now: Date,
): FindingsCheck {
  const byId = new Map(observed.map((finding) => [finding.id, finding]));
  const tampered: TamperedFinding[] = [];
  const restore = new Map<string, string | undefined>();
  for (const record of records) {
    const imported = record.updatedAt === undefined ? undefined : parseTimestamp(record.updatedAt);
    if (imported === undefined || now.getTime() - imported < CONSISTENCY_WINDOW_MS) continue;
    const report = (problem: string) =>
      tampered.push({
        id: record.id,
        control: record.control,
        resource: record.subject ?? record.resourceId,
        problem,
      });
    const seen = byId.get(record.id);
    if (seen === undefined) {
      report('it is missing from Security Hub');
      restore.set(record.id, undefined);
      continue;
    }
    const status = complianceStatus(record.status);
    const state = recordStateOf(record.status);
    const seenAt = seen.updatedAt === undefined ? undefined : parseTimestamp(seen.updatedAt);
    const future = seenAt !== undefined && seenAt - now.getTime() > FUTURE_TOLERANCE_MS;
    const differs = seen.complianceStatus !== status || seen.recordState !== state;
    if (!differs && !future) continue;
    const shows = `Security Hub shows ${seen.complianceStatus ?? 'no status'}/${seen.recordState ?? 'no record state'} updated at ${seen.updatedAt ?? 'an unknown time'}`;
    const expected = `orgmfa imported ${status}/${state} at ${record.updatedAt}`;
    report(
      `${shows}, ${expected}${future ? ': an UpdatedAt in the future, so later imports are ignored' : ''}`,
    );
    if (differs && !future) restore.set(record.id, seen.updatedAt);
  }
  return { tampered, restore };
}
