import { COMPLIANCE_TAG_KEYS } from '../compliance/tags';
import { parseDay, utcDay } from '../compliance/time';
import { quote } from '../quote';
import { BLANK_REASON_PATTERNS, EXEMPTION_HORIZON_MONTHS, untilPatterns } from './exemption-patterns';
import { stringLikeAny } from './string-like';

/**
 * A user's exemption as the guardrail's SCPs see it on a day:
 * - `none`: no `orgmfa:exempt` tag;
 * - `honoured`: the guardrail lets the user through without MFA (`until`: the last day, if time-boxed);
 * - `not-honoured`: tagged, but the guardrail denies the user like any other, for `problem`.
 */
export type GuardrailExemption =
  | { readonly state: 'none' }
  | { readonly state: 'honoured'; readonly reason: string; readonly until?: string }
  | { readonly state: 'not-honoured'; readonly problem: string };

/**
 * The values of the tags whose key is `key` in any case: IAM matches condition key names, the tag key
 * of `aws:PrincipalTag/<key>` included, without regard to case.
 */
function valuesOf(tags: Readonly<Record<string, string>>, key: string): string[] {
  return Object.entries(tags)
    .filter(([name]) => name.toLowerCase() === key)
    .map(([, value]) => value);
}

/** Why an until-value the patterns do not match is not honoured, in words. */
function untilProblem(value: string, now: Date): string {
  const tag = `the ${COMPLIANCE_TAG_KEYS.exemptUntil} tag ${quote(value)}`;
  const written = value.slice(0, 10);
  if (parseDay(written) === undefined) {
    return `${tag} does not begin with a date the guardrail reads (YYYY-MM-DD)`;
  }
  return written < utcDay(now.getTime())
    ? `${tag} ended on ${written}`
    : `${tag} is more than ${EXEMPTION_HORIZON_MONTHS} months ahead, beyond what the guardrail honours (leave it out for an exemption with no end)`;
}

/**
 * Reads a user's exemption tags as the guardrail's SCPs do on the day of `now`, by matching them
 * against the very patterns those policies carry (exemption-patterns.ts): the `orgmfa:exempt` reason
 * must not be empty or begin with a space, and an `orgmfa:exempt-until` must begin with a day from
 * today to the horizon. Stricter than orgmfa's reports (compliance/exemption.ts) where they differ,
 * except for a timestamp with a positive offset, read by the day it is written with.
 *
 * Two tags whose keys differ only in case make the outcome AWS's to decide: reported as not honoured.
 */
export function guardrailExemptionOf(tags: Readonly<Record<string, string>>, now: Date): GuardrailExemption {
  const reasons = valuesOf(tags, COMPLIANCE_TAG_KEYS.exempt);
  if (reasons.length === 0) return { state: 'none' };
  const untils = valuesOf(tags, COMPLIANCE_TAG_KEYS.exemptUntil);
  if (reasons.length > 1 || untils.length > 1) {
    return {
      state: 'not-honoured',
      problem: 'the exemption tags are set twice, with keys that differ only in case',
    };
  }
  const reason = reasons[0]!;
  if (stringLikeAny(reason, BLANK_REASON_PATTERNS)) {
    return {
      state: 'not-honoured',
      problem: `the ${COMPLIANCE_TAG_KEYS.exempt} tag gives no reason (the guardrail needs one that does not begin with a space)`,
    };
  }
  const until = untils[0];
  if (until === undefined) return { state: 'honoured', reason };
  if (!stringLikeAny(until, untilPatterns(now)))
    return { state: 'not-honoured', problem: untilProblem(until, now) };
  return { state: 'honoured', reason, until: until.slice(0, 10) };
}
