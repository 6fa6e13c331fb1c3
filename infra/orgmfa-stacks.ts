import type { App } from 'aws-cdk-lib';
import { IAM_HOME_REGION_BY_PARTITION } from '../functions/core/naming';
import type { OrgMfaConfig } from '../functions/core/config';
import { HubStack } from './stacks/hub-stack';
import { memberParameterValues } from './member-parameters';
import { MemberStack } from './stacks/member-stack';

/** The stacks of one orgmfa deployment. */
export interface OrgMfaStacks {
  /** The hub, in the hub account and region. */
  readonly hub: HubStack;
  /** The member stack of the management account, which the StackSet never targets. */
  readonly managementMember: MemberStack;
}

/** Stack names, as `cdk deploy` shows them. */
export const STACK_NAMES = { hub: 'OrgMfaHub', managementMember: 'OrgMfaManagementMember' } as const;

/**
 * Adds orgmfa's stacks for this configuration to the app. The management account's member stack is
 * the StackSet's template with the configuration as parameter defaults, deployed in the partition's
 * IAM home region.
 */
export function addOrgMfaStacks(app: App, config: OrgMfaConfig): OrgMfaStacks {
  const hub = new HubStack(app, STACK_NAMES.hub, {
    config,
    env: { account: config.hubAccountId, region: config.hubRegion },
  });
  const managementMember = new MemberStack(app, STACK_NAMES.managementMember, {
    env: { account: config.managementAccountId, region: IAM_HOME_REGION_BY_PARTITION[config.partition] },
    parameterDefaults: memberParameterValues(config),
  });
  return { hub, managementMember };
}
