import { CONTROLS } from './controls';
import { findingId, shortHash, toFinding } from './finding';
import type { ActiveFinding, ControlResult, Finding, FindingScope, ImportPlan, ResourceRef } from './model';
import { parseTimestamp } from './time';

/** BatchImportFindings takes at most 100 findings per call. */
export const BATCH_IMPORT_LIMIT = 100;

/** What an evaluation of (part of) one account found, and orgmfa's record of its active findings. */
export interface ImportPlanInput {
  readonly scope: FindingScope;
  /** orgmfa's record of the account's active findings, from the previous plan. */
  readonly active: readonly ActiveFinding[];
  readonly results: readonly ControlResult[];
  /**
   * Whether this evaluation covered the resource of an active finding, so that the absence of a result
   * means the resource is gone (user deleted, device deleted). The event path evaluates one user: the
   * other users' findings are out of its scope and kept untouched. An active finding that has a result
   * is always in scope.
   */
  readonly inScope: (finding: ActiveFinding) => boolean;
  readonly now: Date;
}

/**
 * The UpdatedAt of the next import of an already imported finding: now, but strictly later than its
 * last UpdatedAt even within the same millisecond, or Security Hub would ignore the import.
 */
function nextUpdate(finding: ActiveFinding, now: number): string {
  const last = parseTimestamp(finding.updatedAt ?? finding.since) ?? now - 1;
  return new Date(Math.max(now, last + 1)).toISOString();
}

/** The PASSED result that resolves a finding whose resource no longer exists. */
function goneResult(finding: ActiveFinding): ControlResult {
  const type = CONTROLS[finding.control].resourceType;
  const resource: ResourceRef =
    finding.subject === undefined
      ? { type, id: finding.resourceId }
      : { type, id: finding.resourceId, subject: finding.subject };
  return {
    control: finding.control,
    resource,
    status: 'PASSED',
    detail: `Resolved: ${finding.subject ?? finding.resourceId} no longer exists.`,
  };
}

/**
 * One result per finding: should several results name the same finding (two devices provisioned for one
 * user, or an orphan reported PASSED for deletion and then FAILED because the deletion failed), the
 * finding fails if any of them fails.
 */
function resultsByFinding(
  scope: FindingScope,
  results: readonly ControlResult[],
): Map<string, ControlResult> {
  const byId = new Map<string, ControlResult>();
  for (const result of results) {
    const id = findingId(scope, result.control, result.resource);
    const seen = byId.get(id);
    if (seen === undefined || (seen.status === 'PASSED' && result.status === 'FAILED')) byId.set(id, result);
  }
  return byId;
}

/**
 * What to import into an account's Security Hub after an evaluation, and its active findings after:
 * - FAILED, not active: imported ACTIVE (CreatedAt = UpdatedAt = now), counted `new`;
 * - FAILED, active, same detail: nothing, so that evaluating again changes nothing;
 * - FAILED, active, detail changed (say, the exemption's end date): re-imported, counted `updated`;
 * - PASSED (ORGMFA.6 included), active: re-imported PASSED and ARCHIVED with CreatedAt = since, counted
 *   `resolved`; so is an in-scope active finding with no result at all (its resource is gone);
 * - out-of-scope active findings without a result: kept as they are.
 * Every re-import of a finding carries an UpdatedAt strictly later than its previous one.
 */
export function planImports(input: ImportPlanInput): ImportPlan {
  const { scope } = input;
  const now = input.now.getTime();
  const byId = resultsByFinding(scope, input.results);
  const imports: Finding[] = [];
  const counts = { new: 0, updated: 0, resolved: 0 };
  const active: ActiveFinding[] = [];
  const handled = new Set<string>();

  for (const record of input.active) {
    if (handled.has(record.id)) continue;
    handled.add(record.id);
    const result = byId.get(record.id);
    if (result === undefined && !input.inScope(record)) {
      active.push(record);
    } else if (result === undefined || result.status === 'PASSED') {
      const finding = toFinding(result ?? goneResult(record), scope, {
        createdAt: record.since,
        updatedAt: nextUpdate(record, now),
        recordState: 'ARCHIVED',
      });
      imports.push({ ...finding, Id: record.id });
      counts.resolved += 1;
    } else {
      const digest = shortHash(result.detail);
      if (record.digest === digest) {
        active.push(record);
        continue;
      }
      // A record without a digest predates digests: it learns this one rather than re-import everything.
      if (record.digest === undefined) {
        active.push({ ...record, digest });
        continue;
      }
      const updatedAt = nextUpdate(record, now);
      imports.push(toFinding(result, scope, { createdAt: record.since, updatedAt }));
      active.push({ ...record, updatedAt, digest });
      counts.updated += 1;
    }
  }

  const since = input.now.toISOString();
  for (const [id, result] of byId) {
    if (result.status !== 'FAILED' || handled.has(id)) continue;
    imports.push(toFinding(result, scope, { createdAt: since, updatedAt: since }));
    active.push({
      id,
      control: result.control,
      resourceId: result.resource.id,
      ...(result.resource.subject === undefined ? {} : { subject: result.resource.subject }),
      since,
      digest: shortHash(result.detail),
    });
    counts.new += 1;
  }
  return { imports, counts, active };
}

/** Splits `items` into batches of at most `size` (BatchImportFindings: 100), in order. */
export function chunk<T>(items: readonly T[], size: number = BATCH_IMPORT_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size ${size} is not a positive integer`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
