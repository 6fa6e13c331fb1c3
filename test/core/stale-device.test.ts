import type { ClashDecision } from '../../functions/core/device-evidence';
import {
  assignedInTheWay,
  keptComingBack,
  notAbandonedInTime,
  SCHEDULED_CHECK_MARGIN_MS,
  STALE_DEVICE_GRACE_MS,
  staleDeviceDeadline,
  wayAhead,
} from '../../functions/core/stale-device';

const WINDOW_MS = 15 * 60_000;
/** dave was created at 09:00: he must have MFA by 09:30. */
const DEADLINE = staleDeviceDeadline(new Date('2026-11-21T09:00:00Z'), WINDOW_MS);
const DELETE: ClashDecision = { action: 'delete', reason: 'unassigned for the window' };
const WAY = {
  serialNumber: 'arn:aws:iam::222222222222:mfa/dave',
  userName: 'dave',
  accountId: '222222222222',
};

describe('staleDeviceDeadline', () => {
  test('the user’s creation, plus the enrolment window, plus 15 minutes for a late CreateUser event', () => {
    expect(STALE_DEVICE_GRACE_MS).toBe(15 * 60_000);
    expect(DEADLINE.toISOString()).toBe('2026-11-21T09:30:00.000Z');
  });
});

describe('wayAhead: provisioning’s next step after the orphan rule decided on the device in the way', () => {
  test.each(['Deleted', 'AlreadyDeleted'])('GIVEN a deletion that ended %s THEN create again', (outcome) => {
    expect(wayAhead({ decision: DELETE, outcome }, DEADLINE)).toEqual({ next: 'create' });
  });

  test.each(['NotAnOrphan', 'AssignedMeanwhile'])(
    'GIVEN a deletion that found the device %s THEN look again (assigned, or gone since)',
    (outcome) => {
      expect(wayAhead({ decision: DELETE, outcome }, DEADLINE)).toEqual({
        next: 'look-again',
        reason: 'unassigned for the window',
      });
    },
  );

  test.each([
    ['deleted', { next: 'create' }],
    ['superseded', { next: 'create' }],
    ['not-unassigned', { next: 'look-again', reason: 'r' }],
  ] as const)('GIVEN nothing to do because %s THEN %j', (because, expected) => {
    expect(
      wayAhead({ decision: { action: 'none', because, reason: 'r' }, outcome: 'NothingToDo' }, DEADLINE),
    ).toEqual(expected);
  });

  test('GIVEN a final check (a device re-created since the record, not unassigned now) THEN look again', () => {
    expect(
      wayAhead({ decision: { action: 'check', reason: 'r' }, outcome: 'NothingToDo' }, DEADLINE),
    ).toEqual({ next: 'look-again', reason: 'r' });
  });

  test.each([
    ['exactly at the deadline', '2026-11-21T09:30:00.000Z', 'wait'],
    ['a millisecond after it', '2026-11-21T09:30:00.001Z', 'give-up'],
  ])('GIVEN a wait ending %s THEN %s', (_, until, next) => {
    expect(
      wayAhead({ decision: { action: 'wait', until, reason: 'r' }, outcome: 'Waiting' }, DEADLINE),
    ).toEqual({ next, until, reason: 'r' });
  });

  test.each(['scheduled', 'claimed'] as const)(
    'GIVEN another execution %s the decision THEN wait a minute longer than it, within the deadline',
    (because) => {
      expect(SCHEDULED_CHECK_MARGIN_MS).toBe(60_000);
      const decision = { action: 'none', because, until: '2026-11-21T09:20:00.000Z', reason: 'r' } as const;
      expect(wayAhead({ decision, outcome: 'NothingToDo' }, DEADLINE)).toEqual({
        next: 'wait',
        until: '2026-11-21T09:21:00.000Z',
        reason: 'r',
      });
      const late = { ...decision, until: '2026-11-21T09:29:30.000Z' };
      expect(wayAhead({ decision: late, outcome: 'NothingToDo' }, DEADLINE)).toEqual({
        next: 'give-up',
        until: '2026-11-21T09:30:30.000Z',
        reason: 'r',
      });
    },
  );
});

describe('the messages of a device in the way name it and say what to do', () => {
  test('assigned', () => {
    expect(assignedInTheWay(WAY)).toBe(
      "the virtual MFA device arn:aws:iam::222222222222:mfa/dave has the name dave's device needs and is not unassigned: it is assigned to an IAM user, and orgmfa never removes an assigned device. Free the name (or set provisioning.deviceNameTemplate), then enrol an MFA device for dave",
    );
  });

  test('not proven abandoned in time', () => {
    expect(
      notAbandonedInTime(WAY, {
        until: '2026-11-21T09:35:00.000Z',
        reason: 'first seen at 09:20',
        deadline: DEADLINE,
      }),
    ).toBe(
      "the virtual MFA device arn:aws:iam::222222222222:mfa/dave has the name dave's device needs and has not been proven abandoned in time: it could be deleted at 2026-11-21T09:35:00.000Z, after the 2026-11-21T09:30:00.000Z by which dave must have MFA (first seen at 09:20). Once nobody is enrolling it, delete it (orgmfa orphans clean --account 222222222222 --device arn:aws:iam::222222222222:mfa/dave --include-recent), then enrol an MFA device for dave",
    );
  });

  test('kept coming back', () => {
    expect(keptComingBack(WAY, 2)).toBe(
      "the virtual MFA device arn:aws:iam::222222222222:mfa/dave has the name dave's device needs and was in the way again each of 2 times orgmfa found the name free: someone keeps creating a device of that name. Find out who (CloudTrail CreateVirtualMFADevice), then enrol an MFA device for dave",
    );
  });
});
