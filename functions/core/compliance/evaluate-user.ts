import { quote } from '../quote';
import { exemptionOf, type Exemption } from './exemption';
import type {
  ControlId,
  ControlResult,
  ControlStatus,
  EvaluationSettings,
  ResourceRef,
  UserFacts,
} from './model';

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
  return `${who} ${user.mfa === 'none' ? noCredential : 'has an MFA device'}.`;
}

/** The FAILED detail of ORGMFA.2: the user's keys cannot be used with MFA, and why. */
function keysWithoutMfa(who: string, user: UserFacts): string {
  const keys = `${user.activeAccessKeys} active access key${user.activeAccessKeys === 1 ? '' : 's'}`;
  return user.mfa === 'fido-only'
    ? `${who} has ${keys}, and only FIDO security keys or passkeys as MFA: they protect console sign-in but cannot be used with access keys (GetSessionToken accepts only virtual or hardware TOTP devices).`
    : `${who} has ${keys} and no MFA device.`;
}

function result(
  control: ControlId,
  resource: ResourceRef,
  status: ControlStatus,
  detail: string,
  evidenceAt: string,
): ControlResult {
  return { control, resource, status, detail, evidenceAt };
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
 * Evaluates one IAM user: always one result for each of ORGMFA.1, ORGMFA.2 and ORGMFA.6, so that the
 * findings of a user who was fixed are resolved. ORGMFA.1 fails for a console password without any MFA;
 * ORGMFA.2 for an active access key without an MFA device usable with it (FIDO security keys and
 * passkeys are not). An exemption in force turns ORGMFA.1 and ORGMFA.2 into PASSED and reports itself
 * as ORGMFA.6 with the status EXEMPT (informational, never a failure) instead.
 *
 * Every detail is a function of the user's facts alone, never of `now` beyond the exemption's state,
 * so that evaluating an unchanged user again gives the same results (and no finding update). Every
 * result carries the facts' evidence time.
 */
export function evaluateUser(user: UserFacts, settings: Pick<EvaluationSettings, 'now'>): ControlResult[] {
  // No closures here: this runs once per row of a 100,000-row report.
  const resource: ResourceRef = { type: 'AwsIamUser', id: user.arn };
  const who = `IAM user ${user.userName}`;
  const exemption = exemptionOf(user.tags, settings.now);
  const exempt = exemption.state === 'in-force';
  const consoleFailed = !exempt && user.consolePassword && user.mfa === 'none';
  const keysFailed =
    !exempt && user.activeAccessKeys > 0 && (user.mfa === 'none' || user.mfa === 'fido-only');
  const at = user.evidenceAt;
  return [
    consoleFailed
      ? result(
          'ORGMFA.1',
          resource,
          'FAILED',
          `${who} has a console password and no MFA device.${notInForce(exemption)}`,
          at,
        )
      : result('ORGMFA.1', resource, 'PASSED', noProblem(who, user, exempt, 'has no console password'), at),
    keysFailed
      ? result('ORGMFA.2', resource, 'FAILED', `${keysWithoutMfa(who, user)}${notInForce(exemption)}`, at)
      : result('ORGMFA.2', resource, 'PASSED', noProblem(who, user, exempt, 'has no active access key'), at),
    exemption.state === 'in-force'
      ? {
          ...result('ORGMFA.6', resource, 'EXEMPT', exemptionDetail(who, exemption), at),
          exemption:
            exemption.until === undefined
              ? { reason: exemption.reason }
              : { reason: exemption.reason, until: exemption.until },
        }
      : result('ORGMFA.6', resource, 'PASSED', exemptionDetail(who, exemption), at),
  ];
}
