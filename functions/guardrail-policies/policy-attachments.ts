import type { CustomResourceResult, GuardrailDeps } from './guardrail-deps';
import type { AttachmentsProperties } from './guardrail-events';
import { attach, detach, targetsOf } from './organizations-calls';

/** Every (policy, target) pair the properties ask for, as `policy target` strings. */
function pairs(properties: AttachmentsProperties): Set<string> {
  return new Set(
    properties.PolicyIds.flatMap((policy) => properties.TargetIds.map((target) => `${policy} ${target}`)),
  );
}

/** The physical id: the policies it attaches. New policies (replaced ones) make a new resource. */
function physicalIdOf(properties: AttachmentsProperties): string {
  return `orgmfa-guardrail-attachments:${properties.PolicyIds.join(',')}`;
}

async function each(
  pairsToDo: Iterable<string>,
  work: (policyId: string, targetId: string) => Promise<void>,
) {
  // One at a time: Organizations' policy calls have a low request rate, and an error names the pair.
  for (const pair of pairsToDo) {
    const [policyId, targetId] = pair.split(' ') as [string, string];
    await work(policyId, targetId);
  }
}

/** Attaches each SCP to each configured target. */
export async function createAttachments(
  deps: GuardrailDeps,
  properties: AttachmentsProperties,
): Promise<CustomResourceResult> {
  await each(pairs(properties), (policy, target) => attach(deps, policy, target));
  deps.log.info('guardrail SCPs attached', {
    policyIds: properties.PolicyIds,
    targetIds: properties.TargetIds,
  });
  return { PhysicalResourceId: physicalIdOf(properties) };
}

/** Attaches to the targets added to the configuration, then detaches from those removed from it. */
export async function updateAttachments(
  deps: GuardrailDeps,
  properties: AttachmentsProperties,
  old: AttachmentsProperties,
): Promise<CustomResourceResult> {
  const wanted = pairs(properties);
  const had = pairs(old);
  await each(
    [...wanted].filter((pair) => !had.has(pair)),
    (policy, target) => attach(deps, policy, target),
  );
  await each(
    [...had].filter((pair) => !wanted.has(pair)),
    (policy, target) => detach(deps.organizations, policy, target),
  );
  deps.log.info('guardrail SCP attachments updated', {
    policyIds: properties.PolicyIds,
    targetIds: properties.TargetIds,
  });
  return { PhysicalResourceId: physicalIdOf(properties) };
}

/**
 * Detaches the SCPs from every target they are attached to now (the configured ones, and any an
 * administrator added by hand), so that the policies themselves can be deleted next.
 */
export async function deleteAttachments(
  deps: GuardrailDeps,
  physicalId: string,
  properties: AttachmentsProperties,
): Promise<CustomResourceResult> {
  for (const policyId of properties.PolicyIds) {
    // A policy deleted already (by hand) has no attachments left.
    const targets = await targetsOf(deps.organizations, policyId, ['PolicyNotFoundException']);
    for (const targetId of targets) await detach(deps.organizations, policyId, targetId);
  }
  deps.log.info('guardrail SCPs detached', { policyIds: properties.PolicyIds });
  return { PhysicalResourceId: physicalId };
}
