import {
  checkFindings,
  CONSISTENCY_WINDOW_MS,
  OWN_WRITE_MS,
  type ObservedFinding,
} from '../../../functions/core/compliance/check-findings';
import { findingId } from '../../../functions/core/compliance/finding';
import type { FindingRecord } from '../../../functions/core/compliance/model';
import { ARCHIVED_FINDING_KEPT_MS } from '../../../functions/core/compliance/retention';
import { SCOPE, userArn } from './fixtures';

const NOW = new Date('2025-06-15T12:00:00.000Z');
const IMPORTED = '2025-06-15T09:00:00.000Z';

const record = (status: FindingRecord['status'], updatedAt: string | null = IMPORTED): FindingRecord => ({
  id: 'orgmfa/111122223333/ORGMFA.1/abc',
  control: 'ORGMFA.1',
  resourceId: userArn('bob'),
  status,
  since: IMPORTED,
  ...(updatedAt === null ? {} : { updatedAt }),
  evidenceAt: IMPORTED,
});

const seen = (complianceStatus: string, recordState: string, updatedAt = IMPORTED): ObservedFinding => ({
  id: 'orgmfa/111122223333/ORGMFA.1/abc',
  complianceStatus,
  recordState,
  updatedAt,
});

describe('checkFindings: the record against what Security Hub CSPM holds', () => {
  test.each([
    ['a failure', 'FAILED', seen('FAILED', 'ACTIVE')],
    ['an exemption', 'EXEMPT', seen('WARNING', 'ACTIVE')],
    ['a resolution', 'PASSED', seen('PASSED', 'ARCHIVED')],
  ] as const)('GIVEN %s held as imported THEN nothing is reported', (_label, status, observed) => {
    expect(checkFindings([record(status)], [observed], NOW, SCOPE)).toEqual({
      tampered: [],
      restore: new Map(),
      unrecorded: [],
    });
  });

  test('GIVEN a failure re-imported as PASSED/ARCHIVED with an UpdatedAt in the future THEN it is reported, and not restorable', () => {
    const check = checkFindings(
      [record('FAILED')],
      [seen('PASSED', 'ARCHIVED', '2099-01-01T00:00:00.000Z')],
      NOW,
      SCOPE,
    );

    expect(check.tampered).toEqual([
      {
        id: 'orgmfa/111122223333/ORGMFA.1/abc',
        control: 'ORGMFA.1',
        resource: userArn('bob'),
        problem:
          'Security Hub shows PASSED/ARCHIVED updated at 2099-01-01T00:00:00.000Z, orgmfa imported FAILED/ACTIVE at 2025-06-15T09:00:00.000Z: an UpdatedAt in the future, so later imports are ignored',
      },
    ]);
    expect(check.restore).toEqual(new Map());
  });

  test('GIVEN a failure re-imported as PASSED with an UpdatedAt of now THEN it is reported and restored after that UpdatedAt', () => {
    const check = checkFindings(
      [record('FAILED')],
      [seen('PASSED', 'ARCHIVED', '2025-06-15T11:00:00.000Z')],
      NOW,
      SCOPE,
    );

    expect(check.tampered).toHaveLength(1);
    expect(check.restore).toEqual(
      new Map([['orgmfa/111122223333/ORGMFA.1/abc', '2025-06-15T11:00:00.000Z']]),
    );
  });

  test('GIVEN the same status but an UpdatedAt in the future THEN it is reported: orgmfa’s next imports would be ignored', () => {
    const check = checkFindings(
      [record('FAILED')],
      [seen('FAILED', 'ACTIVE', '2099-01-01T00:00:00.000Z')],
      NOW,
      SCOPE,
    );

    expect(check.tampered.map((t) => t.problem)).toEqual([
      expect.stringContaining('an UpdatedAt in the future'),
    ]);
  });

  test('GIVEN a finding missing from Security Hub THEN it is reported and restored', () => {
    const check = checkFindings([record('FAILED')], [], NOW, SCOPE);

    expect(check.tampered.map((t) => t.problem)).toEqual(['it is missing from Security Hub']);
    expect(check.restore).toEqual(new Map([['orgmfa/111122223333/ORGMFA.1/abc', undefined]]));
  });

  test('GIVEN a finding orgmfa imported moments ago THEN it is not compared (GetFindings is eventually consistent)', () => {
    const recent = new Date(NOW.getTime() - CONSISTENCY_WINDOW_MS + 1).toISOString();

    expect(checkFindings([record('FAILED', recent)], [], NOW, SCOPE)).toEqual({
      tampered: [],
      restore: new Map(),
      unrecorded: [],
    });
  });

  test.each([
    ['the same UpdatedAt', (recent: string) => recent],
    ['an earlier UpdatedAt (a stale read)', () => IMPORTED],
    ['no UpdatedAt', () => undefined],
  ])(
    'GIVEN a finding orgmfa imported moments ago that Security Hub shows otherwise with %s THEN it is not compared yet',
    (_label, updatedAt) => {
      const recent = new Date(NOW.getTime() - 60_000).toISOString();
      const { updatedAt: _u, ...rest } = seen('PASSED', 'ARCHIVED');
      const at = updatedAt(recent);
      const observed: ObservedFinding = at === undefined ? rest : { ...rest, updatedAt: at };

      expect(checkFindings([record('FAILED', recent)], [observed], NOW, SCOPE)).toEqual({
        tampered: [],
        restore: new Map(),
        unrecorded: [],
      });
    },
  );

  test('GIVEN a finding orgmfa imported moments ago that Security Hub shows PASSED/ARCHIVED with a later UpdatedAt THEN it is reported and restored at once: only another importer wrote it', () => {
    const recent = new Date(NOW.getTime() - 90_000).toISOString();
    const later = new Date(NOW.getTime() - 80_000).toISOString();

    const check = checkFindings([record('FAILED', recent)], [seen('PASSED', 'ARCHIVED', later)], NOW, SCOPE);

    expect(check.tampered).toEqual([
      {
        id: 'orgmfa/111122223333/ORGMFA.1/abc',
        control: 'ORGMFA.1',
        resource: userArn('bob'),
        problem: `Security Hub shows PASSED/ARCHIVED updated at ${later}, orgmfa imported FAILED/ACTIVE at ${recent}`,
      },
    ]);
    expect(check.restore).toEqual(new Map([['orgmfa/111122223333/ORGMFA.1/abc', later]]));
  });

  test('GIVEN Security Hub showing a write of moments ago (within OWN_WRITE_MS) later than the record THEN it is neither reported nor restored yet: the event path may not have written its record; settlesAt says when to compare', () => {
    const justNow = new Date(NOW.getTime() - 20_000).toISOString();

    const check = checkFindings([record('FAILED')], [seen('PASSED', 'ARCHIVED', justNow)], NOW, SCOPE);

    expect(check.tampered).toEqual([]);
    expect(check.restore).toEqual(new Map());
    expect(check.settlesAt).toEqual(new Date(NOW.getTime() - 20_000 + OWN_WRITE_MS));
    // Once that time has passed, the same disagreement is tampering.
    const later = checkFindings(
      [record('FAILED')],
      [seen('PASSED', 'ARCHIVED', justNow)],
      check.settlesAt!,
      SCOPE,
    );
    expect(later.tampered).toHaveLength(1);
    expect(later.settlesAt).toBeUndefined();
  });

  test('GIVEN a verdict never imported (a PASSED the event path recorded) THEN it is not compared', () => {
    expect(checkFindings([record('PASSED', null)], [], NOW, SCOPE).tampered).toEqual([]);
  });

  test('GIVEN a resolution missing from Security Hub, last imported longer ago than Security Hub keeps archived findings THEN it is neither reported nor restored', () => {
    const old = new Date(NOW.getTime() - ARCHIVED_FINDING_KEPT_MS - 1).toISOString();

    expect(checkFindings([record('PASSED', old)], [], NOW, SCOPE)).toEqual({
      tampered: [],
      restore: new Map(),
      unrecorded: [],
    });
  });

  test('GIVEN a resolution missing from Security Hub within the time Security Hub keeps it THEN it is reported and restored', () => {
    const recent = new Date(NOW.getTime() - ARCHIVED_FINDING_KEPT_MS + 60_000).toISOString();

    const check = checkFindings([record('PASSED', recent)], [], NOW, SCOPE);

    expect(check.tampered.map((t) => t.problem)).toEqual(['it is missing from Security Hub']);
    expect(check.restore.has(record('PASSED').id)).toBe(true);
  });
});

describe('checkFindings: ACTIVE findings of orgmfa’s that the record does not know', () => {
  const BOB = userArn('bob');
  const BOB_ID = findingId(SCOPE, 'ORGMFA.1', { type: 'AwsIamUser', id: BOB });
  const active = (over: Partial<ObservedFinding> = {}): ObservedFinding => ({
    id: BOB_ID,
    generatorId: 'orgmfa/ORGMFA.1',
    resourceId: BOB,
    complianceStatus: 'FAILED',
    recordState: 'ACTIVE',
    createdAt: IMPORTED,
    updatedAt: IMPORTED,
    ...over,
  });

  test('GIVEN one (an import whose record write was lost) THEN it is handed back as unrecorded, not as tampering', () => {
    expect(checkFindings([], [active()], NOW, SCOPE)).toEqual({
      tampered: [],
      restore: new Map(),
      unrecorded: [
        { id: BOB_ID, control: 'ORGMFA.1', resourceId: BOB, createdAt: IMPORTED, updatedAt: IMPORTED },
      ],
    });
  });

  test('GIVEN one with an UpdatedAt in the future THEN it is tampering, not repairable', () => {
    const check = checkFindings([], [active({ updatedAt: '2099-01-01T00:00:00.000Z' })], NOW, SCOPE);

    expect(check.unrecorded).toEqual([]);
    expect(check.tampered).toEqual([
      {
        id: BOB_ID,
        control: 'ORGMFA.1',
        resource: BOB,
        problem:
          'Security Hub shows FAILED/ACTIVE updated at 2099-01-01T00:00:00.000Z, a finding orgmfa has no record of: an UpdatedAt in the future, so later imports are ignored',
      },
    ]);
  });

  test.each([
    ['archived', active({ recordState: 'ARCHIVED', complianceStatus: 'PASSED' })],
    ['known to the record', active({ id: record('FAILED').id })],
    [
      'updated moments ago (a writer may be about to record it)',
      active({ updatedAt: new Date(NOW.getTime() - 60_000).toISOString() }),
    ],
    ['with an Id orgmfa would not derive for it', active({ id: 'orgmfa/111122223333/ORGMFA.1/forged' })],
    ['of a generator that is no control', active({ generatorId: 'orgmfa/ORGMFA.9' })],
  ])('GIVEN one %s THEN it is left alone', (_label, observed) => {
    expect(checkFindings([record('FAILED')], [observed], NOW, SCOPE).unrecorded).toEqual([]);
  });
});
