import {
  applyFact,
  applyFacts,
  applyListing,
  decideClash,
  LISTING_FRESH_MS,
  settlingClash,
  unassignedSinceBySerial,
  type DeviceFact,
} from '../../functions/core/device-evidence';
import {
  DeviceRecordUnreadableError,
  emptyDeviceRecord,
  parseDeviceRecord,
  type DeviceEntry,
} from '../../functions/core/device-record';

const ACCOUNT = '222222222222';
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const ADMIN_A = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0a1b/ann@example.com`;
const ADMIN_B = `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0a1b/ben@example.com`;
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/bob-new`;
const WINDOW_MS = 15 * 60_000;
const NOW = new Date('2026-11-21T10:00:00.000Z');

const at = (time: string) => ({ windowMs: WINDOW_MS, now: new Date(time) });
const settings = at(NOW.toISOString());

/** Bob created bob-new at 09:50 and has not enabled it yet. */
const BOBS_ENROLMENT: DeviceEntry = {
  createdBy: BOB,
  createdAt: '2026-11-21T09:50:00.000Z',
  unassignedSince: '2026-11-21T09:50:00.000Z',
  asOf: '2026-11-21T09:50:00.000Z',
};

describe('decideClash: the orphan rule', () => {
  test("GIVEN bob's device being enrolled WHEN alice's create clashes with it THEN it waits until the window has passed", () => {
    expect(decideClash(BOBS_ENROLMENT, { by: ALICE, at: '2026-11-21T09:59:58.000Z' }, settings)).toEqual({
      action: 'wait',
      until: '2026-11-21T10:05:00.000Z',
      reason: `unassigned since 2026-11-21T09:50:00.000Z (created by ${BOB}): someone may be enrolling it until the enrolment window of 15 minutes has passed`,
    });
  });

  test('GIVEN bob cancels and retries (his own create clashes) THEN the device is deleted at once', () => {
    expect(decideClash(BOBS_ENROLMENT, { by: BOB, at: '2026-11-21T09:59:58.000Z' }, settings)).toEqual({
      action: 'delete',
      reason: `created by ${BOB} at 2026-11-21T09:50:00.000Z, whose retry failed at 2026-11-21T09:59:58.000Z`,
    });
  });

  test('GIVEN a clash at the very second of the creation by its creator THEN it counts as the retry (not after it)', () => {
    expect(decideClash(BOBS_ENROLMENT, { by: BOB, at: '2026-11-21T09:50:00.000Z' }, settings).action).toBe(
      'delete',
    );
  });

  test('GIVEN two people in one role WHEN the other session clashes THEN it is another principal (the session is compared)', () => {
    const byAnn = { ...BOBS_ENROLMENT, createdBy: ADMIN_A };

    expect(decideClash(byAnn, { by: ADMIN_B, at: '2026-11-21T09:59:00.000Z' }, settings).action).toBe('wait');
    expect(decideClash(byAnn, { by: ADMIN_A, at: '2026-11-21T09:59:00.000Z' }, settings).action).toBe(
      'delete',
    );
  });

  test('GIVEN a caller CloudTrail records without an ARN THEN it never proves ownership, even against the same placeholder', () => {
    const byService = { ...BOBS_ENROLMENT, createdBy: 'AWSService' };

    expect(
      decideClash(byService, { by: 'AWSService', at: '2026-11-21T09:59:00.000Z' }, settings).action,
    ).toBe('wait');
  });

  test.each([
    ['exactly the window', '2026-11-21T10:05:00.000Z', 'delete'],
    ['one millisecond short of it', '2026-11-21T10:04:59.999Z', 'wait'],
  ])('GIVEN the device unassigned for %s THEN %s', (_, now, action) => {
    expect(decideClash(BOBS_ENROLMENT, { by: ALICE, at: '2026-11-21T09:59:00.000Z' }, at(now)).action).toBe(
      action,
    );
  });

  test('GIVEN it is unassigned for longer than the window THEN anyone’s clash deletes it, saying why', () => {
    expect(
      decideClash(BOBS_ENROLMENT, { by: ALICE, at: '2026-11-21T10:30:00.000Z' }, at('2026-11-21T10:30:01Z')),
    ).toEqual({
      action: 'delete',
      reason: 'unassigned since 2026-11-21T09:50:00.000Z, for the enrolment window of 15 minutes or longer',
    });
  });

  test('GIVEN no record THEN take a fresh listing first, never delete', () => {
    expect(decideClash(undefined, { by: BOB, at: '2026-11-21T09:59:00.000Z' }, settings)).toEqual({
      action: 'check',
      reason: 'orgmfa has no record of the device',
    });
  });

  test('GIVEN a wait already scheduled THEN a duplicate or another clash adds nothing', () => {
    const waiting = { ...BOBS_ENROLMENT, waitUntil: '2026-11-21T10:05:00.000Z' };

    expect(decideClash(waiting, { by: ALICE, at: '2026-11-21T09:59:00.000Z' }, settings)).toEqual({
      action: 'none',
      because: 'scheduled',
      until: '2026-11-21T10:05:00.000Z',
      reason: 'a check is already scheduled for 2026-11-21T10:05:00.000Z',
    });
    // The waiting execution itself decides again once the time has come.
    expect(
      decideClash(waiting, { by: ALICE, at: '2026-11-21T09:59:00.000Z' }, at('2026-11-21T10:05:00Z')).action,
    ).toBe('delete');
  });

  test('GIVEN the device this clash met was deleted since THEN nothing; a clash after the deletion met a new device: check', () => {
    const deleted = { ...BOBS_ENROLMENT, unassignedSince: undefined, deletedAt: '2026-11-21T09:59:30.000Z' };

    expect(decideClash(deleted, { by: BOB, at: '2026-11-21T09:59:29.000Z' }, settings)).toEqual({
      action: 'none',
      because: 'deleted',
      reason: 'the device this clash met was deleted at 2026-11-21T09:59:30.000Z',
    });
    expect(decideClash(deleted, { by: BOB, at: '2026-11-21T09:59:31.000Z' }, settings).action).toBe('check');
  });

  test('GIVEN the device was created after the clash THEN the clash met an earlier device: nothing to do', () => {
    expect(decideClash(BOBS_ENROLMENT, { by: BOB, at: '2026-11-21T09:49:59.000Z' }, settings)).toEqual({
      action: 'none',
      because: 'superseded',
      reason:
        'the device was created at 2026-11-21T09:50:00.000Z, after this clash: the clash met an earlier device',
    });
  });

  test('GIVEN a device found not unassigned moments ago THEN nothing; once that listing is older than a minute, check again', () => {
    const assigned: DeviceEntry = { asOf: '2026-11-21T09:59:30.000Z', checkedAt: '2026-11-21T09:59:30.000Z' };

    expect(LISTING_FRESH_MS).toBe(60_000);
    expect(decideClash(assigned, { by: ALICE, at: '2026-11-21T09:59:50.000Z' }, settings)).toEqual({
      action: 'none',
      because: 'not-unassigned',
      reason: 'the device was not unassigned at 2026-11-21T09:59:30.000Z',
    });
    expect(
      decideClash(assigned, { by: ALICE, at: '2026-11-21T10:00:30.000Z' }, at('2026-11-21T10:00:31Z')).action,
    ).toBe('check');
  });

  test('GIVEN a clash stamped in the future THEN it is taken as now (a clock ahead proves nothing)', () => {
    expect(decideClash(BOBS_ENROLMENT, { by: BOB, at: '2027-01-01T00:00:00.000Z' }, settings)).toEqual({
      action: 'delete',
      reason: `created by ${BOB} at 2026-11-21T09:50:00.000Z, whose retry failed at 2026-11-21T10:00:00.000Z`,
    });
  });
});

describe('applyFact: the record follows events in any order and any number of deliveries', () => {
  const apply = (facts: DeviceFact[], entry?: DeviceEntry, now = NOW) =>
    facts.reduce<DeviceEntry | undefined>((e, fact) => applyFact(e, fact, now), entry);

  test('GIVEN a creation THEN creator, time and "unassigned since" are the creation; a duplicate changes nothing', () => {
    const created: DeviceFact = { kind: 'created', by: BOB, at: '2026-11-21T09:50:00Z' };

    expect(apply([created])).toEqual(BOBS_ENROLMENT);
    expect(apply([created, created])).toEqual(BOBS_ENROLMENT);
  });

  test('GIVEN enabled then deactivated a month later THEN it is unassigned since the deactivation, not the creation', () => {
    const entry = apply(
      [
        { kind: 'enabled', at: '2026-10-01T09:52:00Z' },
        { kind: 'deactivated', at: '2026-11-21T09:58:00Z' },
      ],
      {
        ...BOBS_ENROLMENT,
        createdAt: '2026-10-01T09:50:00.000Z',
        unassignedSince: '2026-10-01T09:50:00.000Z',
        asOf: '2026-10-01T09:50:00.000Z',
      },
    );

    expect(entry).toMatchObject({
      unassignedSince: '2026-11-21T09:58:00.000Z',
      asOf: '2026-11-21T09:58:00.000Z',
    });
  });

  test('GIVEN a deactivation delivered after a later enabling THEN the device stays assigned', () => {
    const entry = apply(
      [
        { kind: 'enabled', at: '2026-11-21T09:55:00Z' },
        { kind: 'deactivated', at: '2026-11-21T09:54:00Z' },
      ],
      BOBS_ENROLMENT,
    );

    expect(entry).toEqual({
      createdBy: BOB,
      createdAt: '2026-11-21T09:50:00.000Z',
      asOf: '2026-11-21T09:55:00.000Z',
    });
  });

  test('GIVEN the creation arrives after a listing saw the device THEN the creator is added, and the age is not shortened', () => {
    const firstSeen: DeviceEntry = {
      unassignedSince: '2026-11-21T09:59:00.000Z',
      asOf: '2026-11-21T09:59:00.000Z',
      checkedAt: '2026-11-21T09:59:00.000Z',
    };

    expect(apply([{ kind: 'created', by: BOB, at: '2026-11-21T09:50:00Z' }], firstSeen)).toEqual({
      ...firstSeen,
      createdBy: BOB,
      createdAt: '2026-11-21T09:50:00.000Z',
      // Learnt late: bob's retry right holds after the grace for a late deletion of an earlier device.
      creatorFrom: '2026-11-21T10:05:00.000Z',
    });
  });

  test('GIVEN a device deleted and created again under the same name THEN the new device starts a new entry', () => {
    const entry = apply(
      [
        { kind: 'deleted', at: '2026-11-21T09:55:00Z' },
        { kind: 'created', by: ALICE, at: '2026-11-21T09:56:00Z' },
      ],
      BOBS_ENROLMENT,
    );

    expect(entry).toEqual({
      createdBy: ALICE,
      createdAt: '2026-11-21T09:56:00.000Z',
      unassignedSince: '2026-11-21T09:56:00.000Z',
      asOf: '2026-11-21T09:56:00.000Z',
    });
  });

  test('GIVEN a device seen again after its recorded deletion THEN it was created again unseen: new entry, creator unknown', () => {
    const deleted = apply([{ kind: 'deleted', at: '2026-11-21T09:55:00Z' }], BOBS_ENROLMENT);

    expect(apply([{ kind: 'listed', unassigned: true, at: '2026-11-21T09:59:00Z' }], deleted)).toEqual({
      createdAfter: '2026-11-21T09:55:00.000Z',
      unassignedSince: '2026-11-21T09:59:00.000Z',
      asOf: '2026-11-21T09:59:00.000Z',
      checkedAt: '2026-11-21T09:59:00.000Z',
    });
  });

  test("GIVEN alice created and deleted bob-new, then it is seen again THEN a late redelivery of alice's creation is not this device's creation, and her clash waits", () => {
    const aliceCreated: DeviceFact = { kind: 'created', by: ALICE, at: '2026-11-21T09:50:00Z' };
    const seenAgain = apply([
      aliceCreated,
      { kind: 'deleted', at: '2026-11-21T09:50:05Z' },
      { kind: 'listed', unassigned: true, at: '2026-11-21T09:59:00Z' },
    ]);

    const redelivered = apply([aliceCreated], seenAgain);
    expect(redelivered).toEqual(seenAgain);
    expect(decideClash(redelivered, { by: ALICE, at: '2026-11-21T09:58:50Z' }, settings)).toMatchObject({
      action: 'wait',
    });
    // bob's own creation, after the deletion, is: his retry deletes once the late creator's grace is over.
    const bobs = apply([{ kind: 'created', by: BOB, at: '2026-11-21T09:55:00Z' }], seenAgain);
    expect(bobs).toMatchObject({ createdBy: BOB, createdAt: '2026-11-21T09:55:00.000Z' });
    expect(decideClash(bobs, { by: BOB, at: '2026-11-21T09:58:50Z' }, settings)).toMatchObject({
      action: 'wait',
      until: '2026-11-21T10:05:00.000Z',
    });
    expect(
      decideClash(bobs, { by: BOB, at: '2026-11-21T09:58:50Z' }, at('2026-11-21T10:05:00.000Z')).action,
    ).toBe('delete');
  });

  test("GIVEN bob-new first seen, then alice's creation and deletion of an earlier bob-new arrive late (either order) THEN alice is not its creator, and her clash waits", () => {
    const firstSeen: DeviceEntry = {
      unassignedSince: '2026-11-21T09:59:00.000Z',
      asOf: '2026-11-21T09:59:00.000Z',
      checkedAt: '2026-11-21T09:59:00.000Z',
    };
    const created: DeviceFact = { kind: 'created', by: ALICE, at: '2026-11-21T09:50:00Z' };
    const deleted: DeviceFact = { kind: 'deleted', at: '2026-11-21T09:50:05Z' };
    const expected = { ...firstSeen, createdAfter: '2026-11-21T09:50:05.000Z' };

    expect(apply([deleted, created], firstSeen)).toEqual(expected);
    expect(apply([created, deleted], firstSeen)).toEqual(expected);
    expect(decideClash(expected, { by: ALICE, at: '2026-11-21T09:58:50Z' }, settings).action).toBe('wait');
    // A deletion older than a known creation of this device changes nothing of its creator.
    expect(apply([{ kind: 'deleted', at: '2026-11-21T09:49:00Z' }], BOBS_ENROLMENT)).toEqual({
      ...BOBS_ENROLMENT,
      createdAfter: '2026-11-21T09:49:00.000Z',
    });
  });

  test('GIVEN a recorded deletion, then an enabling or a deactivation THEN the creation before the deletion stays ruled out', () => {
    const deleted = apply([{ kind: 'deleted', at: '2026-11-21T09:55:00Z' }], BOBS_ENROLMENT);

    expect(apply([{ kind: 'deactivated', at: '2026-11-21T09:58:00Z' }], deleted)).toEqual({
      createdAfter: '2026-11-21T09:55:00.000Z',
      unassignedSince: '2026-11-21T09:58:00.000Z',
      asOf: '2026-11-21T09:58:00.000Z',
    });
    expect(apply([{ kind: 'enabled', at: '2026-11-21T09:58:00Z' }], deleted)).toEqual({
      createdAfter: '2026-11-21T09:55:00.000Z',
      asOf: '2026-11-21T09:58:00.000Z',
    });
  });

  test('GIVEN an enabling of a device orgmfa does not track THEN nothing is recorded; a deletion is (a late creation event must find it)', () => {
    expect(apply([{ kind: 'enabled', at: '2026-11-21T09:55:00Z' }])).toBeUndefined();
    expect(apply([{ kind: 'deleted', at: '2026-11-21T09:55:00Z' }])).toEqual({
      deletedAt: '2026-11-21T09:55:00.000Z',
      asOf: '2026-11-21T09:55:00.000Z',
    });
  });

  test("GIVEN alice's deletion of an earlier bob-new delivered before her creation of it THEN that creation is the deleted device's: a device seen later has no creator", () => {
    const entry = apply([
      { kind: 'deleted', at: '2026-11-21T09:50:05Z' },
      { kind: 'created', by: ALICE, at: '2026-11-21T09:50:00Z' },
      { kind: 'listed', unassigned: true, at: '2026-11-21T09:59:00Z' },
    ]);

    expect(entry).toEqual({
      createdAfter: '2026-11-21T09:50:05.000Z',
      unassignedSince: '2026-11-21T09:59:00.000Z',
      asOf: '2026-11-21T09:59:00.000Z',
      checkedAt: '2026-11-21T09:59:00.000Z',
    });
  });

  test('GIVEN a listing that did not show it unassigned THEN an entry remembers that (duplicates are answered from it)', () => {
    expect(apply([{ kind: 'listed', unassigned: false, at: '2026-11-21T09:59:00Z' }])).toEqual({
      asOf: '2026-11-21T09:59:00.000Z',
      checkedAt: '2026-11-21T09:59:00.000Z',
    });
  });

  test('GIVEN clashes while the creator is unknown THEN each caller is kept once (its first), at most ten; with the creator known, none', () => {
    const firstSeen: DeviceEntry = {
      unassignedSince: '2026-11-21T09:00:00.000Z',
      asOf: '2026-11-21T09:00:00.000Z',
    };
    const clashes: DeviceFact[] = Array.from({ length: 12 }, (_, i) => ({
      kind: 'clashed',
      by: `arn:aws:iam::${ACCOUNT}:user/u${i}`,
      at: `2026-11-21T09:${String(10 + i).padStart(2, '0')}:00Z`,
    }));
    const again: DeviceFact = {
      kind: 'clashed',
      by: `arn:aws:iam::${ACCOUNT}:user/u0`,
      at: '2026-11-21T09:30:00Z',
    };
    const entry = apply([...clashes, again], firstSeen);

    expect(entry?.clashes).toHaveLength(10);
    expect(entry?.clashes?.[0]).toEqual({
      by: `arn:aws:iam::${ACCOUNT}:user/u0`,
      at: '2026-11-21T09:10:00.000Z',
    });
    expect(entry?.clashes?.at(-1)?.by).toBe(`arn:aws:iam::${ACCOUNT}:user/u9`);
    // A caller's repeated clash (a flood) changes nothing, so nothing is written.
    const ten = apply(clashes.slice(0, 10), firstSeen);
    expect(apply([again], ten)).toEqual(ten);
    expect(apply([clashes[0]!], BOBS_ENROLMENT)).toEqual(BOBS_ENROLMENT);
  });

  test('GIVEN an event time after now THEN it is recorded as now', () => {
    expect(apply([{ kind: 'deactivated', at: '2030-01-01T00:00:00Z' }])).toEqual({
      unassignedSince: NOW.toISOString(),
      asOf: NOW.toISOString(),
    });
  });
});

describe('settlingClash: a creation that arrives after the clash', () => {
  test("GIVEN bob's own clash recorded first THEN his creation settles it; alice's recorded clash does not", () => {
    const firstSeen: DeviceEntry = {
      unassignedSince: '2026-11-21T09:59:00.000Z',
      asOf: '2026-11-21T09:59:00.000Z',
      clashes: [
        { by: ALICE, at: '2026-11-21T09:58:59.000Z' },
        { by: BOB, at: '2026-11-21T09:58:58.000Z' },
      ],
    };
    const created = applyFact(firstSeen, { kind: 'created', by: BOB, at: '2026-11-21T09:50:00Z' }, NOW);

    expect(settlingClash(created, settings)).toEqual({ by: BOB, at: '2026-11-21T09:58:58.000Z' });
    expect(
      settlingClash({ ...created!, clashes: [{ by: ALICE, at: '2026-11-21T09:58:59.000Z' }] }, settings),
    ).toBeUndefined();
  });
});

describe('applyListing: the sweep’s complete listing', () => {
  const OTHER = `arn:aws:iam::${ACCOUNT}:mfa/other`;
  const GONE = `arn:aws:iam::${ACCOUNT}:mfa/gone`;
  const NEWER = `arn:aws:iam::${ACCOUNT}:mfa/newer`;
  const NEW = `arn:aws:iam::${ACCOUNT}:mfa/new`;

  test('first seen recorded, assigned reset, gone forgotten, facts newer than the listing kept', () => {
    const record = {
      ...emptyDeviceRecord(ACCOUNT),
      devices: {
        [SERIAL]: BOBS_ENROLMENT,
        [OTHER]: { unassignedSince: '2026-11-01T00:00:00.000Z', asOf: '2026-11-01T00:00:00.000Z' },
        [GONE]: { unassignedSince: '2026-11-01T00:00:00.000Z', asOf: '2026-11-01T00:00:00.000Z' },
        [NEWER]: {
          createdBy: ALICE,
          createdAt: '2026-11-21T10:00:00.000Z',
          unassignedSince: '2026-11-21T10:00:00.000Z',
          asOf: '2026-11-21T10:00:00.000Z',
        },
      },
    };

    const next = applyListing(
      record,
      {
        unassigned: [SERIAL, NEW],
        assigned: [OTHER, `arn:aws:iam::${ACCOUNT}:mfa/untracked`],
        at: '2026-11-21T09:59:00.000Z',
      },
      NOW,
    );

    expect(next.devices).toEqual({
      [SERIAL]: {
        ...BOBS_ENROLMENT,
        asOf: '2026-11-21T09:59:00.000Z',
        checkedAt: '2026-11-21T09:59:00.000Z',
      },
      [OTHER]: { asOf: '2026-11-21T09:59:00.000Z', checkedAt: '2026-11-21T09:59:00.000Z' },
      [NEWER]: record.devices[NEWER],
      [NEW]: {
        unassignedSince: '2026-11-21T09:59:00.000Z',
        asOf: '2026-11-21T09:59:00.000Z',
        checkedAt: '2026-11-21T09:59:00.000Z',
      },
    });
    expect(unassignedSinceBySerial(next)).toEqual(
      new Map([
        [SERIAL, '2026-11-21T09:50:00.000Z'],
        [NEWER, '2026-11-21T10:00:00.000Z'],
        [NEW, '2026-11-21T09:59:00.000Z'],
      ]),
    );
  });

  test('applyFacts leaves the record it was given unchanged', () => {
    const record = { ...emptyDeviceRecord(ACCOUNT), devices: { [SERIAL]: BOBS_ENROLMENT } };
    const copy = structuredClone(record);

    applyFacts(record, SERIAL, [{ kind: 'deleted', at: '2026-11-21T09:55:00Z' }], NOW);

    expect(record).toEqual(copy);
  });
});

describe('parseDeviceRecord: orgmfa decides only on a record it can read', () => {
  test('GIVEN a record as orgmfa writes it THEN it reads back equal', () => {
    const record = { format: 1, accountId: ACCOUNT, devices: { [SERIAL]: BOBS_ENROLMENT } };

    expect(parseDeviceRecord(JSON.stringify(record), ACCOUNT)).toEqual(record);
  });

  test.each([
    ['not JSON', '{', 'the device record of 222222222222 is not JSON'],
    [
      'another format',
      JSON.stringify({ format: 2, accountId: ACCOUNT, devices: {} }),
      'the device record of 222222222222 is not valid at format: Invalid input: expected 1',
    ],
    [
      'an unknown field (strict)',
      JSON.stringify({
        format: 1,
        accountId: ACCOUNT,
        devices: { [SERIAL]: { ...BOBS_ENROLMENT, owner: 'bob' } },
      }),
      `the device record of 222222222222 is not valid at devices.${SERIAL}: Unrecognized key: "owner"`,
    ],
    [
      'another account’s record',
      JSON.stringify({ format: 1, accountId: '333333333333', devices: {} }),
      'the device record of 222222222222 names account 333333333333',
    ],
  ])('GIVEN %s THEN DeviceRecordUnreadable says what is wrong', (_, text, message) => {
    let error: unknown;
    try {
      parseDeviceRecord(text, ACCOUNT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeviceRecordUnreadableError);
    expect(error).toMatchObject({ name: 'DeviceRecordUnreadable', message });
  });
});
