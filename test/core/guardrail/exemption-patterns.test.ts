import { exemptionOf } from '../../../functions/core/compliance/exemption';
import {
  BLANK_REASON_PATTERNS,
  EXEMPTION_HORIZON_MONTHS,
  untilPatterns,
} from '../../../functions/core/guardrail/exemption-patterns';
import { stringLikeAny } from '../../../functions/core/guardrail/string-like';

const DAY_MS = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** An independent reading of the patterns: each compiled to a regular expression. */
function matcher(patterns: readonly string[]): (value: string) => boolean {
  const escape = (char: string) =>
    char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  const regex = new RegExp(
    `^(?:${patterns.map((p) => Array.from(p).map(escape).join('')).join('|')})$`,
    'su',
  );
  return (value) => regex.test(value);
}

/** The last day (UTC) the horizon reaches from `today`: the end of the month 12 months ahead. */
function horizonEnd(today: Date): number {
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + EXEMPTION_HORIZON_MONTHS + 1, 0);
}

/** Every day from 2024-01-01 (a leap year) to 2027-12-31: every day-of-month and February case. */
const DAYS = Array.from(
  { length: (Date.UTC(2028, 0, 1) - Date.UTC(2024, 0, 1)) / DAY_MS },
  (_, i) => new Date(Date.UTC(2024, 0, 1) + i * DAY_MS),
);

describe('untilPatterns: the days an orgmfa:exempt-until may name and still be honoured', () => {
  test('on 2025-06-13: the rest of June by day and decade, then twelve months', () => {
    expect(untilPatterns(new Date('2025-06-13T10:00:00Z'))).toEqual([
      '2025-06-13*',
      '2025-06-14*',
      '2025-06-15*',
      '2025-06-16*',
      '2025-06-17*',
      '2025-06-18*',
      '2025-06-19*',
      '2025-06-2?*',
      '2025-06-3?*',
      '2025-07-??*',
      '2025-08-??*',
      '2025-09-??*',
      '2025-10-??*',
      '2025-11-??*',
      '2025-12-??*',
      '2026-01-??*',
      '2026-02-??*',
      '2026-03-??*',
      '2026-04-??*',
      '2026-05-??*',
      '2026-06-??*',
    ]);
  });

  test('on the last day of a year: that day, then the next year month by month', () => {
    const patterns = untilPatterns(new Date('2025-12-31T23:59:59Z'));
    expect(patterns[0]).toBe('2025-12-31*');
    expect(patterns.slice(1)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-??*`),
    );
  });

  test('every real day from today to the end of the horizon is honoured, and no other, on every day of four years', () => {
    for (const today of DAYS) {
      const honoured = matcher(untilPatterns(today));
      const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
      for (let day = start - 40 * DAY_MS; day <= horizonEnd(today) + 40 * DAY_MS; day += DAY_MS) {
        const expected = day >= start && day <= horizonEnd(today);
        if (honoured(iso(day)) !== expected)
          throw new Error(`on ${iso(start)}: ${iso(day)} should be ${expected}`);
      }
    }
  });

  test('a day-shaped value that is no real day is honoured at most until the end of the month it names', () => {
    for (const today of DAYS) {
      const honoured = matcher(untilPatterns(today));
      const todayText = iso(today.getTime());
      for (let ahead = 0; ahead <= EXEMPTION_HORIZON_MONTHS; ahead++) {
        const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + ahead, 1));
        const prefix = iso(month.getTime()).slice(0, 8);
        const lastDay = iso(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0));
        for (const bogus of ['00', '32', '39', '99', 'ab', '1x', '3 ']) {
          if (honoured(`${prefix}${bogus}`) && todayText > lastDay) {
            throw new Error(`on ${todayText}: ${prefix}${bogus} is honoured after its month ended`);
          }
        }
      }
      // Months that do not exist are never honoured.
      for (const month of ['00', '13', '19', '1x', '99']) {
        if (honoured(`${today.getUTCFullYear() + 1}-${month}-01`)) throw new Error(`month ${month} honoured`);
      }
    }
  });

  test.each(['next-week', '2025/06/30', '30-06-2025', '2025-6-30', ' 2025-06-30', '2025-06', '20250630', ''])(
    '%j is never honoured',
    (value) => {
      for (const today of DAYS) expect(stringLikeAny(value, untilPatterns(today))).toBe(false);
    },
  );

  test("never more lenient than orgmfa's own reading, except a positive offset by at most its written day", () => {
    const values = (day: string) => [
      day,
      `${day}T00:00:00Z`,
      `${day}T23:59:59.999Z`,
      `${day}T23:30-05:00`,
      `${day}T01:00+05:00`,
    ];
    for (const today of DAYS.filter((_, i) => i % 7 === 0)) {
      const honoured = matcher(untilPatterns(today));
      const todayText = iso(today.getTime());
      for (let offset = -3; offset <= 400; offset += 1) {
        const day = iso(today.getTime() + offset * DAY_MS);
        for (const until of values(day)) {
          const orgmfa = exemptionOf({ 'orgmfa:exempt': 'ok', 'orgmfa:exempt-until': until }, today).state;
          if (honoured(until) && orgmfa !== 'in-force') {
            // Only a positive offset read by its written day, on that very day.
            expect([until.includes('+'), day]).toEqual([true, todayText]);
          }
          // Within the horizon, never stricter either (the written day counts, not a later UTC day).
          if (
            !honoured(until) &&
            orgmfa === 'in-force' &&
            day >= todayText &&
            Date.parse(day) <= horizonEnd(today)
          ) {
            throw new Error(`on ${todayText}: ${until} is in force for orgmfa but not honoured`);
          }
        }
      }
    }
  });
});

describe('BLANK_REASON_PATTERNS: an orgmfa:exempt that gives no reason', () => {
  test('empty, or beginning with any of the 19 space characters IAM allows in a tag', () => {
    expect(BLANK_REASON_PATTERNS).toHaveLength(20);
    expect(BLANK_REASON_PATTERNS[0]).toBe('');
    for (const char of [
      ' ',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
    ]) {
      expect(BLANK_REASON_PATTERNS).toContain(`${char}*`);
    }
  });

  test("every reason orgmfa's own reading finds empty is blank for the guardrail too", () => {
    const spaces = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter(
      (char) => char.trim() === '' && /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u.test(char),
    );
    expect(spaces).toHaveLength(19);
    for (const reason of ['', ...spaces, ...spaces.map((s) => s.repeat(3)), ' \u3000 ']) {
      expect(exemptionOf({ 'orgmfa:exempt': reason }, new Date()).state).toBe('invalid');
      expect(stringLikeAny(reason, BLANK_REASON_PATTERNS)).toBe(true);
    }
  });

  test.each(['legacy CI user', 'x', 'ticket SEC-123 ', '\u5f8c'])('%j is a reason', (reason) => {
    expect(stringLikeAny(reason, BLANK_REASON_PATTERNS)).toBe(false);
  });

  test('a reason orgmfa trims but the guardrail refuses: beginning with a space', () => {
    expect(exemptionOf({ 'orgmfa:exempt': '  legacy' }, new Date()).state).toBe('in-force');
    expect(stringLikeAny('  legacy', BLANK_REASON_PATTERNS)).toBe(true);
  });
});
