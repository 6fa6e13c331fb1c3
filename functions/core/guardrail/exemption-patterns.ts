/**
 * How the guardrail's policies read the exemption tags, as `StringLike` patterns.
 *
 * IAM policy variables and Date operators do not mix ("You can't use a policy variable with other
 * operators, such as Numeric, Date, Boolean, …", IAM User Guide, Policy variables), so no static policy
 * can compare `aws:CurrentTime` with the date in `orgmfa:exempt-until`. Instead the time-boxed part of
 * the guardrail is regenerated every day: it lists, as patterns on the tag's text, the days that are
 * "today or later" on the day it is generated (see guardrail-policies.ts for the `aws:CurrentTime`
 * bound that ends a policy nobody refreshed).
 */

/** How far ahead an until-date may lie, in months after the current one, and still be honoured. */
export const EXEMPTION_HORIZON_MONTHS = 12;

/**
 * The characters IAM allows in a tag value that JavaScript's `trim` (orgmfa's own reading of a reason,
 * compliance/exemption.ts) removes: Unicode space separators and the line and paragraph separators
 * (`\p{Z}`, 19 characters). Computed, not typed, so none is missed.
 */
const SPACE_CHARACTERS: readonly string[] = Array.from({ length: 0x10000 }, (_, code) =>
  String.fromCharCode(code),
).filter((char) => /\p{Z}/u.test(char));

/**
 * Patterns of an `orgmfa:exempt` value that gives no reason: empty, or beginning with a space
 * character (which covers every value made of spaces only). orgmfa's reports accept a reason that
 * begins with spaces and has text after them; the guardrail does not, so it is never more lenient.
 */
export const BLANK_REASON_PATTERNS: readonly string[] = ['', ...SPACE_CHARACTERS.map((char) => `${char}*`)];

const pad = (n: number) => String(n).padStart(2, '0');

/** The number of days of a month (1–12) of a year, by the Gregorian calendar. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The patterns of an `orgmfa:exempt-until` value the guardrail honours on the UTC day of `today`: the
 * value begins with a day `YYYY-MM-DD` that is today or later and no later than the end of the month
 * {@link EXEMPTION_HORIZON_MONTHS} months ahead, whatever follows it (a timestamp's time and zone).
 *
 * - The rest of the current month is listed by day where a decade of days is partly past, and by
 *   decade (`2025-06-2?*`) where every day of it is still to come.
 * - The following months are listed by month (`2025-07-??*`).
 *
 * So a value that is not a date is never honoured, and a date-shaped value naming a day that does
 * not exist (`2025-02-30`, `2025-07-00`) is honoured at most until the end of the month it names.
 * A timestamp is read by the day it is written with: one with a positive offset
 * (`2025-06-30T01:00+05:00`, the 29th in UTC) is honoured through the written day, up to one day
 * longer than orgmfa's reports, which read its UTC day.
 */
export function untilPatterns(today: Date, horizonMonths = EXEMPTION_HORIZON_MONTHS): string[] {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + 1;
  const day = today.getUTCDate();
  const last = daysIn(year, month);
  const thisMonth = `${year}-${pad(month)}-`;
  const patterns: string[] = [];
  for (let decade = 0; decade * 10 <= last; decade++) {
    const first = Math.max(decade * 10, 1);
    const end = Math.min(decade * 10 + 9, last);
    if (end < day) continue;
    if (first >= day) patterns.push(`${thisMonth}${decade}?*`);
    else for (let d = day; d <= end; d++) patterns.push(`${thisMonth}${pad(d)}*`);
  }
  for (let ahead = 1; ahead <= horizonMonths; ahead++) {
    const index = month - 1 + ahead;
    patterns.push(`${year + Math.floor(index / 12)}-${pad((index % 12) + 1)}-??*`);
  }
  return patterns;
}
