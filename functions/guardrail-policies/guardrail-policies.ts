import { InvalidEventError } from '../core/errors';
import { GUARDRAIL_POLICY_RESOURCE_TYPE } from '../core/guardrail/guardrail-policies';
import type { CustomResourceResult, GuardrailDeps } from './guardrail-deps';
import {
  attachmentsPropertiesSchema,
  guardrailEventOf,
  parseOrReject,
  policyPropertiesSchema,
  type CustomResourceRequest,
} from './guardrail-events';
import { createAttachments, deleteAttachments, updateAttachments } from './policy-attachments';
import { createGuardrailPolicy, deleteGuardrailPolicy, updateGuardrailPolicy } from './policy-lifecycle';
import { refreshGuardrail, type RefreshOutcome } from './refresh-guardrail';

function physicalIdOf(request: CustomResourceRequest): string {
  if (request.PhysicalResourceId === undefined) {
    throw new InvalidEventError(`a ${request.RequestType} request without a PhysicalResourceId`);
  }
  return request.PhysicalResourceId;
}

async function onPolicy(deps: GuardrailDeps, request: CustomResourceRequest): Promise<CustomResourceResult> {
  if (request.RequestType === 'Delete') return deleteGuardrailPolicy(deps, physicalIdOf(request));
  const properties = parseOrReject(policyPropertiesSchema, request.ResourceProperties, 'guardrail SCP');
  return request.RequestType === 'Create'
    ? createGuardrailPolicy(deps, properties)
    : updateGuardrailPolicy(deps, physicalIdOf(request), properties);
}

async function onAttachments(
  deps: GuardrailDeps,
  request: CustomResourceRequest,
): Promise<CustomResourceResult> {
  const properties = parseOrReject(
    attachmentsPropertiesSchema,
    request.ResourceProperties,
    'guardrail attachments',
  );
  switch (request.RequestType) {
    case 'Create':
      return createAttachments(deps, properties);
    case 'Update':
      return updateAttachments(
        deps,
        properties,
        parseOrReject(
          attachmentsPropertiesSchema,
          request.OldResourceProperties,
          'guardrail attachments (old)',
        ),
      );
    case 'Delete':
      return deleteAttachments(deps, physicalIdOf(request), properties);
  }
}

/**
 * The guardrail function: CloudFormation's custom resources (each SCP's lifecycle, and their
 * attachments to the configured OUs) and the hourly refresh of their content.
 */
export async function guardrailPolicies(
  deps: GuardrailDeps,
  event: unknown,
): Promise<CustomResourceResult | RefreshOutcome> {
  const parsed = guardrailEventOf(event);
  if (parsed.kind === 'refresh') return refreshGuardrail(deps, parsed.request);
  return parsed.request.ResourceType === GUARDRAIL_POLICY_RESOURCE_TYPE
    ? onPolicy(deps, parsed.request)
    : onAttachments(deps, parsed.request);
}
