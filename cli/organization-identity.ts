import { DescribeOrganizationCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { isAccessDenied } from '../functions/aws/aws-errors';
import type { OrgMfaConfig } from '../functions/core/config';
import { IAM_HOME_REGION_BY_PARTITION, type Partition } from '../functions/core/naming';
import { credentialsFailure } from './aws-sdk';
import { CommandFailedError, UsageError } from './usage-error';

/** The organization the operator's credentials are in, and who they are, as AWS says. */
export interface OrganizationIdentity {
  readonly organizationId: string;
  readonly managementAccountId: string;
  /** The credentials' own account (the hub, for commands run from there). */
  readonly callerAccountId: string;
  readonly partition: Partition;
}

function isPartition(value: string): value is Partition {
  return Object.keys(IAM_HOME_REGION_BY_PARTITION).includes(value);
}

/**
 * Learns the organization from AWS: `sts:GetCallerIdentity` (the account and partition of the
 * credentials) and `organizations:DescribeOrganization` (which any account of an organization may
 * call), concurrently. Operator commands use it rather than a configuration file, so they never apply
 * an example configuration to a real organization. `who` names the credentials in one-line failures.
 */
export async function learnOrganization(
  clients: { readonly sts: STSClient; readonly organizations: OrganizationsClient },
  who: string,
): Promise<OrganizationIdentity> {
  try {
    const [caller, { Organization: org }] = await Promise.all([
      clients.sts.send(new GetCallerIdentityCommand({})),
      clients.organizations.send(new DescribeOrganizationCommand({})),
    ]);
    const partition = caller.Arn?.split(':')[1] ?? '';
    if (caller.Account === undefined || org?.Id === undefined || org.MasterAccountId === undefined) {
      throw new CommandFailedError('AWS did not say which account and organization the credentials are in');
    }
    if (!isPartition(partition)) {
      throw new CommandFailedError(`${who} are in partition "${partition}", which orgmfa does not support`);
    }
    return {
      organizationId: org.Id,
      managementAccountId: org.MasterAccountId,
      callerAccountId: caller.Account,
      partition,
    };
  } catch (error) {
    if (error instanceof CommandFailedError) throw error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'AWSOrganizationsNotInUseException') {
      throw new CommandFailedError(`${who} are in an account that belongs to no AWS Organization`, {
        cause: error,
      });
    }
    if (isAccessDenied(error)) {
      throw new CommandFailedError(
        `${who} may not learn their organization (organizations:DescribeOrganization): ${(error as Error).message.split('\n')[0]}`,
        { cause: error },
      );
    }
    throw credentialsFailure(error, who) ?? error;
  }
}

/**
 * Refuses a `--config` that names another organization than the credentials are in: nothing is run
 * against an organization the configuration does not describe.
 */
export function requireSameOrganization(
  config: OrgMfaConfig,
  path: string,
  identity: OrganizationIdentity,
  who: string,
): void {
  if (config.organizationId !== identity.organizationId) {
    throw new UsageError(
      `config ${path} names organization ${config.organizationId}, but ${who} are in ${identity.organizationId}: nothing was run`,
    );
  }
}
