import { createAwsClients } from '../functions/aws/clients';
import { isAccessDenied } from '../functions/aws/aws-errors';
import {
  openMemberAccount,
  type MemberAccount,
  type MemberAccountDeps,
} from '../functions/aws/member-account';
import type { Log } from '../functions/aws/log';
import { AccountNotEligibleError, MemberRoleUnavailableError } from '../functions/core/errors';
import type { OrgMfaConfig } from '../functions/core/config';
import { CollectingLog } from '../functions/aws/collecting-log';
import { profileName, readSharedFiles } from './aws-files/shared-files';
import { credentialsFailure, resolveRegion } from './aws-sdk';
import { loadLocalConfig } from './local-config';
import type { CliRuntime } from './runtime';
import { CommandFailedError } from './usage-error';

/** The options of commands an operator runs from the management or delegated-administrator account. */
export interface OperatorOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly roleName?: string;
  readonly config?: string;
  readonly verbose?: boolean;
}

/** An operator's session: the membership gate's dependencies, a logger, and the configuration. */
export interface OperatorDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly config: OrgMfaConfig;
}

/**
 * The operator's clients and settings: the organization from the configuration (cdk.json or
 * `--config`), the operator's own credentials (`--profile`, else the SDK's chain) as the "hub", and
 * the role to assume in member accounts (`--role-name`, since operators are not among the hub roles
 * the orgmfa member role trusts).
 */
export function operatorDeps(options: OperatorOptions, runtime: CliRuntime): OperatorDeps {
  const config = loadLocalConfig(options.config);
  const region =
    resolveRegion(options.region, readSharedFiles(), profileName(options.profile)) ?? config.hubRegion;
  const decorate = runtime.decorateClient;
  return {
    config,
    clients: createAwsClients({
      region,
      ...(options.profile === undefined ? {} : { extraConfig: { profile: options.profile } }),
      ...(decorate === undefined ? {} : { decorate: (client) => decorate(client) }),
    }),
    settings: {
      organizationId: config.organizationId,
      managementAccountId: config.managementAccountId,
      hubAccountId: config.hubAccountId,
      partition: config.partition,
      memberRoleName: options.roleName ?? config.memberRoleName,
    },
    hub: { accountId: config.hubAccountId },
    log: new CollectingLog(options.verbose ? (line) => runtime.stderr.write(`${line}\n`) : undefined),
  };
}

/** Why an account could not be opened, in one line that says what to do; undefined for other errors. */
export function accountRefusal(
  deps: OperatorDeps,
  options: OperatorOptions,
  accountId: string,
  error: unknown,
): string | undefined {
  const who = options.profile === undefined ? 'your credentials' : `profile ${options.profile}`;
  if (error instanceof AccountNotEligibleError) {
    return `${error.message}: refused (orgmfa acts only in ACTIVE accounts of organization ${deps.settings.organizationId})`;
  }
  if (error instanceof MemberRoleUnavailableError) {
    return `${who} cannot assume ${deps.settings.memberRoleName} in ${accountId}: use a role they may assume (--role-name), or deploy the member stack there`;
  }
  if (isAccessDenied(error)) {
    return `Organizations refused to describe ${accountId} (${(error as Error).message}): run this from the management account or the delegated administrator`;
  }
  return credentialsFailure(error, who)?.message;
}

/** Opens a member account through the workflow's membership gate, with one-line failures. */
export async function openAccountAsOperator(
  deps: OperatorDeps,
  options: OperatorOptions,
  accountId: string,
  purpose: string,
): Promise<MemberAccount> {
  try {
    return await openMemberAccount(deps, accountId, purpose);
  } catch (error) {
    const refusal = accountRefusal(deps, options, accountId, error);
    if (refusal === undefined) throw error;
    throw new CommandFailedError(refusal, { cause: error });
  }
}
