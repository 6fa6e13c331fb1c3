import {
  checkFindings,
  CONSISTENCY_WINDOW_MS,
  type ObservedFinding,
} from '../../../functions/core/compliance/check-findings';
import type { FindingRecord } from '../../../functions/core/compliance/model';
import { userArn } from './fixtures';

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
    expect(checkFindings([record(status)], [observed], NOW)).toEqual({ tampered: [], restore: new Map() });
  });

  test('GIVEN a failure re-imported as PASSED/ARCHIVED with an UpdatedAt in the future THEN it is reported, and not restorable', () => {
    const check = checkFindings(
      [record('FAILED')],
      [seen('PASSED', 'ARCHIVED', '2099-01-01T00:00:00.000Z')],
      NOW,
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
    );

    expect(check.tampered.map((t) => t.problem)).toEqual([
      expect.stringContaining('an UpdatedAt in the future'),
    ]);
  });

  test('GIVEN a finding missing from Security Hub THEN it is reported and restored', () => {
    const check = checkFindings([record('FAILED')], [], NOW);

    expect(check.tampered.map((t) => t.problem)).toEqual(['it is missing from Security Hub']);
    expect(check.restore).toEqual(new Map([['orgmfa/111122223333/ORGMFA.1/abc', undefined]]));
  });

  test('GIVEN a finding orgmfa imported moments ago THEN it is not compared (GetFindings is eventually consistent)', () => {
    const recent = new Date(NOW.getTime() - CONSISTENCY_WINDOW_MS + 1).toISOString();

    expect(checkFindings([record('FAILED', recent)], [], NOW)).toEqual({ tampered: [], restore: new Map() });
  });

  test('GIVEN a verdict never imported (a PASSED the event path recorded) THEN it is not compared', () => {
    expect(checkFindings([record('PASSED', null)], [], NOW).tampered).toEqual([]);
  });
});
