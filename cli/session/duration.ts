import { InvalidArgumentError } from 'commander';
import { UsageError } from '../usage-error';

/** GetSessionToken's limits for an IAM user, and for the root user. */
export const DURATION_SECONDS = { min: 900, max: 129_600, rootMax: 3600 } as const;

const UNIT_SECONDS = { h: 3600, m: 60, s: 1 } as const;

/**
 * A length of time as people write it (aws-vault, aws-mfa and the AWS CLI use these forms): whole
 * seconds (`43200`), or hours, minutes and seconds with units in that order (`12h`, `90m`, `1h30m`,
 * `45m30s`). Undefined when `text` is neither.
 */
export function durationSeconds(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (match === null || text === '') return undefined;
  const [, h = '0', m = '0', s = '0'] = match;
  return Number(h) * UNIT_SECONDS.h + Number(m) * UNIT_SECONDS.m + Number(s) * UNIT_SECONDS.s;
}

/** What an MFA session's length may be, and how it is written. */
const DURATION_RANGE = `from 15m to 36h (${DURATION_SECONDS.min} to ${DURATION_SECONDS.max} seconds; the root user: up to 1h), as seconds or with units such as 12h or 90m`;

function inRange(text: string): number | undefined {
  const seconds = durationSeconds(text);
  return seconds === undefined || seconds < DURATION_SECONDS.min || seconds > DURATION_SECONDS.max
    ? undefined
    : seconds;
}

/** `--duration` of an MFA session, or the duration of an aws-mfa profile: within GetSessionToken's range, or a usage error. */
export function parseDuration(text: string): number {
  const seconds = inRange(text);
  if (seconds === undefined)
    throw new UsageError(`--duration must be ${DURATION_RANGE}, got ${JSON.stringify(text)}`);
  return seconds;
}

/**
 * The option parser of `--duration`: refuses a length out of range before the command runs, and keeps
 * the text as written (an aws-mfa profile's duration goes the same way, through {@link parseDuration}).
 */
export function durationOption(text: string): string {
  if (inRange(text) === undefined) throw new InvalidArgumentError(`It must be ${DURATION_RANGE}.`);
  return text;
}
