import { COMPLIANCE_TAG_KEYS } from '../compliance/tags';
import { SEED_PARAMETER_PREFIX, USER_ID_TAG_KEY } from '../naming';

/** An IAM condition block: operator → context key → value(s). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One deny statement of the guardrail, in the IAM policy language. */
export interface DenyStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource?: string;
  readonly NotResource?: readonly string[];
  readonly Condition: ConditionBlock;
}

/** What the guardrail's policies are written for. */
export interface GuardrailScope {
  /** The partition of the ARNs: a partition name, or the member template's `AWS::Partition` token. */
  readonly partition: string;
  /**
   * The name orgmfa gives a user's device, with `${aws:username}` for the user's name
   * ({@link ownDeviceName} of `provisioning.deviceNameTemplate`): a user without MFA may create a
   * device of that name for themselves, and no other. A token in the member template.
   */
  readonly ownDeviceName: string;
}

/** The placeholder of `provisioning.deviceNameTemplate` that stands for the user's name. */
export const USER_NAME_PLACEHOLDER = '{userName}';

/** `deviceNameTemplate` as a policy sees it: the user's name as the `${aws:username}` policy variable. */
export function ownDeviceName(deviceNameTemplate: string): string {
  return deviceNameTemplate.split(USER_NAME_PLACEHOLDER).join('${aws:username}');
}

/**
 * What a user without MFA may still do: exactly what getting MFA takes, grouped by what each action
 * acts on, so that the second statement can pin each group to the caller's own resources.
 */
export const MFA_SETUP_ACTIONS = {
  /**
   * Actions without a resource. `GetSessionToken` and `GetCallerIdentity` cannot be denied by any
   * policy (authentication operations); they are listed so that the rule reads as it works.
   * `ListVirtualMFADevices` and `GetAccountPasswordPolicy` are what the console's MFA and password
   * pages read; neither changes anything.
   */
  anyResource: [
    'sts:GetSessionToken',
    'sts:GetCallerIdentity',
    'iam:ListVirtualMFADevices',
    'iam:GetAccountPasswordPolicy',
  ],
  /** On the caller's own user: see and enrol their devices, change their password at first sign-in. */
  ownUser: [
    'iam:ListMFADevices',
    'iam:GetUser',
    'iam:GetMFADevice',
    'iam:EnableMFADevice',
    'iam:ResyncMFADevice',
    'iam:ChangePassword',
  ],
  /** A virtual device named as orgmfa names the caller's device (`deviceNameTemplate`). */
  ownDevice: ['iam:CreateVirtualMFADevice'],
  /** The device orgmfa provisioned for the caller (tagged with their unique id): record the seed pickup. */
  ownProvisionedDevice: ['iam:ListMFADeviceTags', 'iam:TagMFADevice'],
  /** The caller's own seed, named by their unique id: collect it once. */
  ownSeed: ['ssm:GetParameter', 'ssm:DeleteParameter'],
} as const;

/** Every action a user without MFA may still be allowed, whatever it acts on. */
export const ALL_MFA_SETUP_ACTIONS: readonly string[] = Object.values(MFA_SETUP_ACTIONS).flat();

/** When the rule applies at all: an IAM user (never a role, federated user or root) without MFA. */
const IAM_USER_WITHOUT_MFA: ConditionBlock = {
  StringEquals: { 'aws:PrincipalType': 'User' },
  // Requests signed with long-term access keys carry no aws:MultiFactorAuthPresent at all.
  BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
};

/**
 * {@link IAM_USER_WITHOUT_MFA}, for requests the user makes themselves only. An AWS service that calls
 * another on the user's behalf (a forward access session: SSM calling `kms:Decrypt` to return their
 * SecureString seed) is checked against the user's policies and SCPs again, deny statements included,
 * with `aws:ViaAWSService` true ("The service that receives a subsequent FAS request also checks the
 * permissions of the same IAM principal"; AWS's "Denies access to AWS based on the source IP" example
 * adds `"Bool": {"aws:ViaAWSService": "false"}` for that reason; IAM User Guide, _Forward access
 * sessions_). Such a call only ever follows a request of the user that this rule already allowed, so
 * it need not be judged again. `IfExists`: a request without the key is denied, as before. Only the
 * first statement carries it: the others deny setup actions on someone else's things, whoever calls.
 */
const IAM_USER_WITHOUT_MFA_DIRECTLY: ConditionBlock = {
  ...IAM_USER_WITHOUT_MFA,
  BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false', 'aws:ViaAWSService': 'false' },
};

/** Conditions are ANDed: a later block must not silently replace an operator of an earlier one. */
function allOf(...blocks: readonly ConditionBlock[]): ConditionBlock {
  const merged: Record<string, Readonly<Record<string, string | readonly string[]>>> = {};
  for (const block of blocks) {
    for (const [operator, keys] of Object.entries(block)) {
      if (merged[operator] !== undefined) throw new Error(`two conditions use ${operator}`);
      merged[operator] = keys;
    }
  }
  return merged;
}

/**
 * The caller's own user, device and seed. A user's ARN carries its path (`user/<path>/<name>`), and a
 * name is unique in the account whatever the path, so `user/*\/${aws:username}` is still only the
 * caller. The seed is named by the caller's unique id (`AIDA…`), which no other user has.
 */
function ownResources(scope: GuardrailScope): string[] {
  const iam = `arn:${scope.partition}:iam::*:`;
  return [
    `${iam}user/\${aws:username}`,
    `${iam}user/*/\${aws:username}`,
    `${iam}mfa/${scope.ownDeviceName}`,
    `arn:${scope.partition}:ssm:*:*:parameter${SEED_PARAMETER_PREFIX}\${aws:userid}`,
  ];
}

/**
 * When a user's exemption does not keep them out of the rule. Each gate is ANDed into every statement
 * of the rule, so that a policy holds the rule once per gate: conditions cannot be ORed otherwise.
 */
export interface ExemptionGate {
  /** Appended to each statement's Sid. */
  readonly name: string;
  readonly condition: ConditionBlock;
}

/**
 * The rule, for the users `gate` selects: three deny statements.
 *
 * 1. Everything except {@link ALL_MFA_SETUP_ACTIONS} (`NotAction`), like AWS's own "self-manage MFA"
 *    example's `BlockMostAccessUnlessSignedInWithMFA`, unless an AWS service makes the call on the
 *    user's behalf ({@link IAM_USER_WITHOUT_MFA_DIRECTLY}).
 * 2. The setup actions on anything but the caller's own user, device and seed (`NotResource`), so that
 *    nobody without MFA enrols, resyncs or lists someone else's devices, creates a device under
 *    someone else's name, or reads any parameter but their own seed.
 * 3. Reading the tags of, or tagging, a device that orgmfa did not provision for the caller.
 */
export function requireMfaStatements(scope: GuardrailScope, gate: ExemptionGate): DenyStatement[] {
  const when = (...extra: ConditionBlock[]) => allOf(IAM_USER_WITHOUT_MFA, ...extra, gate.condition);
  const setup = MFA_SETUP_ACTIONS;
  return [
    {
      Sid: `DenyAllButMfaSetup${gate.name}`,
      Effect: 'Deny',
      NotAction: ALL_MFA_SETUP_ACTIONS,
      Resource: '*',
      Condition: allOf(IAM_USER_WITHOUT_MFA_DIRECTLY, gate.condition),
    },
    {
      Sid: `MfaSetupOnOwnOnly${gate.name}`,
      Effect: 'Deny',
      Action: [...setup.ownUser, ...setup.ownDevice, ...setup.ownSeed],
      NotResource: ownResources(scope),
      Condition: when(),
    },
    {
      Sid: `OwnProvisionedDeviceOnly${gate.name}`,
      Effect: 'Deny',
      Action: setup.ownProvisionedDevice,
      Resource: '*',
      // A device without the tag is not the caller's either: StringNotEquals is true for a missing key.
      Condition: when({ StringNotEquals: { [`aws:ResourceTag/${USER_ID_TAG_KEY}`]: '${aws:userid}' } }),
    },
  ];
}

/** The principal-tag context keys of the exemption tags. */
export const EXEMPT_KEY = `aws:PrincipalTag/${COMPLIANCE_TAG_KEYS.exempt}`;
export const EXEMPT_UNTIL_KEY = `aws:PrincipalTag/${COMPLIANCE_TAG_KEYS.exemptUntil}`;
