import { quote } from '../quote';
import { exemptionOf, type Exemption } from './exemption';
import type { ControlId, ControlResult, EvaluationSettings, ResourceRef, UserFacts } from './model';

/** Tag values are at most 256 characters: quote the whole reason, never an ellipsis of it. */
const REASON_MAX = 260;

/** Why an exemption that is not in force does not apply, for the detail of ORGMFA.1 and ORGMFA.2. */
function notInForce(exemption: Exemption): string {
  switch (exemption.state) {
    case 'expired':
      return ` Its MFA exemption ended on ${exemption.until}.`;
    case 'invalid':
      return ` Its MFA exemption does not apply: ${exemption.problem}.`;
    default:
      return '';
  }
}

/** The PASSED detail of ORGMFA.1 and ORGMFA.2: why the user's credential is no problem. */
function noProblem(who: string, user: UserFacts, exempt: boolean, noCredential: string): string {
  if (exempt) return `${who} is exempt from MFA (reported as ORGMFA.6).`;
  return `${who} ${user.mfaActive ? 'has an MFA device' : noCredential}.`;
}

function result(control: ControlId, resource: ResourceRef, failed: boolean, detail: string): ControlResult {
  return { control, resource, status: failed ? 'FAILED' : 'PASSED', detail };
}

/** The detail of ORGMFA.6, which reports the exemption itself. */
function exemptionDetail(who: string, exemption: Exemption): string {
  switch (exemption.state) {
    case 'in-force':
      return `${who} is exempt from MFA ${exemption.until === undefined ? 'with no end date' : `until ${exemption.until} (end of day UTC)`}: ${quote(exemption.reason, REASON_MAX)}.`;
    case 'expired':
      return `${who} has no MFA exemption in force: it ended on ${exemption.until}.`;
    case 'invalid':
      return `${who} has no MFA exemption in force: ${exemption.problem}.`;
    case 'none':
      return `${who} has no MFA exemption.`;
  }
}

/**
 * Evaluates one IAM user: always one result for each of ORGMFA.1, ORGMFA.2 and ORGMFA.6, PASSED or
 * FAILED, so that the findings of a user who was fixed are resolved. An exemption in force turns
 * ORGMFA.1 and ORGMFA.2 into PASSED and reports itself as ORGMFA.6 (informational) instead.
 *
 * Every detail is a function of the user's facts alone, never of `now` beyond the exemption's state,
 * so that evaluating an unchanged user again gives the same results (and no finding update).
 */
export function evaluateUser(user: UserFacts, settings: Pick<EvaluationSettings, 'now'>): ControlResult[] {
  // No closures here: this runs once per row of a 100,000-row report.
  const resource: ResourceRef = { type: 'AwsIamUser', id: user.arn };
  const who = `IAM user ${user.userName}`;
  const exemption = exemptionOf(user.tags, settings.now);
  const exempt = exemption.state === 'in-force';
  const keys = user.activeAccessKeys;
  const consoleFailed = !exempt && user.consolePassword && !user.mfaActive;
  const keysFailed = !exempt && keys > 0 && !user.mfaActive;
  return [
    result(
      'ORGMFA.1',
      resource,
      consoleFailed,
      consoleFailed
        ? `${who} has a console password and no MFA device.${notInForce(exemption)}`
        : noProblem(who, user, exempt, 'has no console password'),
    ),
    result(
      'ORGMFA.2',
      resource,
      keysFailed,
      keysFailed
        ? `${who} has ${keys} active access key${keys === 1 ? '' : 's'} and no MFA device.${notInForce(exemption)}`
        : noProblem(who, user, exempt, 'has no active access key'),
    ),
    result('ORGMFA.6', resource, exempt, exemptionDetail(who, exemption)),
  ];
}
