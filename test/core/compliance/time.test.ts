import { parseDay, parseTimestamp, startOfNextUtcDay, utcDay } from '../../../functions/core/compliance/time';

describe('parseTimestamp: ISO 8601 with a zone, nothing else', () => {
  test.each([
    ['Z with milliseconds (toISOString)', '2025-06-01T12:34:56.789Z', '2025-06-01T12:34:56.789Z'],
    ['an IAM-style +00:00 offset', '2025-06-01T12:34:56+00:00', '2025-06-01T12:34:56.000Z'],
    ['a positive offset', '2025-06-01T02:00:00+02:00', '2025-06-01T00:00:00.000Z'],
    ['a negative offset across midnight', '2025-06-30T23:30:00-02:00', '2025-07-01T01:30:00.000Z'],
    ['minutes only', '2025-06-01T12:34Z', '2025-06-01T12:34:00.000Z'],
    ['microseconds (cut to milliseconds)', '2025-06-01T12:34:56.123456Z', '2025-06-01T12:34:56.123Z'],
    ['29 February of a leap year', '2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('GIVEN %s THEN it is read exactly', (_, text, iso) => {
    expect(new Date(parseTimestamp(text)!).toISOString()).toBe(iso);
  });

  test.each([
    ['no zone', '2025-06-01T12:34:56'],
    ['a day only', '2025-06-01'],
    ['29 February of another year', '2025-02-29T00:00:00Z'],
    ['hour 24', '2025-06-01T24:00:00Z'],
    ['an offset without a colon', '2025-06-01T12:00:00+0200'],
    ['surrounding space', ' 2025-06-01T12:00:00Z'],
    ['an RFC 2822 date', 'Sun, 01 Jun 2025 12:00:00 GMT'],
  ])('GIVEN %s THEN it is rejected', (_, text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('parseDay and the UTC day helpers', () => {
  test('GIVEN YYYY-MM-DD THEN it is the start of that day UTC, and the next day starts 24 hours later', () => {
    const day = parseDay('2025-06-30')!;

    expect(new Date(day).toISOString()).toBe('2025-06-30T00:00:00.000Z');
    expect(new Date(startOfNextUtcDay(day + 5)).toISOString()).toBe('2025-07-01T00:00:00.000Z');
    expect(utcDay(startOfNextUtcDay(day) - 1)).toBe('2025-06-30');
  });

  test.each(['2025-02-30', '2025-6-30', '2025-06-30T00:00:00Z', ''])(
    'GIVEN %p THEN it is not a day',
    (text) => {
      expect(parseDay(text)).toBeUndefined();
    },
  );
});
