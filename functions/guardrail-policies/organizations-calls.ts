import {
  AttachPolicyCommand,
  DetachPolicyCommand,
  paginateListTargetsForPolicy,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { awsErrorName } from '../aws/aws-errors';
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
    const name = awsErrorName(error) ?? 'Error';
    if (ignorable.includes(name)) return undefined;
    throw new GuardrailPolicyError(`${what} failed (${name}: ${(error as Error).message})`, { cause: error });
  }
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

/** Attaches a policy to a target; attaching it twice is success. */
export async function attach(
  organizations: OrganizationsClient,
  policyId: string,
  targetId: string,
): Promise<void> {
  await guardrailCall(
    `attaching ${policyId} to ${targetId}`,
    () => organizations.send(new AttachPolicyCommand({ PolicyId: policyId, TargetId: targetId })),
    ['DuplicatePolicyAttachmentException'],
  );
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
