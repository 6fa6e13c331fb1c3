import { orphanNotDeleted } from '../../../functions/core/compliance/evaluate-account';
import { evaluateUser } from '../../../functions/core/compliance/evaluate-user';
import { findingId, shortHash } from '../../../functions/core/compliance/finding';
import type {
  ActiveFinding,
  ControlResult,
  ImportPlan,
  UserFacts,
} from '../../../functions/core/compliance/model';
import { chunk, planImports } from '../../../functions/core/compliance/plan-imports';
import { ACCOUNT, deviceArn, SCOPE, user, userArn } from './fixtures';

const T0 = new Date('2025-06-15T10:00:00.000Z');
const T1 = new Date('2025-06-15T16:00:00.000Z');
const T2 = new Date('2025-06-15T22:00:00.000Z');
const everything = (_: ActiveFinding) => true;

const BOB = userArn('bob');
const BOB_ID = findingId(SCOPE, 'ORGMFA.1', { type: 'AwsIamUser', id: BOB });
const BOB_FAILED = 'IAM user bob has a console password and no MFA device.';

/** One sweep of the account: evaluate the users, plan against the record. */
function sweep(
  users: readonly UserFacts[],
  active: readonly ActiveFinding[],
  now: Date,
  inScope = everything,
) {
  const results = users.flatMap((facts) => evaluateUser(facts, { now }));
  return planImports({ scope: SCOPE, active, results, inScope, now });
}

const noMfa = user('bob', { consolePassword: true });
const fixed = user('bob', { consolePassword: true, mfaActive: true });

/** The record of bob's ORGMFA.1 finding, active since T0. */
const BOB_RECORD: ActiveFinding = {
  id: BOB_ID,
  control: 'ORGMFA.1',
  resourceId: BOB,
  since: T0.toISOString(),
  digest: shortHash(BOB_FAILED),
};

describe('planImports: the lifecycle of a finding', () => {
  test('GIVEN a failing user and no active finding THEN it is imported ACTIVE and recorded', () => {
    const plan = sweep([noMfa], [], T0);

    expect(plan.counts).toEqual({ new: 1, updated: 0, resolved: 0 });
    expect(plan.active).toEqual([BOB_RECORD]);
    expect(plan.imports).toHaveLength(1);
    expect(plan.imports[0]).toMatchObject({
      Id: BOB_ID,
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T10:00:00.000Z',
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
  });

  test('GIVEN the same user still failing WHEN the sweep runs again THEN nothing changes (idempotent)', () => {
    const plan = sweep([noMfa], [BOB_RECORD], T1);

    expect(plan).toEqual<ImportPlan>({
      imports: [],
      counts: { new: 0, updated: 0, resolved: 0 },
      active: [BOB_RECORD],
    });
  });

  test('GIVEN the user was fixed THEN the finding is re-imported PASSED and ARCHIVED, and leaves the record', () => {
    const plan = sweep([fixed], [BOB_RECORD], T1);

    expect(plan.counts).toEqual({ new: 0, updated: 0, resolved: 1 });
    expect(plan.active).toEqual([]);
    expect(plan.imports).toHaveLength(1);
    expect(plan.imports[0]).toMatchObject({
      Id: BOB_ID,
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T16:00:00.000Z',
      Description: expect.stringMatching(/ IAM user bob has an MFA device\.$/),
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
    });
  });

  test('GIVEN the user is fixed within the same millisecond THEN UpdatedAt is still later than CreatedAt', () => {
    const plan = sweep([fixed], [BOB_RECORD], T0);

    expect(plan.imports[0]).toMatchObject({
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T10:00:00.001Z',
    });
  });

  test('GIVEN a fixed user broken again THEN the same finding is imported ACTIVE again, later than the archive', () => {
    const resolved = sweep([fixed], [BOB_RECORD], T1);

    const reopened = sweep([noMfa], resolved.active, T2);

    expect(reopened.counts).toEqual({ new: 1, updated: 0, resolved: 0 });
    expect(reopened.imports).toHaveLength(1);
    expect(reopened.imports[0]).toMatchObject({
      Id: resolved.imports[0]!.Id,
      CreatedAt: '2025-06-15T22:00:00.000Z',
      UpdatedAt: '2025-06-15T22:00:00.000Z',
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
    expect(reopened.imports[0]!.UpdatedAt > resolved.imports[0]!.UpdatedAt).toBe(true);
    expect(reopened.active).toEqual([{ ...BOB_RECORD, since: T2.toISOString() }]);
  });

  test('GIVEN the user was deleted THEN its active finding is resolved: its resource no longer exists', () => {
    const plan = sweep([], [BOB_RECORD], T1);

    expect(plan.counts).toEqual({ new: 0, updated: 0, resolved: 1 });
    expect(plan.active).toEqual([]);
    expect(plan.imports[0]).toMatchObject({
      Id: BOB_ID,
      GeneratorId: 'orgmfa/ORGMFA.1',
      Description: expect.stringMatching(new RegExp(` Resolved: ${BOB} no longer exists\\.$`)),
      Resources: [{ Type: 'AwsIamUser', Id: BOB, Partition: 'aws', Region: 'eu-west-1' }],
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
    });
  });

  test('GIVEN an evaluation of another user (the event path) THEN bob’s finding is out of scope and untouched', () => {
    const plan = sweep(
      [user('carol')],
      [BOB_RECORD],
      T1,
      (finding) => finding.resourceId === userArn('carol'),
    );

    expect(plan).toEqual<ImportPlan>({
      imports: [],
      counts: { new: 0, updated: 0, resolved: 0 },
      active: [BOB_RECORD],
    });
  });

  test('GIVEN a passing user with no active finding THEN nothing is imported', () => {
    expect(sweep([fixed, user('carol')], [], T0)).toEqual<ImportPlan>({
      imports: [],
      counts: { new: 0, updated: 0, resolved: 0 },
      active: [],
    });
  });
});

describe('planImports: updates, exemptions and duplicates', () => {
  const exempt = (until: string) =>
    user('erin', {
      consolePassword: true,
      tags: { 'orgmfa:exempt': 'contractor', 'orgmfa:exempt-until': until },
    });

  test('GIVEN an exemption in force THEN ORGMFA.6 is imported ACTIVE as a WARNING, and ORGMFA.1 is not', () => {
    const plan = sweep([exempt('2025-06-30')], [], T0);

    expect(
      plan.imports.map((finding) => [finding.GeneratorId, finding.Compliance.Status, finding.RecordState]),
    ).toEqual([['orgmfa/ORGMFA.6', 'WARNING', 'ACTIVE']]);
  });

  test('GIVEN the exemption was extended THEN the still-active finding is updated with the new date', () => {
    const first = sweep([exempt('2025-06-30')], [], T0);

    const plan = sweep([exempt('2025-07-31')], first.active, T1);

    expect(plan.counts).toEqual({ new: 0, updated: 1, resolved: 0 });
    expect(plan.imports[0]).toMatchObject({
      Id: first.imports[0]!.Id,
      CreatedAt: '2025-06-15T10:00:00.000Z',
      UpdatedAt: '2025-06-15T16:00:00.000Z',
      Description: expect.stringContaining('until 2025-07-31 (end of day UTC)'),
      Compliance: { Status: 'WARNING' },
      RecordState: 'ACTIVE',
    });
    expect(plan.active).toEqual([
      { ...first.active[0]!, updatedAt: T1.toISOString(), digest: expect.any(String) },
    ]);
    expect(plan.active[0]!.digest).not.toBe(first.active[0]!.digest);
  });

  test('GIVEN a finding updated at T1 WHEN it is resolved at T1 too THEN the resolution is still later', () => {
    const first = sweep([exempt('2025-06-30')], [], T0);
    const updated = sweep([exempt('2025-07-31')], first.active, T1);

    const plan = sweep([user('erin', { consolePassword: true, mfaActive: true })], updated.active, T1);

    expect(plan.counts.resolved).toBe(1);
    expect(plan.imports[0]!.UpdatedAt).toBe('2025-06-15T16:00:00.001Z');
  });

  test('GIVEN the exemption ended THEN ORGMFA.6 is resolved and ORGMFA.1 becomes active', () => {
    const first = sweep([exempt('2025-06-15')], [], T0);

    const plan = sweep([exempt('2025-06-15')], first.active, new Date('2025-06-16T00:00:00.000Z'));

    expect(plan.counts).toEqual({ new: 1, updated: 0, resolved: 1 });
    expect(
      plan.imports.map((finding) => [finding.GeneratorId, finding.Compliance.Status, finding.RecordState]),
    ).toEqual([
      ['orgmfa/ORGMFA.6', 'PASSED', 'ARCHIVED'],
      ['orgmfa/ORGMFA.1', 'FAILED', 'ACTIVE'],
    ]);
  });

  test('GIVEN an orphan reported PASSED for deletion and FAILED because the deletion failed THEN FAILED wins', () => {
    const serial = deviceArn('alice-phone');
    const toDelete: ControlResult = {
      control: 'ORGMFA.3',
      resource: { type: 'AwsAccount', id: `AWS::::Account:${ACCOUNT}`, subject: serial },
      status: 'PASSED',
      detail: 'deleted by the sweep.',
    };

    const plan = planImports({
      scope: SCOPE,
      active: [],
      results: [toDelete, orphanNotDeleted(serial, 'DeleteConflict')],
      inScope: everything,
      now: T0,
    });

    expect(plan.counts.new).toBe(1);
    expect(plan.active).toEqual([
      {
        id: findingId(SCOPE, 'ORGMFA.3', toDelete.resource),
        control: 'ORGMFA.3',
        resourceId: `AWS::::Account:${ACCOUNT}`,
        subject: serial,
        since: T0.toISOString(),
        digest: expect.any(String),
      },
    ]);
  });

  test('GIVEN a record without a digest (written before digests) THEN it learns one without an import', () => {
    const { digest: _, ...legacy } = BOB_RECORD;

    const plan = sweep([noMfa], [legacy], T1);

    expect(plan.imports).toEqual([]);
    expect(plan.active).toEqual([BOB_RECORD]);
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
