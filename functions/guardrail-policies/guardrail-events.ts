import { z } from 'zod';
import { OU_OR_ROOT_ID_PATTERN, provisioningSchema } from '../core/config';
import { InvalidEventError } from '../core/errors';
import {
  GUARDRAIL_ATTACHMENTS_RESOURCE_TYPE,
  GUARDRAIL_POLICY_RESOURCE_TYPE,
} from '../core/guardrail/guardrail-policies';
import { IAM_HOME_REGION_BY_PARTITION } from '../core/naming';

const POLICY_ID = z.string().regex(/^p-[0-9a-z]{8,128}$/, { error: 'a policy id (p-…)' });
const TARGET_ID = z.string().regex(OU_OR_ROOT_ID_PATTERN, { error: 'an OU or root id' });
const PARTITION = z.enum(Object.keys(IAM_HOME_REGION_BY_PARTITION) as [string, ...string[]]);
const PART = z.enum(['rule', 'timeBoxed']);

/** What an SCP's content is generated from: the same for a deployment and for the hourly refresh. */
const contentInputs = {
  Partition: PARTITION,
  DeviceNameTemplate: provisioningSchema.shape.deviceNameTemplate.unwrap(),
};

/** The properties of an SCP's custom resource (CloudFormation adds its ServiceToken). */
export const policyPropertiesSchema = z.object({ Part: PART, ...contentInputs });
/** The properties of the attachments' custom resource. */
export const attachmentsPropertiesSchema = z.object({
  PolicyIds: z.array(POLICY_ID).min(1),
  TargetIds: z.array(TARGET_ID),
});

export type PolicyProperties = z.output<typeof policyPropertiesSchema>;
export type AttachmentsProperties = z.output<typeof attachmentsPropertiesSchema>;

/** A CloudFormation custom resource request, as the CDK Provider framework hands it on. */
const customResourceSchema = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResourceType: z.enum([GUARDRAIL_POLICY_RESOURCE_TYPE, GUARDRAIL_ATTACHMENTS_RESOURCE_TYPE]),
  PhysicalResourceId: z.string().optional(),
  ResourceProperties: z.unknown(),
  OldResourceProperties: z.unknown().optional(),
});

/** The hourly schedule's input: the deployed SCPs, what their content comes from, and their targets. */
export const refreshSchema = z.object({
  refresh: z.object({
    policies: z.array(z.object({ part: PART, policyId: POLICY_ID })).min(1),
    partition: PARTITION,
    deviceNameTemplate: contentInputs.DeviceNameTemplate,
    targetIds: z.array(TARGET_ID),
  }),
});

export type CustomResourceRequest = z.output<typeof customResourceSchema>;
export type RefreshRequest = z.output<typeof refreshSchema>['refresh'];

/** One of the two things the function is invoked for. */
export type GuardrailEvent =
  | { readonly kind: 'custom-resource'; readonly request: CustomResourceRequest }
  | { readonly kind: 'refresh'; readonly request: RefreshRequest };

/** Validates `value` with `schema`, or fails with one line naming the first bad field. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.') || '(the event)';
  throw new InvalidEventError(`${what}: ${where} must be ${issue.message}`);
}

/** Reads an invocation: a custom resource request or the schedule's refresh; anything else is refused. */
export function guardrailEventOf(event: unknown): GuardrailEvent {
  if (typeof event === 'object' && event !== null && 'refresh' in event) {
    return { kind: 'refresh', request: parseOrReject(refreshSchema, event, 'guardrail refresh').refresh };
  }
  return {
    kind: 'custom-resource',
    request: parseOrReject(customResourceSchema, event, 'guardrail custom resource'),
  };
}
