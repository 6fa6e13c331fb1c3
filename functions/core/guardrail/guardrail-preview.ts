import type { UserFacts } from '../compliance/model';
import { guardrailExemptionOf } from './guardrail-exemption';

/**
 * Why the guardrail would block a user today, one reason per credential that stops working: a console
 * password without any MFA device (console sign-in asks for MFA only when there is one), active access
 * keys without any MFA device, and active access keys with FIDO security keys or passkeys only
 * (GetSessionToken takes only TOTP and hardware OTP codes, so the keys can never get an MFA session).
 * None for a user whose every credential can be used with MFA.
 */
export function blockReasons(user: UserFacts): string[] {
  const keys = user.activeAccessKeys;
  const keysText = `${keys} active access key${keys === 1 ? '' : 's'}`;
  if (user.mfa === 'none') {
    return [
      ...(user.consolePassword ? ['a console password and no MFA device'] : []),
      ...(keys > 0 ? [`${keysText} and no MFA device`] : []),
    ];
  }
  if (user.mfa === 'fido-only' && keys > 0) {
    return [
      `${keysText} and only FIDO security keys or passkeys, which GetSessionToken does not take: the keys could not get an MFA session`,
    ];
  }
  return [];
}

/** A user the guardrail would block today. */
export interface BlockedUser {
  readonly userName: string;
  readonly arn: string;
  readonly reasons: readonly string[];
  /** Why the user's exemption tags do not keep them out of the guardrail, if they have any. */
  readonly exemptionProblem?: string;
}

/** A user the guardrail would block, were it not for an exemption it honours. */
export interface ExemptUser {
  readonly userName: string;
  readonly arn: string;
  readonly reasons: readonly string[];
  /** The `orgmfa:exempt` reason. */
  readonly exemption: string;
  /** The last day of a time-boxed exemption (which the OrgMfaRequireMfa managed policy does not honour). */
  readonly until?: string;
}

/** What the guardrail would do in one account today. */
export interface GuardrailAccountPreview {
  readonly blocked: readonly BlockedUser[];
  readonly exempt: readonly ExemptUser[];
  /**
   * Users with active access keys and a TOTP or hardware device, not exempt: not blocked, but their keys
   * work only through an MFA session (`orgmfa session`, `aws sts get-session-token`) from then on.
   */
  readonly keysNeedMfaSession: readonly string[];
}

/**
 * The guardrail's effect on an account's users today: who would be blocked and why, who is kept out of
 * it by an exemption the guardrail's SCPs honour (read as they read it, guardrail-exemption.ts), and
 * whose access keys will need an MFA session. Pure: the users come from the audit's own assessment.
 */
export function previewGuardrail(users: readonly UserFacts[], now: Date): GuardrailAccountPreview {
  const blocked: BlockedUser[] = [];
  const exempt: ExemptUser[] = [];
  const keysNeedMfaSession: string[] = [];
  for (const user of users) {
    const exemption = guardrailExemptionOf(user.tags, now);
    const reasons = blockReasons(user);
    const who = { userName: user.userName, arn: user.arn };
    if (exemption.state === 'honoured') {
      if (reasons.length > 0) {
        exempt.push({
          ...who,
          reasons,
          exemption: exemption.reason,
          ...(exemption.until === undefined ? {} : { until: exemption.until }),
        });
      }
      continue;
    }
    if (reasons.length > 0) {
      blocked.push({
        ...who,
        reasons,
        ...(exemption.state === 'not-honoured' ? { exemptionProblem: exemption.problem } : {}),
      });
    } else if (user.activeAccessKeys > 0 && user.mfa === 'otp') {
      keysNeedMfaSession.push(user.userName);
    }
  }
  return { blocked, exempt, keysNeedMfaSession };
}
