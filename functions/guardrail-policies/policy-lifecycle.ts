import { CreatePolicyCommand, DeletePolicyCommand, UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import { GuardrailPolicyError } from '../core/errors';
import {
  GUARDRAIL_SCP_DESCRIPTIONS,
  GUARDRAIL_SCP_NAMES,
  guardrailScpContent,
} from '../core/guardrail/guardrail-policies';
import type { CustomResourceResult, GuardrailDeps } from './guardrail-deps';
import type { PolicyProperties } from './guardrail-events';
import { guardrailCall } from './organizations-calls';

const POLICY_ID = /^p-[0-9a-z]{8,128}$/;

function contentOf(properties: PolicyProperties, now: Date): string {
  return guardrailScpContent(
    properties.Part,
    { partition: properties.Partition, deviceNameTemplate: properties.DeviceNameTemplate },
    now,
  );
}

/** Creates one of the guardrail's SCPs, unattached, with its content for now. Its id is the physical id. */
export async function createGuardrailPolicy(
  deps: GuardrailDeps,
  properties: PolicyProperties,
): Promise<CustomResourceResult> {
  const name = GUARDRAIL_SCP_NAMES[properties.Part];
  const created = await guardrailCall(`creating the SCP ${name}`, () =>
    deps.organizations.send(
      new CreatePolicyCommand({
        Name: name,
        Description: GUARDRAIL_SCP_DESCRIPTIONS[properties.Part],
        Type: 'SERVICE_CONTROL_POLICY',
        Content: contentOf(properties, deps.now()),
      }),
    ),
  );
  const policyId = created?.Policy?.PolicySummary?.Id;
  if (policyId === undefined)
    throw new GuardrailPolicyError(`creating the SCP ${name} returned no policy id`);
  deps.log.info('guardrail SCP created', { name, policyId });
  return { PhysicalResourceId: policyId, Data: { PolicyId: policyId } };
}

/** Brings an SCP's name, description and content in line with new properties (a configuration change). */
export async function updateGuardrailPolicy(
  deps: GuardrailDeps,
  policyId: string,
  properties: PolicyProperties,
): Promise<CustomResourceResult> {
  const name = GUARDRAIL_SCP_NAMES[properties.Part];
  await guardrailCall(`updating the SCP ${name} (${policyId})`, () =>
    deps.organizations.send(
      new UpdatePolicyCommand({
        PolicyId: policyId,
        Name: name,
        Description: GUARDRAIL_SCP_DESCRIPTIONS[properties.Part],
        Content: contentOf(properties, deps.now()),
      }),
    ),
  );
  deps.log.info('guardrail SCP updated', { name, policyId });
  return { PhysicalResourceId: policyId, Data: { PolicyId: policyId } };
}

/**
 * Deletes an SCP. Its attachments go first (their custom resource depends on this one), so a policy
 * that is still attached somewhere fails here, naming the policy, rather than being left half removed.
 * A physical id that is no policy (a create that failed) or a policy already gone is nothing to do.
 */
export async function deleteGuardrailPolicy(
  deps: GuardrailDeps,
  policyId: string,
): Promise<CustomResourceResult> {
  if (POLICY_ID.test(policyId)) {
    await guardrailCall(
      `deleting the SCP ${policyId}`,
      () => deps.organizations.send(new DeletePolicyCommand({ PolicyId: policyId })),
      ['PolicyNotFoundException'],
    );
    deps.log.info('guardrail SCP deleted', { policyId });
  }
  return { PhysicalResourceId: policyId };
}
