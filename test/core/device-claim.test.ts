import { activeClaim, CLAIM_MS, claimedDecision, withClaim } from '../../functions/core/device-claim';
import {
  DeviceRecordUnreadableError,
  emptyDeviceRecord,
  parseDeviceRecord,
  type DeviceRecord,
} from '../../functions/core/device-record';

const ACCOUNT = '222222222222';
const DAVE = `arn:aws:iam::${ACCOUNT}:mfa/dave`;
const ERIN = `arn:aws:iam::${ACCOUNT}:mfa/erin`;
const NOW = new Date('2026-11-21T10:00:00.000Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

describe('claims on a device being replaced by provisioning', () => {
  test('GIVEN no claim WHEN an execution claims THEN it holds the device for 3 minutes', () => {
    const record = withClaim(emptyDeviceRecord(ACCOUNT), DAVE, 'x1', NOW);

    expect(CLAIM_MS).toBe(180_000);
    expect(record.claims).toEqual({ [DAVE]: { by: 'x1', until: '2026-11-21T10:03:00.000Z' } });
    expect(activeClaim(record, DAVE, at(179))).toEqual({ by: 'x1', until: '2026-11-21T10:03:00.000Z' });
    expect(activeClaim(record, DAVE, at(180))).toBeUndefined();
    expect(activeClaim(record, ERIN, NOW)).toBeUndefined();
  });

  test('GIVEN another execution’s claim that holds THEN the record is unchanged (the same object: nothing to write)', () => {
    const claimed = withClaim(emptyDeviceRecord(ACCOUNT), DAVE, 'x1', NOW);

    expect(withClaim(claimed, DAVE, 'x2', at(60))).toBe(claimed);
  });

  test('GIVEN its own claim THEN the execution renews it; GIVEN a lapsed claim THEN another takes it', () => {
    const claimed = withClaim(emptyDeviceRecord(ACCOUNT), DAVE, 'x1', NOW);

    expect(withClaim(claimed, DAVE, 'x1', at(60)).claims?.[DAVE]).toEqual({
      by: 'x1',
      until: '2026-11-21T10:04:00.000Z',
    });
    expect(withClaim(claimed, DAVE, 'x2', at(180)).claims?.[DAVE]).toEqual({
      by: 'x2',
      until: '2026-11-21T10:06:00.000Z',
    });
  });

  test('a new claim drops the lapsed claims on other devices, and keeps those that hold', () => {
    const both = withClaim(withClaim(emptyDeviceRecord(ACCOUNT), ERIN, 'y', NOW), DAVE, 'x1', at(100));

    expect(Object.keys(withClaim(both, DAVE, 'x1', at(150)).claims ?? {})).toEqual([ERIN, DAVE]);
    expect(Object.keys(withClaim(both, DAVE, 'x1', at(200)).claims ?? {})).toEqual([DAVE]);
  });

  test('a clash on a claimed device: nothing to do until the claim lapses, saying who holds it', () => {
    expect(claimedDecision({ by: 'x1', until: '2026-11-21T10:03:00.000Z' })).toEqual({
      action: 'none',
      because: 'claimed',
      until: '2026-11-21T10:03:00.000Z',
      reason: "orgmfa's provisioning (execution x1) is replacing the device until 2026-11-21T10:03:00.000Z",
    });
  });

  test('claims are stored with the record and read back strictly', () => {
    const record: DeviceRecord = withClaim(emptyDeviceRecord(ACCOUNT), DAVE, 'x1', NOW);

    expect(parseDeviceRecord(JSON.stringify(record), ACCOUNT)).toEqual(record);
    const extra = { ...record, claims: { [DAVE]: { by: 'x1', until: NOW.toISOString(), note: 'x' } } };
    expect(() => parseDeviceRecord(JSON.stringify(extra), ACCOUNT)).toThrow(DeviceRecordUnreadableError);
    const badTime = { ...record, claims: { [DAVE]: { by: 'x1', until: 'soon' } } };
    expect(() => parseDeviceRecord(JSON.stringify(badTime), ACCOUNT)).toThrow(
      `the device record of ${ACCOUNT} is not valid at claims.${DAVE}.until: an ISO 8601 time`,
    );
  });
});
