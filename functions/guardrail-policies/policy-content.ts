import { guardrailScp, policyContent, type GuardrailPart } from '../core/guardrail/guardrail-policies';
import { ownDeviceName } from '../core/guardrail/require-mfa-statements';

/** An SCP's text for a part of the guardrail at `now`, from the same inputs a deployment and a refresh carry. */
export function guardrailContent(
  part: GuardrailPart,
  inputs: { readonly partition: string; readonly deviceNameTemplate: string },
  now: Date,
): string {
  const scope = { partition: inputs.partition, ownDeviceName: ownDeviceName(inputs.deviceNameTemplate) };
  return policyContent(guardrailScp(part, scope, now));
}
