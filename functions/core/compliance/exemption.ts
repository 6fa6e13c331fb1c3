import { quote } from '../quote';
import { COMPLIANCE_TAG_KEYS } from './tags';
import { parseDay, parseTimestamp, startOfNextUtcDay, utcDay } from './time';

/**
 * A user's exemption from MFA, as its tags state it:
 * - `none`: the user is not tagged `orgmfa:exempt`;
 * - `in-force`: tagged with a reason, and the until-day (if any) has not ended yet;
 * - `expired`: the until-day has ended;
 * - `invalid`: the tags do not make an exemption (empty reason, unreadable until-date). An invalid
 *   exemption is not in force: a typo must not silently exempt anyone.
 */
export type Exemption =
  | { readonly state: 'none' }
  | { readonly state: 'in-force'; readonly reason: string; readonly until?: string }
  | { readonly state: 'expired'; readonly reason: string; readonly until: string }
  | { readonly state: 'invalid'; readonly problem: string };

/**
 * Reads a user's exemption from its tags at `now`. The reason is the value of `orgmfa:exempt`; the
 * optional `orgmfa:exempt-until` names the last day of the exemption, `YYYY-MM-DD` or an ISO 8601
 * timestamp with a zone (read for its UTC day). Exemptions are granted in whole days, so one holds
 * through the end of its until-day, UTC. `until` is reported as that day, `YYYY-MM-DD`.
 */
export function exemptionOf(tags: Readonly<Record<string, string>>, now: Date): Exemption {
  const rawReason = tags[COMPLIANCE_TAG_KEYS.exempt];
  if (rawReason === undefined) return { state: 'none' };
  const reason = rawReason.trim();
  if (reason === '') {
    return { state: 'invalid', problem: `the ${COMPLIANCE_TAG_KEYS.exempt} tag gives no reason` };
  }
  const rawUntil = tags[COMPLIANCE_TAG_KEYS.exemptUntil];
  if (rawUntil === undefined) return { state: 'in-force', reason };
  const untilText = rawUntil.trim();
  const untilTime = parseDay(untilText) ?? parseTimestamp(untilText);
  if (untilTime === undefined) {
    return {
      state: 'invalid',
      problem: `the ${COMPLIANCE_TAG_KEYS.exemptUntil} tag ${quote(rawUntil)} is not a date (YYYY-MM-DD, or ISO 8601 with a zone)`,
    };
  }
  const until = utcDay(untilTime);
  return now.getTime() < startOfNextUtcDay(untilTime)
    ? { state: 'in-force', reason, until }
    : { state: 'expired', reason, until };
}
