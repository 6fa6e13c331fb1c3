/**
 * Strict readers for the dates that tags carry. Tags are free text that anyone allowed to tag can
 * write, and `Date.parse` accepts far too much (local time when no zone is given, `2025-02-30` rolled
 * over to March, engine-specific formats), so a value that is not exactly one of these shapes is
 * rejected rather than guessed.
 */

const DAY_MS = 86_400_000;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of a calendar date and time, or undefined when a field is out of range (no rollover). */
function utc(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number | undefined {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 2025-02-30 over into March; a date that does not come back unchanged does not exist.
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/** Epoch milliseconds of the start (00:00 UTC) of a `YYYY-MM-DD` day, or undefined for anything else. */
export function parseDay(value: string): number | undefined {
  const match = DAY.exec(value);
  return match === null ? undefined : utc(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * Epoch milliseconds of an ISO 8601 timestamp with a zone (`Z` or `±hh:mm`), or undefined for anything
 * else. A timestamp without a zone is rejected: it would mean whatever zone the reader runs in.
 */
export function parseTimestamp(value: string): number | undefined {
  const match = TIMESTAMP.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  const local = utc(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second ?? 0),
    Number((fraction ?? '').padEnd(3, '0').slice(0, 3)),
  );
  if (local === undefined) return undefined;
  if (zulu !== undefined) return local;
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '+' ? local - offset : local + offset;
}

/** The UTC day (`YYYY-MM-DD`) that contains `time`. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** Epoch milliseconds of the first instant after the UTC day that contains `time`. */
export function startOfNextUtcDay(time: number): number {
  return (Math.floor(time / DAY_MS) + 1) * DAY_MS;
}
