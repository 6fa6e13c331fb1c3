import {
  AttachPolicyCommand,
  DetachPolicyCommand,
  paginateListTargetsForPolicy,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsErrorName, isAccessDenied } from '../aws/aws-errors';
import { GuardrailPolicyError } from '../core/errors';

/**
 * Runs one Organizations call of the guardrail; an error AWS names `ignorable` means the work is
 * already done (attached twice, gone already) and is success. Any other error becomes one line that
 * says what was being done, with AWS's error as the cause.
 */
export async function guardrailCall<T>(
  what: string,
  call: () => Promise<T>,
  ignorable: readonly string[] = [],
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (ignorable.includes(awsErrorName(error) ?? '')) return undefined;
    return rethrowAs(what, error);
  }
}

/** `error` as one line that says what was being done, with AWS's error as the cause. */
function rethrowAs(what: string, error: unknown): never {
  const name = awsErrorName(error) ?? 'Error';
  throw new GuardrailPolicyError(`${what} failed (${name}: ${(error as Error).message})`, { cause: error });
}

/** The roots, OUs and accounts a policy is attached to now; none when `ignorable` names the error. */
export async function targetsOf(
  organizations: OrganizationsClient,
  policyId: string,
  ignorable: readonly string[] = [],
): Promise<string[]> {
  const targets: string[] = [];
  const listed = await guardrailCall(
    `listing the targets of ${policyId}`,
    async () => {
      for await (const page of paginateListTargetsForPolicy(
        { client: organizations },
        { PolicyId: policyId },
      )) {
        for (const target of page.Targets ?? [])
          if (target.TargetId !== undefined) targets.push(target.TargetId);
      }
      return true;
    },
    ignorable,
  );
  return listed === undefined ? [] : targets;
}

/**
 * Pauses before trying an attachment again after AccessDenied: the permission to attach comes from an
 * IAM policy CloudFormation creates just before the attachments, and IAM takes a few seconds to apply
 * a new policy everywhere. 30 s in all; a denial that outlasts them is real.
 */
export const ATTACH_PATIENCE_MS: readonly number[] = [2_000, 4_000, 8_000, 16_000];

/** Attaches a policy to a target; attaching it twice is success. */
export async function attach(
  deps: { readonly organizations: OrganizationsClient; readonly sleep: (ms: number) => Promise<void> },
  policyId: string,
  targetId: string,
): Promise<void> {
  const what = `attaching ${policyId} to ${targetId}`;
  const send = () =>
    deps.organizations.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId }));
  for (const pause of ATTACH_PATIENCE_MS) {
    try {
      await send();
      return;
    } catch (error) {
      if (awsErrorName(error) === 'DuplicatePolicyAttachmentException') return;
      if (!isAccessDenied(error)) rethrowAs(what, error);
      await deps.sleep(pause);
    }
  }
  await guardrailCall(what, send, ['DuplicatePolicyAttachmentException']);
}

/** Detaches a policy from a target; a policy, target or attachment that is gone already is success. */
export async function detach(
  organizations: OrganizationsClient,
  policyId: string,
  targetId: string,
): Promise<void> {
  await guardrailCall(
    `detaching ${policyId} from ${targetId}`,
    () => organizations.send(new DetachPolicyCommand({ PolicyId: policyId, TargetId: targetId })),
    ['PolicyNotAttachedException', 'PolicyNotFoundException', 'TargetNotFoundException'],
  );
}
