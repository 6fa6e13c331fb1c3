import { BLANK_REASON_PATTERNS, untilPatterns } from './exemption-patterns';
import {
  EXEMPT_KEY,
  EXEMPT_UNTIL_KEY,
  ownDeviceName,
  requireMfaStatements,
  type DenyStatement,
  type ExemptionGate,
  type GuardrailScope,
} from './require-mfa-statements';

/** An IAM policy document of the guardrail. */
export interface GuardrailDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly DenyStatement[];
}

/**
 * Organizations' limit for an SCP: "5120 bytes (not characters)", every byte of the text as sent
 * counted, white space included, when it is saved through the API (Quotas for AWS Organizations).
 */
export const SCP_MAX_BYTES = 5120;

/** The two service control policies of the guardrail, by their part. */
export const GUARDRAIL_SCP_NAMES = {
  rule: 'orgmfa-require-mfa',
  timeBoxed: 'orgmfa-require-mfa-time-boxed',
} as const;

/** A part of the guardrail that is one SCP. */
export type GuardrailPart = keyof typeof GUARDRAIL_SCP_NAMES;

/** The CloudFormation custom resource type of one of the guardrail's SCPs (its content and lifecycle). */
export const GUARDRAIL_POLICY_RESOURCE_TYPE = 'Custom::OrgMfaGuardrailPolicy';
/** The custom resource type of the SCPs' attachments to the configured OUs. */
export const GUARDRAIL_ATTACHMENTS_RESOURCE_TYPE = 'Custom::OrgMfaGuardrailAttachments';

/** Each SCP's description, as Organizations shows it. */
export const GUARDRAIL_SCP_DESCRIPTIONS: Readonly<Record<GuardrailPart, string>> = {
  rule: 'orgmfa: IAM users without MFA may only set up MFA, unless tagged orgmfa:exempt with a reason',
  timeBoxed:
    'orgmfa: ends orgmfa:exempt-until exemptions; regenerated hourly by orgmfa, do not edit (changes are reverted)',
};

/** The managed policy of the member template that holds the same rule, for groups. */
export const REQUIRE_MFA_MANAGED_POLICY_NAME = 'OrgMfaRequireMfa';

const DAY_MS = 86_400_000;

/**
 * How many days after the UTC day it was generated for a time-boxed policy stops honouring time-boxed
 * exemptions: through the next day it still honours them (its refresh is overdue and alarmed), from
 * the start of the day after it honours none (see {@link timeBoxedScp}).
 */
export const STALE_AFTER_DAYS = 2;

/** Users without an `orgmfa:exempt` reason: absent, empty, or beginning with a space. */
const WITHOUT_REASON: ExemptionGate = {
  name: 'NoExemption',
  condition: { StringLikeIfExists: { [EXEMPT_KEY]: BLANK_REASON_PATTERNS } },
};

/** Users with an `orgmfa:exempt-until`, whatever it says. */
const TIME_BOXED: ExemptionGate = {
  name: 'TimeBoxed',
  condition: { Null: { [EXEMPT_UNTIL_KEY]: 'false' } },
};

/** Users whose `orgmfa:exempt-until` is not a day from today to the horizon. */
function exemptionEnded(today: Date): ExemptionGate {
  return {
    name: 'Ended',
    condition: {
      Null: { [EXEMPT_UNTIL_KEY]: 'false' },
      StringNotLike: { [EXEMPT_UNTIL_KEY]: untilPatterns(today) },
    },
  };
}

/** The first instant at which a time-boxed policy generated at `generated` is stale. */
export function staleFrom(generated: Date): Date {
  return new Date((Math.floor(generated.getTime() / DAY_MS) + STALE_AFTER_DAYS) * DAY_MS);
}

/** Users with an `orgmfa:exempt-until` once the policy is stale. */
function policyStale(generated: Date): ExemptionGate {
  return {
    name: 'Stale',
    condition: {
      Null: { [EXEMPT_UNTIL_KEY]: 'false' },
      // aws:CurrentTime is ISO 8601 in UTC; whole seconds, as IAM's examples write it.
      DateGreaterThan: { 'aws:CurrentTime': staleFrom(generated).toISOString().replace('.000Z', 'Z') },
    },
  };
}

function document(...statements: DenyStatement[][]): GuardrailDocument {
  return { Version: '2012-10-17', Statement: statements.flat() };
}

/**
 * The guardrail's rule as an SCP (`orgmfa-require-mfa`): IAM users without MFA are denied all but MFA
 * setup, unless tagged `orgmfa:exempt` with a reason. It honours time-boxed exemptions as if they had
 * no end: {@link timeBoxedScp} ends them. It changes only with the configuration.
 */
export function ruleScp(scope: GuardrailScope): GuardrailDocument {
  return document(requireMfaStatements(scope, WITHOUT_REASON));
}

/**
 * The time-boxed part as an SCP (`orgmfa-require-mfa-time-boxed`), regenerated every day for `now`:
 * the rule again for users whose `orgmfa:exempt-until` is not today or a later day within the horizon,
 * and for every user with an `orgmfa:exempt-until` once the policy is {@link STALE_AFTER_DAYS} days
 * old, so that a policy nobody refreshes does not honour exemptions that ended long ago.
 */
export function timeBoxedScp(scope: GuardrailScope, now: Date): GuardrailDocument {
  return document(
    requireMfaStatements(scope, exemptionEnded(now)),
    requireMfaStatements(scope, policyStale(now)),
  );
}

/** An SCP's content for a part of the guardrail, as it is generated at `now`. */
export function guardrailScp(part: GuardrailPart, scope: GuardrailScope, now: Date): GuardrailDocument {
  return part === 'rule' ? ruleScp(scope) : timeBoxedScp(scope, now);
}

/**
 * The rule as the member template's managed policy (`OrgMfaRequireMfa`), which nothing refreshes: it
 * honours permanent exemptions only. A user with an `orgmfa:exempt-until`, in force or not, is denied
 * like any other: a static policy cannot tell whether a date has passed.
 */
export function requireMfaManagedPolicy(scope: GuardrailScope): GuardrailDocument {
  return document(requireMfaStatements(scope, WITHOUT_REASON), requireMfaStatements(scope, TIME_BOXED));
}

/** The text orgmfa sends as an SCP's content: compact JSON, since Organizations counts every byte. */
export function policyContent(policy: GuardrailDocument): string {
  return JSON.stringify(policy);
}

/** The size of a policy's text as Organizations counts it (UTF-8 bytes). */
export function policyBytes(content: string): number {
  return new TextEncoder().encode(content).length;
}

/**
 * An SCP's text for a part of the guardrail at `now`, from what a deployment (the custom resource's
 * properties) and the hourly refresh (the schedule's input) both carry: the partition and
 * `provisioning.deviceNameTemplate`.
 */
export function guardrailScpContent(
  part: GuardrailPart,
  inputs: { readonly partition: string; readonly deviceNameTemplate: string },
  now: Date,
): string {
  const scope = { partition: inputs.partition, ownDeviceName: ownDeviceName(inputs.deviceNameTemplate) };
  return policyContent(guardrailScp(part, scope, now));
}
