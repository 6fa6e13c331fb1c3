import type { UnrecordedFinding } from './check-findings';
import { CONTROLS } from './controls';
import { findingId, shortHash, toFinding } from './finding';
import {
  isActiveStatus,
  type ControlResult,
  type ControlStatus,
  type Finding,
  type FindingRecord,
  type FindingScope,
  type ImportKind,
  type ImportPlan,
  type PlanCounts,
  type ResourceRef,
} from './model';
import { ARCHIVED_FINDING_KEPT_MS } from './retention';
import { parseTimestamp } from './time';

/** BatchImportFindings takes at most 100 findings per call. */
export const BATCH_IMPORT_LIMIT = 100;

const HOUR_MS = 3_600_000;

/**
 * Security Hub CSPM deletes an active finding 90 days after its last UpdatedAt. An active finding whose
 * last import is older than this is re-imported unchanged, so it never expires while the problem lasts.
 */
export const REFRESH_AFTER_MS = 30 * 24 * HOUR_MS;

/**
 * How long the record keeps a PASSED verdict after its evidence was read. A credential report can be up
 * to four hours old when a sweep reads it; a resolution the event path recorded must outlive every
 * report older than it, or a later sweep would take the older report's word for it. A day is that with
 * ample margin (a sweep that is late or retried).
 */
export const PASSED_RETENTION_MS = 24 * HOUR_MS;

/** What an evaluation of (part of) one account found, and orgmfa's record of the account's findings. */
export interface ImportPlanInput {
  readonly scope: FindingScope;
  /** orgmfa's record of the account's findings, from the previous plan. */
  readonly records: readonly FindingRecord[];
  readonly results: readonly ControlResult[];
  /**
   * Whether this evaluation covered the resource of a record, so that the absence of a result means the
   * resource is gone (user deleted, device deleted). The event path evaluates one user: the other
   * users' findings are out of its scope and kept untouched. A record that has a result is in scope.
   */
  readonly inScope: (record: FindingRecord) => boolean;
  /** When the absence of the covered resources was observed (ISO 8601): the gone verdicts' evidence. */
  readonly absentAt: string;
  /**
   * `always`: record every verdict's evidence, also one that changes nothing in Security Hub (the event
   * path's fresh reads must be known to later sweeps). `on-change`: only with a change (the sweep,
   * whose evidence is never fresher than the event path's).
   */
  readonly recordEvidence: 'always' | 'on-change';
  /**
   * Findings that Security Hub no longer holds as orgmfa imported them (lost, or re-imported by someone
   * else with an UpdatedAt that is not in the future), with the UpdatedAt Security Hub shows: each is
   * re-imported with its current verdict, after that UpdatedAt.
   */
  readonly restore?: ReadonlyMap<string, string | undefined>;
  /**
   * ACTIVE findings Security Hub holds that the record does not know (an import whose record write was
   * lost): each is resolved, or adopted when this evaluation's verdict keeps it active (counted
   * `repaired`); one this evaluation did not cover is left alone.
   */
  readonly unrecorded?: readonly UnrecordedFinding[];
  readonly now: Date;
}

/** The time of a record's last import, or undefined when it was never imported. */
function lastImport(record: FindingRecord): number | undefined {
  const at = record.updatedAt ?? record.since;
  return at === undefined ? undefined : parseTimestamp(at);
}

/**
 * The UpdatedAt of the next import of a finding: now, but strictly later than its last UpdatedAt (and
 * than what Security Hub shows, `seen`) even within the same millisecond, or Security Hub would ignore it.
 */
function nextUpdate(record: FindingRecord | undefined, now: number, seen: string | undefined): string {
  const last = (record === undefined ? undefined : lastImport(record)) ?? now - 1;
  const shown = seen === undefined ? undefined : parseTimestamp(seen);
  return new Date(Math.max(now, last + 1, (shown ?? last) + 1)).toISOString();
}

/** The PASSED result that resolves a finding whose resource no longer exists. */
function goneResult(
  record: Pick<FindingRecord, 'control' | 'resourceId' | 'subject'>,
  absentAt: string,
): ControlResult {
  const type = CONTROLS[record.control].resourceType;
  const resource: ResourceRef =
    record.subject === undefined
      ? { type, id: record.resourceId }
      : { type, id: record.resourceId, subject: record.subject };
  return {
    control: record.control,
    resource,
    status: 'PASSED',
    detail: `Resolved: ${record.subject ?? record.resourceId} no longer exists.`,
    evidenceAt: absentAt,
  };
}

/** An unrecorded finding as a record, to ask whether the evaluation covered its resource. */
function unrecordedAsRecord(finding: UnrecordedFinding): FindingRecord {
  return { ...finding, status: 'FAILED', evidenceAt: finding.updatedAt ?? '' };
}

/** A failure outranks an exemption, which outranks a pass. */
const RANK: Readonly<Record<ControlStatus, number>> = { PASSED: 0, EXEMPT: 1, FAILED: 2 };

/**
 * One result per finding: should several results name the same finding (two devices provisioned for one
 * user, or an orphan reported PASSED for deletion and then FAILED because the deletion failed), the
 * highest-ranking status wins.
 */
function resultsByFinding(
  scope: FindingScope,
  results: readonly ControlResult[],
): Map<string, ControlResult> {
  const byId = new Map<string, ControlResult>();
  for (const result of results) {
    const id = findingId(scope, result.control, result.resource);
    const seen = byId.get(id);
    if (seen === undefined || RANK[result.status] > RANK[seen.status]) byId.set(id, result);
  }
  return byId;
}

/** The identity part of a record: which finding it is. */
function identity(id: string, result: ControlResult) {
  return {
    id,
    control: result.control,
    resourceId: result.resource.id,
    ...(result.resource.subject === undefined ? {} : { subject: result.resource.subject }),
  };
}

/** Builds a plan: one record at a time, in the record's order, then the new findings. */
class Planner {
  readonly imports: Finding[] = [];
  readonly kinds = new Map<string, ImportKind>();
  readonly records: FindingRecord[] = [];
  readonly counts: { -readonly [K in keyof PlanCounts]: number } = {
    new: 0,
    updated: 0,
    resolved: 0,
    refreshed: 0,
    restored: 0,
    repaired: 0,
    yielded: 0,
  };
  changed = false;
  private readonly now: number;
  /** What Security Hub shows of the findings the record does not know, by id. */
  private readonly unrecordedAt: ReadonlyMap<string, string | undefined>;

  constructor(private readonly input: ImportPlanInput) {
    this.now = input.now.getTime();
    this.unrecordedAt = new Map((input.unrecorded ?? []).map((f) => [f.id, f.updatedAt]));
  }

  /** Keeps a record as it is, but forgets a PASSED verdict once no report can be older than it. */
  keep(record: FindingRecord): void {
    const evidence = parseTimestamp(record.evidenceAt) ?? 0;
    if (record.status === 'PASSED' && this.now - evidence > PASSED_RETENTION_MS) {
      this.changed = true;
      return;
    }
    this.push(record);
  }

  /**
   * Records `record`; a resolution whose last import Security Hub CSPM deletes (or is about to) no
   * longer claims to be there: its UpdatedAt is dropped, while its verdict and evidence stay (an event
   * that renews the evidence every day keeps a PASSED record for good, long after the archived finding
   * is gone).
   */
  private push(record: FindingRecord): void {
    const imported = record.updatedAt === undefined ? undefined : parseTimestamp(record.updatedAt);
    if (
      record.status !== 'PASSED' ||
      imported === undefined ||
      this.now - imported <= ARCHIVED_FINDING_KEPT_MS
    ) {
      this.records.push(record);
      return;
    }
    const { updatedAt: _gone, ...kept } = record;
    this.records.push(kept);
    this.changed = true;
  }

  /** Imports `result` as the finding `id` and records it, counted as `kind`. */
  private importAs(
    kind: ImportKind,
    id: string,
    result: ControlResult,
    record: FindingRecord | undefined,
    since: string | undefined,
  ): void {
    this.counts[kind] += 1;
    this.kinds.set(id, kind);
    const seen = this.input.restore?.get(id) ?? this.unrecordedAt.get(id);
    const updatedAt = nextUpdate(record, this.now, seen);
    const createdAt = since ?? updatedAt;
    this.imports.push({ ...toFinding(result, this.input.scope, { createdAt, updatedAt }), Id: id });
    this.records.push({
      ...identity(id, result),
      status: result.status,
      since: createdAt,
      updatedAt,
      digest: shortHash(result.detail),
      evidenceAt: result.evidenceAt,
    });
    this.changed = true;
  }

  /** Applies a verdict whose evidence is at least as fresh as the record's. */
  apply(id: string, result: ControlResult, record: FindingRecord | undefined): void {
    const active = isActiveStatus(result.status);
    const wasActive = record !== undefined && isActiveStatus(record.status);
    if (!active && !wasActive) return this.confirmPassed(id, result, record);
    if (!active) return this.importAs('resolved', id, result, record, record?.since);
    if (record === undefined || !wasActive) return this.importAs('new', id, result, record, undefined);
    this.confirmActive(id, result, record);
  }

  /** A verdict that is still PASSED: at most its evidence is recorded, or a lost archive restored. */
  private confirmPassed(id: string, result: ControlResult, record: FindingRecord | undefined): void {
    if (record?.updatedAt !== undefined && this.input.restore?.has(id) === true) {
      return this.importAs('restored', id, result, record, record.since);
    }
    if (this.input.recordEvidence === 'on-change') {
      if (record !== undefined) this.keep(record);
      return;
    }
    this.changed ||= record?.evidenceAt !== result.evidenceAt;
    this.push({ ...(record ?? identity(id, result)), status: 'PASSED', evidenceAt: result.evidenceAt });
  }

  /**
   * An ACTIVE finding in Security Hub that the record does not know: re-imported with this evaluation's
   * verdict (PASSED: resolved; FAILED or EXEMPT: adopted), after what Security Hub shows.
   */
  repair(finding: UnrecordedFinding, result: ControlResult): void {
    this.importAs('repaired', finding.id, result, undefined, finding.createdAt);
  }

  /** A finding active before and after: re-imported only when it changed, was lost, or nears expiry. */
  private confirmActive(id: string, result: ControlResult, record: FindingRecord): void {
    const digest = shortHash(result.detail);
    // A record without a digest predates digests: it learns this one rather than re-import everything.
    if (record.digest === undefined && record.status === result.status) {
      this.records.push({ ...record, digest, evidenceAt: result.evidenceAt });
      this.changed = true;
      return;
    }
    if (record.digest !== digest || record.status !== result.status) {
      return this.importAs('updated', id, result, record, record.since);
    }
    if (this.input.restore?.has(id) === true) {
      return this.importAs('restored', id, result, record, record.since);
    }
    if (this.now - (lastImport(record) ?? this.now) > REFRESH_AFTER_MS) {
      return this.importAs('refreshed', id, result, record, record.since);
    }
    if (this.input.recordEvidence === 'always' && record.evidenceAt !== result.evidenceAt) {
      this.records.push({ ...record, evidenceAt: result.evidenceAt });
      this.changed = true;
      return;
    }
    this.records.push(record);
  }
}

/**
 * What to import into an account's Security Hub after an evaluation, and its record afterwards. For
 * each finding, the verdict of this evaluation is applied only when its evidence is at least as fresh
 * as the evidence the record rests on (a credential report up to four hours old never overrides what
 * the event path read since); otherwise the record stands, counted `yielded` when they disagree. Then:
 * - FAILED or EXEMPT, not active: imported ACTIVE (CreatedAt = UpdatedAt = now), counted `new`;
 * - still active, same status and detail: nothing (evaluating again changes nothing), unless Security
 *   Hub lost it (`restore`, counted `restored`) or its last import nears Security Hub's 90-day expiry
 *   (counted `refreshed`);
 * - still active, detail changed (say, the exemption's end date): re-imported, counted `updated`;
 * - PASSED, active: re-imported PASSED and ARCHIVED with CreatedAt = since, counted `resolved`; so is an
 *   in-scope record with no result at all (its resource is gone, as observed at `absentAt`);
 * - out-of-scope records without a result: kept as they are.
 * A PASSED verdict stays in the record for {@link PASSED_RETENTION_MS}, then is forgotten. Every
 * re-import of a finding carries an UpdatedAt strictly later than its previous one.
 */
export function planImports(input: ImportPlanInput): ImportPlan {
  const byId = resultsByFinding(input.scope, input.results);
  const planner = new Planner(input);
  const handled = new Set<string>();

  for (const record of input.records) {
    if (handled.has(record.id)) continue;
    handled.add(record.id);
    const found = byId.get(record.id);
    if (found === undefined && !input.inScope(record)) {
      planner.keep(record);
      continue;
    }
    const result = found ?? goneResult(record, input.absentAt);
    const recordTime = parseTimestamp(record.evidenceAt) ?? 0;
    const resultTime = parseTimestamp(result.evidenceAt) ?? 0;
    if (recordTime > resultTime) {
      if (record.status !== result.status) planner.counts.yielded += 1;
      planner.keep(record);
      continue;
    }
    planner.apply(record.id, result, record);
  }
  for (const finding of input.unrecorded ?? []) {
    if (handled.has(finding.id)) continue;
    const result =
      byId.get(finding.id) ??
      (input.inScope(unrecordedAsRecord(finding)) ? goneResult(finding, input.absentAt) : undefined);
    if (result === undefined) continue;
    handled.add(finding.id);
    planner.repair(finding, result);
  }
  for (const [id, result] of byId) {
    if (!handled.has(id)) planner.apply(id, result, undefined);
  }
  return {
    imports: planner.imports,
    kinds: planner.kinds,
    counts: planner.counts,
    records: planner.records,
    changed: planner.changed,
  };
}

/** The plan's counts without the imports that failed: what was really done. */
export function countsAfterImport(plan: ImportPlan, failed: ReadonlySet<string>): PlanCounts {
  const counts = { ...plan.counts };
  for (const id of failed) {
    const kind = plan.kinds.get(id);
    if (kind !== undefined) counts[kind] -= 1;
  }
  return counts;
}

/**
 * The record after imports of which some failed (`failed`, their finding ids): a failed finding keeps
 * its record from before the plan (or none), so the record never claims what Security Hub does not
 * hold, and the next evaluation tries again.
 */
export function recordsAfterImport(
  before: readonly FindingRecord[],
  plan: ImportPlan,
  failed: ReadonlySet<string>,
): FindingRecord[] {
  if (failed.size === 0) return [...plan.records];
  const previous = new Map(before.map((record) => [record.id, record]));
  return plan.records.flatMap((record) => {
    if (!failed.has(record.id)) return [record];
    const kept = previous.get(record.id);
    return kept === undefined ? [] : [kept];
  });
}

/** Splits `items` into batches of at most `size` (BatchImportFindings: 100), in order. */
export function chunk<T>(items: readonly T[], size: number = BATCH_IMPORT_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size ${size} is not a positive integer`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
