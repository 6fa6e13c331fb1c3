import { z } from 'zod';
import {
  ACCOUNT_ID_PATTERN,
  complianceSchema,
  ConfigError,
  EVENT_FUNCTIONS_SHAPE,
  ORGANIZATION_ID_PATTERN,
  parseSection,
  provisioningSchema,
  ROLE_NAME_PATTERN,
  ROOT_SHAPE,
  type ComplianceSettings,
  type ProvisioningSettings,
} from '../core/config';
import { partitionOfRegion, type Partition } from '../core/naming';
import type { HubSettings } from '../core/settings';

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`environment variable ${name} is not set`);
  return value;
}

/** One variable, checked against `pattern`: a function deployed with a bad value fails at start-up. */
function matching(env: NodeJS.ProcessEnv, name: string, pattern: RegExp): string {
  const value = required(env, name);
  if (!pattern.test(value))
    throw new ConfigError(`environment variable ${name} is not valid: ${JSON.stringify(value)}`);
  return value;
}

/** Reads {@link HubSettings} from the Lambda environment the hub stack sets, validating each value. */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const partition = required(env, 'PARTITION');
  if (partitionOfRegion(env.AWS_REGION ?? '') !== partition) {
    throw new ConfigError(
      `PARTITION ${partition} does not match the function's region ${env.AWS_REGION ?? '(unset)'}`,
    );
  }
  return {
    organizationId: matching(env, 'ORGANIZATION_ID', ORGANIZATION_ID_PATTERN),
    managementAccountId: matching(env, 'MANAGEMENT_ACCOUNT_ID', ACCOUNT_ID_PATTERN),
    hubAccountId: matching(env, 'HUB_ACCOUNT_ID', ACCOUNT_ID_PATTERN),
    partition: partition as Partition,
    memberRoleName: matching(env, 'MEMBER_ROLE_NAME', ROLE_NAME_PATTERN),
  };
}

/** A configuration section the hub stack passes as JSON in `name`, validated with the configuration's own schema. */
function sectionFromEnv<S extends z.ZodType>(
  env: NodeJS.ProcessEnv,
  name: string,
  schema: S,
  section: string,
) {
  let raw: unknown;
  try {
    raw = JSON.parse(required(env, name));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`environment variable ${name} is not JSON`, { cause: error });
  }
  return parseSection(schema, raw, name, section);
}

/** Reads the provisioning settings the hub stack passes as JSON in `PROVISIONING`. */
export function provisioningFromEnv(env: NodeJS.ProcessEnv = process.env): ProvisioningSettings {
  return sectionFromEnv(env, 'PROVISIONING', provisioningSchema, 'provisioning');
}

/** Reads the compliance settings the hub stack passes as JSON in `COMPLIANCE`. */
export function complianceFromEnv(env: NodeJS.ProcessEnv = process.env): ComplianceSettings {
  return sectionFromEnv(env, 'COMPLIANCE', complianceSchema, 'compliance');
}

/** The roots and OUs the sweep covers (`SWEEP_TARGETS`, a JSON list), each checked like the configuration's. */
export function sweepTargetsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return sectionFromEnv(
    env,
    'SWEEP_TARGETS',
    ROOT_SHAPE.targetOrganizationalUnitIds,
    'targetOrganizationalUnitIds',
  );
}

/** How long the event path trusts a membership it learned (`MEMBERSHIP_CACHE_MINUTES`), in milliseconds. */
export function membershipCacheMsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const minutes = sectionFromEnv(
    env,
    'MEMBERSHIP_CACHE_MINUTES',
    EVENT_FUNCTIONS_SHAPE.membershipCacheMinutes,
    'eventFunctions.membershipCacheMinutes',
  );
  return minutes * 60_000;
}

/** The hub's state bucket (`STATE_BUCKET`): findings records, sweep files, reports. */
export function stateBucketFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return matching(env, 'STATE_BUCKET', /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/);
}
