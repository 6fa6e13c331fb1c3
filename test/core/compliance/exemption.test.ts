import { exemptionOf } from '../../../functions/core/compliance/exemption';

const at = (iso: string) => new Date(iso);
const exempt = (reason: string, until?: string): Record<string, string> =>
  until === undefined
    ? { 'orgmfa:exempt': reason }
    : { 'orgmfa:exempt': reason, 'orgmfa:exempt-until': until };

describe('exemptionOf: orgmfa:exempt with a reason, optionally until the end of a UTC day', () => {
  test('GIVEN no orgmfa:exempt tag THEN there is no exemption', () => {
    expect(
      exemptionOf({ team: 'payments', 'orgmfa:exempt-until': '2099-01-01' }, at('2025-06-01T00:00:00Z')),
    ).toEqual({
      state: 'none',
    });
  });

  test('GIVEN a reason and no end date THEN the exemption is in force, reason trimmed', () => {
    expect(exemptionOf(exempt('  break-glass user  '), at('2025-06-01T00:00:00Z'))).toEqual({
      state: 'in-force',
      reason: 'break-glass user',
    });
  });

  test.each([
    ['the first instant of the day', '2025-06-30T00:00:00.000Z'],
    ['the last millisecond of the day', '2025-06-30T23:59:59.999Z'],
    ['a day before', '2025-06-29T12:00:00Z'],
  ])('GIVEN until 2025-06-30 WHEN now is %s THEN the exemption is in force', (_, now) => {
    expect(exemptionOf(exempt('contractor', '2025-06-30'), at(now))).toEqual({
      state: 'in-force',
      reason: 'contractor',
      until: '2025-06-30',
    });
  });

  test.each([
    ['midnight after the day', '2025-07-01T00:00:00.000Z'],
    ['a month later', '2025-08-01T00:00:00Z'],
  ])('GIVEN until 2025-06-30 WHEN now is %s THEN the exemption expired', (_, now) => {
    expect(exemptionOf(exempt('contractor', '2025-06-30'), at(now))).toEqual({
      state: 'expired',
      reason: 'contractor',
      until: '2025-06-30',
    });
  });

  test('GIVEN an ISO 8601 timestamp with an offset THEN its UTC day is the last day', () => {
    // 23:30 at -02:00 is 01:30 UTC the next day.
    const tags = exempt('on leave', '2025-06-30T23:30:00-02:00');

    expect(exemptionOf(tags, at('2025-07-01T23:59:59Z'))).toEqual({
      state: 'in-force',
      reason: 'on leave',
      until: '2025-07-01',
    });
    expect(exemptionOf(tags, at('2025-07-02T00:00:00Z'))).toEqual({
      state: 'expired',
      reason: 'on leave',
      until: '2025-07-01',
    });
  });

  test.each([
    ['an empty reason', ''],
    ['a blank reason', '   '],
  ])('GIVEN %s THEN the exemption is invalid (not in force)', (_, reason) => {
    expect(exemptionOf(exempt(reason, '2099-01-01'), at('2025-06-01T00:00:00Z'))).toEqual({
      state: 'invalid',
      problem: 'the orgmfa:exempt tag gives no reason',
    });
  });

  test.each([
    ['words', 'next friday'],
    ['a day that does not exist', '2025-02-30'],
    ['a month that does not exist', '2025-13-01'],
    ['a timestamp without a zone', '2025-06-30T12:00:00'],
    ['a day in another order', '30/06/2025'],
    ['an empty value', ''],
  ])('GIVEN an until-date that is %s THEN the exemption is invalid, with the value quoted', (_, until) => {
    expect(exemptionOf(exempt('contractor', until), at('2025-06-01T00:00:00Z'))).toEqual({
      state: 'invalid',
      problem: `the orgmfa:exempt-until tag ${JSON.stringify(until)} is not a date (YYYY-MM-DD, or ISO 8601 with a zone)`,
    });
  });
});
