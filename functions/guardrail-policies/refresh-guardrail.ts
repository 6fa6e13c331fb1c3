import { DescribePolicyCommand, UpdatePolicyCommand } from '@aws-sdk/client-organizations';
import { GuardrailPolicyError } from '../core/errors';
import { guardrailScpContent } from '../core/guardrail/guardrail-policies';
import type { GuardrailDeps } from './guardrail-deps';
import type { RefreshRequest } from './guardrail-events';
import { guardrailCall, targetsOf } from './organizations-calls';

/** What one refresh found and did. */
export interface RefreshOutcome {
  /** The SCPs whose content was replaced: the time-boxed one once a day, any SCP someone edited. */
  readonly updated: readonly string[];
  /** Configured targets an SCP is not attached to (detached by hand: break-glass, or a mistake). */
  readonly missing: readonly { readonly policyId: string; readonly targetId: string }[];
  /** Targets an SCP is attached to beyond the configuration (attached by hand). */
  readonly extra: readonly { readonly policyId: string; readonly targetId: string }[];
}

/**
 * The hourly refresh: each SCP's content as it must be now (the time-boxed one changes at midnight
 * UTC; an SCP edited by hand is put back), then its attachments compared with the configuration.
 *
 * Attachments are reported, never changed: detaching the SCPs from an OU is the documented break-glass,
 * and orgmfa must not undo it behind the administrator's back. A difference is counted in the
 * `GuardrailAttachmentDrift` metric, which has an alarm; each successful refresh counts
 * `GuardrailRefreshed`, whose absence for three hours has another.
 */
export async function refreshGuardrail(
  deps: GuardrailDeps,
  request: RefreshRequest,
): Promise<RefreshOutcome> {
  const now = deps.now();
  const updated: string[] = [];
  const missing: { policyId: string; targetId: string }[] = [];
  const extra: { policyId: string; targetId: string }[] = [];
  for (const { part, policyId } of request.policies) {
    const content = guardrailScpContent(part, request, now);
    const described = await guardrailCall(`reading the SCP ${policyId}`, () =>
      deps.organizations.send(new DescribePolicyCommand({ PolicyId: policyId })),
    );
    const current = described?.Policy?.Content;
    if (current === undefined)
      throw new GuardrailPolicyError(`reading the SCP ${policyId} returned no content`);
    if (current !== content) {
      await guardrailCall(`updating the content of the SCP ${policyId}`, () =>
        deps.organizations.send(new UpdatePolicyCommand({ PolicyId: policyId, Content: content })),
      );
      updated.push(policyId);
    }
    const attached = new Set(await targetsOf(deps.organizations, policyId));
    for (const targetId of request.targetIds)
      if (!attached.has(targetId)) missing.push({ policyId, targetId });
    for (const targetId of attached)
      if (!request.targetIds.includes(targetId)) extra.push({ policyId, targetId });
  }
  const outcome = { updated, missing, extra };
  if (missing.length + extra.length > 0) {
    deps.log.warn('the guardrail SCPs are not attached as configured (left as they are)', { missing, extra });
  }
  deps.log.info('guardrail refreshed', { updated, generatedAt: now.toISOString() });
  deps.metrics.gauge('GuardrailAttachmentDrift', missing.length + extra.length);
  deps.metrics.count('GuardrailRefreshed');
  return outcome;
}
