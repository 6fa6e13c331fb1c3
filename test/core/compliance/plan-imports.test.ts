import { orphanNotDeleted } from '../../../functions/core/compliance/evaluate-account';
import { evaluateUser } from '../../../functions/core/compliance/evaluate-user';
import { findingId, shortHash } from '../../../functions/core/compliance/finding';
import type {
  ControlResult,
  FindingRecord,
  ImportPlan,
  PlanCounts,
  UserFacts,
} from '../../../functions/core/compliance/model';
import {
  chunk,
  countsAfterImport,
  PASSED_RETENTION_MS,
  planImports,
  recordsAfterImport,
  REFRESH_AFTER_MS,
  type ImportPlanInput,
} from '../../../functions/core/compliance/plan-imports';
import { ACCOUNT, deviceArn, SCOPE, user, userArn } from './fixtures';

const T0 = new Date('2025-06-15T10:00:00.000Z');
const T1 = new Date('2025-06-15T16:00:00.000Z');
const T2 = new Date('2025-06-15T22:00:00.000Z');
const everything = (_: FindingRecord) => true;

const BOB = userArn('bob');
const BOB_ID = findingId(SCOPE, 'ORGMFA.1', { type: 'AwsIamUser', id: BOB });
const BOB_FAILED = 'IAM user bob has a console password and no MFA device.';

/** Counts with only the given ones set. */
const counts = (some: Partial<PlanCounts> = {}): PlanCounts => ({
  new: 0,
  updated: 0,
  resolved: 0,
  refreshed: 0,
  restored: 0,
  repaired: 0,
  yielded: 0,
  ...some,
});

/** Evaluates users whose facts were read at `evidence` and plans against the record at `now`. */
function plan(
  users: readonly UserFacts[],
  records: readonly FindingRecord[],
  now: Date,
  options: Partial<ImportPlanInput> & { evidence?: Date } = {},
): ImportPlan {
  const evidenceAt = (options.evidence ?? now).toISOString();
  const results = users.flatMap((facts) => evaluateUser({ ...facts, evidenceAt }, { now }));
  return planImports({
    scope: SCOPE,
    records,
    results,
    inScope: everything,
    absentAt: evidenceAt,
    recordEvidence: 'on-change',
    now,
    ...options,
  });
}

const noMfa = user('bob', { consolePassword: true });
const fixed = user('bob', { consolePassword: true, mfa: 'otp' });

/** The record of bob's ORGMFA.1 finding, active since T0 on evidence of T0. */
const BOB_RECORD: FindingRecord = {
  id: BOB_ID,
  control: 'ORGMFA.1',
  resourceId: BOB,
  status: 'FAILED',
  since: T0.toISOString(),
  updatedAt: T0.toISOString(),
  digest: shortHash(BOB_FAILED),
  evidenceAt: T0.toISOString(),
};

describe('planImports: the lifecycle of a finding', () => {
  test('GIVEN a failing user and no record THEN it is imported ACTIVE and recorded with its evidence time', () => {
    const result = plan([noMfa], [], T0);

    expect(result.counts).toEqual(counts({ new: 1 }));
    expect(result.records).toEqual([BOB_RECORD]);
    expect(result.changed).toBe(true);
    expect(result.imports).toEqual([
      expect.objectContaining({
        Id: BOB_ID,
        CreatedAt: '2025-06-15T10:00:00.000Z',
        UpdatedAt: '2025-06-15T10:00:00.000Z',
        Compliance: { Status: 'FAILED' },
        RecordState: 'ACTIVE',
      }),
    ]);
  });

  test('GIVEN the same user still failing WHEN the sweep runs again THEN nothing changes (idempotent)', () => {
    expect(plan([noMfa], [BOB_RECORD], T1)).toEqual<ImportPlan>({
      imports: [],
      kinds: new Map(),
      counts: counts(),
      records: [BOB_RECORD],
      changed: false,
    });
  });

  test('GIVEN the user was fixed THEN the finding is re-imported PASSED and ARCHIVED, and the record keeps it PASSED', () => {
    const result = plan([fixed], [BOB_RECORD], T1);

    expect(result.counts).toEqual(counts({ resolved: 1 }));
    expect(result.records).toEqual([
      {
        ...BOB_RECORD,
        status: 'PASSED',
        updatedAt: T1.toISOString(),
        digest: shortHash('IAM user bob has an MFA device.'),
        evidenceAt: T1.toISOString(),
      },
    ]);
    expect(result.imports).toEqual([
      expect.objectContaining({
        Id: BOB_ID,
        CreatedAt: '2025-06-15T10:00:00.000Z',
        UpdatedAt: '2025-06-15T16:00:00.000Z',
        Description: expect.stringMatching(/ IAM user bob has an MFA device\.$/),
        Compliance: { Status: 'PASSED' },
        RecordState: 'ARCHIVED',
      }),
    ]);
  });

  test('GIVEN the user is fixed within the same millisecond THEN UpdatedAt is still later than the last one', () => {
    expect(plan([fixed], [BOB_RECORD], T0).imports[0]).toMatchObject({
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T10:00:00.001Z',
    });
  });

  test('GIVEN a fixed user broken again THEN the same finding is imported ACTIVE again, later than the archive', () => {
    const resolved = plan([fixed], [BOB_RECORD], T1);

    const reopened = plan([noMfa], resolved.records, T2);

    expect(reopened.counts).toEqual(counts({ new: 1 }));
    expect(reopened.imports).toEqual([
      expect.objectContaining({
        Id: BOB_ID,
        CreatedAt: '2025-06-15T22:00:00.000Z',
        UpdatedAt: '2025-06-15T22:00:00.000Z',
        Compliance: { Status: 'FAILED' },
        RecordState: 'ACTIVE',
      }),
    ]);
    expect(reopened.records).toEqual([
      { ...BOB_RECORD, since: T2.toISOString(), updatedAt: T2.toISOString(), evidenceAt: T2.toISOString() },
    ]);
  });

  test('GIVEN the user was deleted THEN its finding is resolved: its resource no longer exists', () => {
    const result = plan([], [BOB_RECORD], T1);

    expect(result.counts).toEqual(counts({ resolved: 1 }));
    expect(result.records[0]).toMatchObject({ status: 'PASSED', evidenceAt: T1.toISOString() });
    expect(result.imports).toEqual([
      expect.objectContaining({
        Id: BOB_ID,
        GeneratorId: 'orgmfa/ORGMFA.1',
        Description: expect.stringMatching(new RegExp(` Resolved: ${BOB} no longer exists\\.$`)),
        Resources: [{ Type: 'AwsIamUser', Id: BOB, Partition: 'aws', Region: 'eu-west-1' }],
        Compliance: { Status: 'PASSED' },
        RecordState: 'ARCHIVED',
      }),
    ]);
  });

  test('GIVEN an evaluation of another user (the event path) THEN bob’s finding is out of scope and untouched', () => {
    const result = plan([user('carol')], [BOB_RECORD], T1, {
      inScope: (record) => record.resourceId === userArn('carol'),
    });

    expect(result).toEqual<ImportPlan>({
      imports: [],
      kinds: new Map(),
      counts: counts(),
      records: [BOB_RECORD],
      changed: false,
    });
  });

  test('GIVEN a passing user and no record WHEN the sweep plans THEN nothing is imported or recorded', () => {
    expect(plan([fixed, user('carol')], [], T0)).toEqual<ImportPlan>({
      imports: [],
      kinds: new Map(),
      counts: counts(),
      records: [],
      changed: false,
    });
  });
});

describe('planImports: a verdict never replaces one that rests on fresher evidence', () => {
  const REPORT_AT = new Date('2025-06-15T08:00:00.000Z');

  test('GIVEN the event path resolved bob at T1 WHEN a sweep at T2 reads a report from before THEN it leaves the finding alone', () => {
    const resolved = plan([fixed], [BOB_RECORD], T1);

    const sweep = plan([noMfa], resolved.records, T2, { evidence: new Date('2025-06-15T15:00:00.000Z') });

    expect(sweep.imports).toEqual([]);
    expect(sweep.counts).toEqual(counts({ yielded: 1 }));
    expect(sweep.records).toEqual(resolved.records);
    expect(sweep.changed).toBe(false);
  });

  test('GIVEN the event path found bob compliant with no finding at all THEN a sweep with an older report imports nothing', () => {
    // The event path records every verdict's evidence, also one that changes nothing in Security Hub.
    const event = plan([fixed], [], T1, { recordEvidence: 'always' });
    expect(event.imports).toEqual([]);
    expect(event.changed).toBe(true);
    expect(event.records.map((r) => [r.control, r.status, r.evidenceAt])).toEqual([
      ['ORGMFA.1', 'PASSED', T1.toISOString()],
      ['ORGMFA.2', 'PASSED', T1.toISOString()],
      ['ORGMFA.6', 'PASSED', T1.toISOString()],
    ]);

    const sweep = plan([noMfa], event.records, T2, { evidence: REPORT_AT });

    expect(sweep.imports).toEqual([]);
    expect(sweep.counts.yielded).toBe(1);
  });

  test('GIVEN a report newer than the record’s evidence THEN its verdict is applied', () => {
    const resolved = plan([fixed], [BOB_RECORD], T1);

    const sweep = plan([noMfa], resolved.records, T2, { evidence: T2 });

    expect(sweep.counts).toEqual(counts({ new: 1 }));
  });

  test('GIVEN equal evidence times THEN the verdict is applied (the same evidence, read again)', () => {
    expect(plan([fixed], [BOB_RECORD], T1, { evidence: T0 }).counts).toEqual(counts({ resolved: 1 }));
  });

  test('GIVEN a user gone from the fresh listing THEN its absence, observed now, resolves even a fresh failure', () => {
    const failing = plan([noMfa], [], T1);

    const gone = plan([], failing.records, T2);

    expect(gone.counts).toEqual(counts({ resolved: 1 }));
  });

  test('GIVEN an event-path verdict that confirms an active finding THEN its fresher evidence is recorded', () => {
    const event = plan([noMfa], [BOB_RECORD], T1, { recordEvidence: 'always' });

    expect(event.imports).toEqual([]);
    expect(event.changed).toBe(true);
    expect(event.records[0]).toEqual({ ...BOB_RECORD, evidenceAt: T1.toISOString() });
  });

  test('GIVEN a PASSED verdict older than the retention THEN the record forgets it; younger, it keeps it', () => {
    const resolved = plan([fixed], [BOB_RECORD], T1);
    const later = (ms: number) => new Date(T1.getTime() + ms);

    const kept = plan([], resolved.records, later(PASSED_RETENTION_MS), {
      inScope: () => false,
    });
    const forgotten = plan([], resolved.records, later(PASSED_RETENTION_MS + 1), {
      inScope: () => false,
    });

    expect(kept).toMatchObject({ records: resolved.records, changed: false });
    expect(forgotten).toMatchObject({ records: [], changed: true, imports: [] });
  });
});

describe('planImports: keeping Security Hub in line with the record', () => {
  test('GIVEN a finding Security Hub lost THEN it is re-imported unchanged, counted restored', () => {
    const result = plan([noMfa], [BOB_RECORD], T1, { restore: new Map([[BOB_ID, undefined]]) });

    expect(result.counts).toEqual(counts({ restored: 1 }));
    expect(result.imports).toEqual([
      expect.objectContaining({ Id: BOB_ID, CreatedAt: T0.toISOString(), UpdatedAt: T1.toISOString() }),
    ]);
  });

  test('GIVEN a finding someone re-imported later than orgmfa THEN the restore is later still', () => {
    const seen = '2025-06-15T20:00:00.000Z';

    const result = plan([noMfa], [BOB_RECORD], T1, { restore: new Map([[BOB_ID, seen]]) });

    expect(result.imports[0]).toMatchObject({
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      UpdatedAt: '2025-06-15T20:00:00.001Z',
    });
  });

  test('GIVEN an active finding last imported longer ago than the refresh interval THEN it is re-imported before Security Hub expires it', () => {
    const old = new Date(T0.getTime() + REFRESH_AFTER_MS + 1);

    expect(plan([noMfa], [BOB_RECORD], old).counts).toEqual(counts({ refreshed: 1 }));
    expect(plan([noMfa], [BOB_RECORD], new Date(T0.getTime() + REFRESH_AFTER_MS)).imports).toEqual([]);
  });

  test('recordsAfterImport and countsAfterImport: a finding Security Hub refused keeps its previous record (or none), and is not counted', () => {
    const carol = user('carol', { activeAccessKeys: 1 });
    const result = plan([fixed, carol], [BOB_RECORD], T1);
    const carolId = result.imports.find((f) => f.Resources[0]!.Id === userArn('carol'))!.Id;

    expect(recordsAfterImport([BOB_RECORD], result, new Set([BOB_ID, carolId]))).toEqual([BOB_RECORD]);
    expect(recordsAfterImport([BOB_RECORD], result, new Set())).toEqual(result.records);
    expect(countsAfterImport(result, new Set([carolId]))).toEqual(counts({ resolved: 1 }));
    expect(result.counts).toEqual(counts({ resolved: 1, new: 1 }));
  });
});

describe('planImports: updates, exemptions and duplicates', () => {
  const exempt = (until: string) =>
    user('erin', {
      consolePassword: true,
      tags: { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': until },
    });

  test('GIVEN an exemption in force THEN ORGMFA.6 is imported ACTIVE as a WARNING and recorded EXEMPT, and ORGMFA.1 is not', () => {
    const result = plan([exempt('2025-06-30')], [], T0);

    expect(
      result.imports.map((finding) => [finding.GeneratorId, finding.Compliance.Status, finding.RecordState]),
    ).toEqual([['orgmfa/ORGMFA.6', 'WARNING', 'ACTIVE']]);
    expect(result.records.map((record) => [record.control, record.status])).toEqual([['ORGMFA.6', 'EXEMPT']]);
  });

  test('GIVEN the exemption was extended THEN the still-active finding is updated with the new date', () => {
    const first = plan([exempt('2025-06-30')], [], T0);

    const result = plan([exempt('2025-07-31')], first.records, T1);

    expect(result.counts).toEqual(counts({ updated: 1 }));
    expect(result.imports[0]).toMatchObject({
      Id: first.imports[0]!.Id,
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T16:00:00.000Z',
      Description: expect.stringContaining('until 2025-07-31 (end of day UTC)'),
      Compliance: { Status: 'WARNING' },
      RecordState: 'ACTIVE',
    });
    expect(result.records[0]!.digest).not.toBe(first.records[0]!.digest);
  });

  test('GIVEN the exemption ended THEN ORGMFA.6 is resolved and ORGMFA.1 becomes active', () => {
    const first = plan([exempt('2025-06-15')], [], T0);

    const result = plan([exempt('2025-06-15')], first.records, new Date('2025-06-16T00:00:00.000Z'));

    expect(result.counts).toEqual(counts({ new: 1, resolved: 1 }));
    expect(
      result.imports.map((finding) => [finding.GeneratorId, finding.Compliance.Status, finding.RecordState]),
    ).toEqual([
      ['orgmfa/ORGMFA.6', 'PASSED', 'ARCHIVED'],
      ['orgmfa/ORGMFA.1', 'FAILED', 'ACTIVE'],
    ]);
  });

  test('GIVEN an orphan reported PASSED for deletion and FAILED because the deletion failed THEN FAILED wins', () => {
    const serial = deviceArn('alice-phone');
    const at = T0.toISOString();
    const toDelete: ControlResult = {
      control: 'ORGMFA.3',
      resource: { type: 'AwsAccount', id: `AWS::::Account:${ACCOUNT}`, subject: serial },
      status: 'PASSED',
      detail: 'deleted by the sweep.',
      evidenceAt: at,
    };

    const result = planImports({
      scope: SCOPE,
      records: [],
      results: [toDelete, orphanNotDeleted(serial, 'DeleteConflict', at)],
      inScope: everything,
      absentAt: at,
      recordEvidence: 'on-change',
      now: T0,
    });

    expect(result.counts.new).toBe(1);
    expect(result.records).toEqual([
      {
        id: findingId(SCOPE, 'ORGMFA.3', toDelete.resource),
        control: 'ORGMFA.3',
        resourceId: `AWS::::Account:${ACCOUNT}`,
        subject: serial,
        status: 'FAILED',
        since: at,
        updatedAt: at,
        digest: expect.any(String),
        evidenceAt: at,
      },
    ]);
  });

  test('GIVEN a record without a digest (written before digests) THEN it learns one without an import', () => {
    const { digest: _, ...legacy } = BOB_RECORD;

    const result = plan([noMfa], [legacy], T1, { evidence: T0 });

    expect(result.imports).toEqual([]);
    expect(result.records).toEqual([BOB_RECORD]);
  });
});

describe('chunk: BatchImportFindings takes at most 100 findings', () => {
  test('GIVEN 250 items THEN batches of 100, 100 and 50, in order', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);

    const batches = chunk(items, 100);

    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(items);
  });

  test('GIVEN no items THEN no batches (no empty BatchImportFindings call)', () => {
    expect(chunk([])).toEqual([]);
  });

  test('GIVEN a batch size that is not a positive integer THEN it is refused', () => {
    expect(() => chunk([1], 0)).toThrow('batch size 0 is not a positive integer');
  });
});

describe('planImports: Security Hub CSPM deletes archived findings, and holds findings the record lost', () => {
  const DAY_MS = 86_400_000;
  const RESOLVED: FindingRecord = { ...BOB_RECORD, status: 'PASSED', evidenceAt: T0.toISOString() };

  test('GIVEN a resolution whose evidence the event path renews every day WHEN its archive nears Security Hub’s 30 days THEN the record keeps the verdict but no longer claims the archived finding', () => {
    const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);
    const renewed = (n: number) =>
      plan([fixed], [{ ...RESOLVED, evidenceAt: day(n - 1).toISOString() }], day(n), {
        recordEvidence: 'always',
      });

    const bob = (p: ImportPlan) => p.records.filter((r) => r.id === BOB_ID);
    expect(bob(renewed(28))).toEqual([{ ...RESOLVED, evidenceAt: day(28).toISOString() }]);
    const late = renewed(29.5);
    expect(bob(late)).toEqual([
      {
        id: BOB_ID,
        control: 'ORGMFA.1',
        resourceId: BOB,
        status: 'PASSED',
        since: T0.toISOString(),
        digest: shortHash(BOB_FAILED),
        evidenceAt: day(29.5).toISOString(),
      },
    ]);
    expect(late.imports).toEqual([]);
    expect(late.changed).toBe(true);
  });

  const unrecorded = {
    id: BOB_ID,
    control: 'ORGMFA.1' as const,
    resourceId: BOB,
    createdAt: T0.toISOString(),
    updatedAt: T1.toISOString(),
  };

  test('GIVEN an ACTIVE finding the record does not know and a PASSED verdict THEN it is resolved after what Security Hub shows, counted repaired', () => {
    const result = plan([fixed], [], T1, { unrecorded: [unrecorded] });

    expect(result.counts).toEqual(counts({ repaired: 1 }));
    expect(result.imports).toEqual([
      expect.objectContaining({
        Id: BOB_ID,
        CreatedAt: T0.toISOString(),
        UpdatedAt: new Date(T1.getTime() + 1).toISOString(),
        Compliance: { Status: 'PASSED' },
        RecordState: 'ARCHIVED',
      }),
    ]);
    expect(result.records).toEqual([
      expect.objectContaining({
        id: BOB_ID,
        status: 'PASSED',
        updatedAt: new Date(T1.getTime() + 1).toISOString(),
      }),
    ]);
  });

  test('GIVEN an ACTIVE finding the record does not know and a FAILED verdict THEN it is adopted: re-imported and recorded FAILED', () => {
    const result = plan([noMfa], [], T2, { unrecorded: [unrecorded] });

    expect(result.counts).toEqual(counts({ repaired: 1 }));
    expect(result.records).toEqual([
      { ...BOB_RECORD, updatedAt: T2.toISOString(), evidenceAt: T2.toISOString() },
    ]);
  });

  test('GIVEN an ACTIVE finding the record does not know, about a resource the evaluation did not cover THEN it is left alone', () => {
    const result = plan([], [], T2, { unrecorded: [unrecorded], inScope: () => false });

    expect(result).toMatchObject({ imports: [], records: [], changed: false });
  });

  test('GIVEN an ACTIVE finding the record does not know, about a resource that is gone THEN it is resolved as gone', () => {
    const result = plan([], [], T2, { unrecorded: [unrecorded] });

    expect(result.counts).toEqual(counts({ repaired: 1 }));
    expect(result.imports).toEqual([
      expect.objectContaining({ Id: BOB_ID, Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' }),
    ]);
  });
});
