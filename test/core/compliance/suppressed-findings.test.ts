import type { ObservedFinding } from '../../../functions/core/compliance/check-findings';
import type { FindingRecord } from '../../../functions/core/compliance/model';
import { suppressedFailures } from '../../../functions/core/compliance/suppressed-findings';
import { userArn } from './fixtures';

const record = (id: string, status: FindingRecord['status'], subject?: string): FindingRecord => ({
  id,
  control: 'ORGMFA.1',
  resourceId: userArn(id),
  ...(subject === undefined ? {} : { subject }),
  status,
  evidenceAt: '2025-06-15T06:00:00.000Z',
});
const seen = (id: string, workflowStatus?: string): ObservedFinding => ({
  id,
  complianceStatus: 'FAILED',
  recordState: 'ACTIVE',
  ...(workflowStatus === undefined ? {} : { workflowStatus }),
});

describe('suppressedFailures: failing findings a member suppressed with BatchUpdateFindings', () => {
  test('GIVEN failing findings SUPPRESSED, NOTIFIED or without a workflow THEN only the suppressed failures are named, one line each', () => {
    const lines = suppressedFailures(
      [record('alice', 'FAILED'), record('bob', 'FAILED'), record('cid', 'FAILED'), record('dan', 'FAILED')],
      [seen('alice', 'SUPPRESSED'), seen('bob', 'NOTIFIED'), seen('cid'), seen('dan', 'SUPPRESSED')],
    );

    expect(lines).toEqual(
      ['alice', 'dan'].map(
        (name) =>
          `ORGMFA.1 ${userArn(name)}: failing, but SUPPRESSED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which no longer updates a suppressed finding: review the suppression`,
      ),
    );
  });

  test('GIVEN a suppressed finding orgmfa resolved or records as an exemption THEN nothing is said (no failure is hidden)', () => {
    expect(
      suppressedFailures(
        [record('alice', 'PASSED'), record('erin', 'EXEMPT')],
        [seen('alice', 'SUPPRESSED'), seen('erin', 'SUPPRESSED')],
      ),
    ).toEqual([]);
  });

  test('GIVEN a failing finding set RESOLVED (which Security Hub resets to NEW only when the finding fails anew, never while it keeps failing) THEN it is named too', () => {
    expect(
      suppressedFailures(
        [record('alice', 'FAILED'), record('bob', 'PASSED')],
        [seen('alice', 'RESOLVED'), seen('bob', 'RESOLVED')],
      ),
    ).toEqual([
      `ORGMFA.1 ${userArn('alice')}: failing, but RESOLVED in Security Hub (Workflow.Status, set with BatchUpdateFindings), which stays so while it keeps failing and hides it from views of open findings: review the resolution`,
    ]);
  });
});
