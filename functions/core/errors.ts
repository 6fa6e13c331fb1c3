/**
 * orgmfa's error classes. Each `name` is stable: it is what the workflows' `Retry` and `Catch`
 * `ErrorEquals` match, so renaming one is a breaking change to the state machines.
 */

/** Base class: keeps the cause and a stable name. */
export abstract class OrgMfaError extends Error {
  abstract override readonly name: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An event that orgmfa must not act on: malformed, hostile, or outside its scope. Never retried. */
export class InvalidEventError extends OrgMfaError {
  override readonly name = 'InvalidEvent';
}

/** The member role could not be assumed in an account (no member stack, or a trust mismatch). */
export class MemberRoleUnavailableError extends OrgMfaError {
  override readonly name = 'MemberRoleUnavailable';
  constructor(
    readonly accountId: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot assume the orgmfa member role in account ${accountId}: deploy the member stack there or check its trust policy`,
      options,
    );
  }
}

/** AWS kept throttling after the SDK's own retries; the workflow retries the whole step with backoff. */
export class ThrottledError extends OrgMfaError {
  override readonly name = 'Throttled';
}

/** The event's account is not an ACTIVE account of the organization: orgmfa must not act there. */
export class AccountNotEligibleError extends OrgMfaError {
  override readonly name = 'AccountNotEligible';
}

/**
 * Provisioning could not give a user a working MFA device, finally (not retried). The message says at
 * which step and why, what was undone or exactly what was left in place, and, with
 * `deleteUserOnFailure`, what became of the user. Counted in the `ProvisioningFailed` metric.
 */
export class ProvisioningFailedError extends OrgMfaError {
  override readonly name = 'ProvisioningFailed';
}

/**
 * A device of the name a new user's device needs is in the way, and the orphan rule does not let
 * orgmfa remove it in time (assigned to someone, or not proven abandoned by the deadline). Final, and
 * definitive: trying again changes nothing until someone frees the name. The message names the device
 * and what to do.
 */
export class DeviceInTheWayError extends OrgMfaError {
  override readonly name = 'DeviceInTheWay';
}

/**
 * An error from a call that carried a secret, rebuilt without it: same name, the secret scrubbed from
 * the message, and no link to the original (whose request or stack could still hold the secret). AWS's
 * classification (`$fault`, and the HTTP status of `$metadata`) is kept: it says whether the failure
 * was transient or definitive, and carries no request data.
 */
export function withoutSecret(error: unknown, secret: string): Error {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const scrubbed = new Error(secret === '' ? message : message.split(secret).join('[redacted]'));
  scrubbed.name = name;
  const { $fault, $metadata } = (error ?? {}) as {
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof $fault === 'string') Object.assign(scrubbed, { $fault });
  if (typeof $metadata?.httpStatusCode === 'number') {
    Object.assign(scrubbed, { $metadata: { httpStatusCode: $metadata.httpStatusCode } });
  }
  return scrubbed;
}

/**
 * Creating, updating, attaching or detaching one of the guardrail's service control policies failed.
 * The message names the policy, the target and AWS's error; CloudFormation shows it for a deployment,
 * and the refresh function's errors alarm for the hourly refresh.
 */
export class GuardrailPolicyError extends OrgMfaError {
  override readonly name = 'GuardrailPolicyFailed';
}

/**
 * A configured target OU (or root) that is not in the organization: the sweep cannot say what to
 * cover, so it covers nothing and fails with this error, naming the id (a misspelt OU must never
 * shrink the sweep silently).
 */
export class SweepTargetNotFoundError extends OrgMfaError {
  override readonly name = 'SweepTargetNotFound';
}
