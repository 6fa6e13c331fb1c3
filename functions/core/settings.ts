import type { Partition } from './naming';

/**
 * What the hub's functions need to know about their deployment. Lambda reads it from environment
 * variables (functions/aws/settings-from-env.ts); the local runner builds it from the configuration.
 */
export interface HubSettings {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** The hub's own account. */
  readonly hubAccountId: string;
  /** The hub's partition: events and accounts of other partitions are rejected. */
  readonly partition: Partition;
  readonly memberRoleName: string;
}
