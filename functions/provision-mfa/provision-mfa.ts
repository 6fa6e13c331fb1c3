import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  InvalidAuthenticationCodeException,
  ListMFADevicesCommand,
  NoSuchEntityException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { StepResult, WorkflowAction } from '../core/actions';
import {
  AccountNotEligibleError,
  InvalidEventError,
  ProvisioningFailedError,
  ThrottledError,
  withoutSecret,
} from '../core/errors';
import { readNewUser, type NewUser } from '../core/new-user';
import { ORGMFA_TAG_KEY } from '../core/naming';
import {
  deviceNameFor,
  firstAttemptWindows,
  provisioningScope,
  retryWindows,
  seedExpirationPolicy,
  seedParameterName,
  userSkipReason,
  type CodeWindows,
} from '../core/provisioning';
import type { ProvisioningSettings } from '../core/provisioning-settings';
import { totpCodeForWindow } from '../core/totp';
import { accountAncestors } from '../aws/account-ancestry';
import { isThrottling, rethrowThrottling } from '../aws/aws-errors';
import type { Log } from '../aws/log';
import { openMemberAccount, type MemberAccount, type MemberAccountDeps } from '../aws/member-account';
import type { MetricsSink } from '../aws/metrics';

/** What provisioning needs; the clock and sleep are injected so TOTP windows can be tested. */
export interface ProvisionMfaDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly metrics: MetricsSink;
  readonly provisioning: ProvisioningSettings;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A step of provisioning, for failure messages. */
type Step = 'create' | 'enable' | 'store';

const skip = (user: NewUser, reason: string): StepResult => ({
  outcome: 'Skipped',
  reason,
  actions: [{ type: 'SkipProvisioning', accountId: user.accountId, userName: user.userName, reason }],
});

/** Reads what decides whether the user gets a device, fresh from IAM (not from the event). */
async function readUserFacts(iam: IAMClient, userName: string) {
  try {
    const [{ User }, { MFADevices }] = await Promise.all([
      iam.send(new GetUserCommand({ UserName: userName })),
      iam.send(new ListMFADevicesCommand({ UserName: userName })),
    ]);
    return {
      userName,
      path: User?.Path ?? '/',
      tags: Object.fromEntries((User?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      mfaDeviceCount: MFADevices?.length ?? 0,
    };
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    return rethrowThrottling(error, `reading user ${userName}`);
  }
}

async function enable(
  deps: ProvisionMfaDeps,
  iam: IAMClient,
  userName: string,
  serialNumber: string,
  seed: string,
): Promise<void> {
  const attempt = async (windows: CodeWindows) => {
    const [AuthenticationCode1, AuthenticationCode2] = await Promise.all([
      totpCodeForWindow(seed, windows.first),
      totpCodeForWindow(seed, windows.second),
    ]);
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: userName,
        SerialNumber: serialNumber,
        AuthenticationCode1,
        AuthenticationCode2,
      }),
    );
  };
  try {
    await attempt(firstAttemptWindows(deps.clock()));
  } catch (error) {
    if (!(error instanceof InvalidAuthenticationCodeException)) throw error;
    // IAM's clock may be ahead of ours: once the next window begins, send the current and next codes.
    const retry = retryWindows(deps.clock());
    deps.log.info('authentication codes refused, retrying with the next window', { waitMs: retry.waitMs });
    await deps.sleep(retry.waitMs);
    await attempt(retry);
  }
}

/** Removes what a failed provisioning created, so that no user holds a device nobody can use. */
async function undo(
  deps: ProvisionMfaDeps,
  iam: IAMClient,
  user: NewUser,
  serialNumber: string,
  enabled: boolean,
): Promise<void> {
  if (enabled)
    await iam.send(new DeactivateMFADeviceCommand({ UserName: user.userName, SerialNumber: serialNumber }));
  await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber }));
  if (deps.provisioning.deleteUserOnFailure) {
    // IAM refuses to delete a user that still has a console password.
    await iam.send(new DeleteLoginProfileCommand({ UserName: user.userName })).catch((error: unknown) => {
      if (!(error instanceof NoSuchEntityException)) throw error;
    });
    await iam.send(new DeleteUserCommand({ UserName: user.userName }));
    deps.log.warn('user deleted because MFA could not be assigned (deleteUserOnFailure)', {
      accountId: user.accountId,
      userName: user.userName,
    });
  }
}

async function fail(
  deps: ProvisionMfaDeps,
  iam: IAMClient,
  user: NewUser,
  device: { serialNumber: string; enabled: boolean },
  step: Step,
  error: Error,
): Promise<never> {
  let undone = true;
  try {
    await undo(deps, iam, user, device.serialNumber, device.enabled);
  } catch (undoError) {
    undone = false;
    deps.log.error('clean-up after a failed provisioning failed', {
      accountId: user.accountId,
      serialNumber: device.serialNumber,
      error: (undoError as Error).name,
    });
  }
  const where = `provisioning MFA for ${user.userName} in ${user.accountId} failed at ${step} (${error.name}: ${error.message})`;
  const message = undone
    ? `${where}; the device was removed`
    : `${where}; removing the device failed too, it is left unassigned for the orphan sweep`;
  deps.log.error('provisioning failed', {
    accountId: user.accountId,
    userName: user.userName,
    step,
    error: error.name,
    undone,
  });
  if (undone && isThrottling(error)) throw new ThrottledError(message, { cause: error });
  deps.metrics.count('ProvisioningFailed');
  throw new ProvisioningFailedError(message, { cause: error });
}

async function openAccount(
  deps: ProvisionMfaDeps,
  user: NewUser,
): Promise<{ account: MemberAccount; ancestors: string[] }> {
  const [account, ancestors] = await Promise.all([
    openMemberAccount(deps, user.accountId, 'provision-mfa'),
    deps.provisioning.accountIds.includes(user.accountId) ||
    deps.provisioning.excludedAccountIds.includes(user.accountId)
      ? Promise.resolve([])
      : accountAncestors(deps.clients, deps.hub, user.accountId, (id) =>
          deps.provisioning.organizationalUnitIds.includes(id),
        ),
  ]);
  return { account, ancestors };
}

/**
 * Gives a new IAM user a working virtual MFA device: create it (tagged as orgmfa's), enable it with two
 * consecutive TOTP codes computed at once, and store the seed as an SSM SecureString in the member
 * account for the user alone to collect. The seed lives only in this function: the result carries the
 * serial number and the parameter name. No half states: a device that could not be enabled is deleted,
 * one whose seed could not be stored is deactivated and deleted.
 */
export async function provisionMfa(deps: ProvisionMfaDeps, input: unknown): Promise<StepResult> {
  let user: NewUser;
  let opened: { account: MemberAccount; ancestors: string[] };
  try {
    user = readNewUser(input);
    opened = await openAccount(deps, user);
  } catch (error) {
    if (error instanceof InvalidEventError || error instanceof AccountNotEligibleError) {
      deps.log.warn('provisioning rejected', { reason: error.message });
      return { outcome: 'Rejected', reason: error.message, actions: [] };
    }
    throw error;
  }
  const scope = provisioningScope(deps.provisioning, user.accountId, opened.ancestors);
  const iam = deps.clients.iam(opened.account);
  const facts = scope.provision ? await readUserFacts(iam, user.userName) : undefined;
  const reason = !scope.provision
    ? scope.reason
    : facts === undefined
      ? `user ${user.userName} no longer exists`
      : userSkipReason(deps.provisioning, facts);
  if (reason !== undefined) {
    deps.log.info('provisioning skipped', { accountId: user.accountId, userName: user.userName, reason });
    deps.metrics.count('ProvisioningSkipped');
    return skip(user, reason);
  }

  const deviceName = deviceNameFor(deps.provisioning.deviceNameTemplate, user.userName);
  let serialNumber: string;
  let seed: string;
  try {
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: deviceName,
        Tags: [
          { Key: ORGMFA_TAG_KEY, Value: 'provisioned' },
          { Key: 'orgmfa:user', Value: user.userName },
        ],
      }),
    );
    serialNumber = VirtualMFADevice?.SerialNumber ?? '';
    seed = new TextDecoder().decode(VirtualMFADevice?.Base32StringSeed);
  } catch (error) {
    if (error instanceof EntityAlreadyExistsException) {
      // A concurrent delivery is provisioning this user, or an orphan of that name is in the way
      // (the orphan rule deletes it, and the next attempt succeeds): at most one device either way.
      return skip(user, `a virtual MFA device named ${deviceName} already exists`);
    }
    if (isThrottling(error))
      return rethrowThrottling(error, `iam:CreateVirtualMFADevice for ${user.userName}`);
    deps.metrics.count('ProvisioningFailed');
    const cause = error as Error;
    throw new ProvisioningFailedError(
      `provisioning MFA for ${user.userName} in ${user.accountId} failed at create (${cause.name}: ${cause.message}); nothing was created`,
      { cause },
    );
  }

  try {
    await enable(deps, iam, user.userName, serialNumber, seed);
  } catch (error) {
    return fail(deps, iam, user, { serialNumber, enabled: false }, 'enable', withoutSecret(error, seed));
  }

  const parameterName = seedParameterName(user.userName);
  const expiration = seedExpirationPolicy(deps.clock(), deps.provisioning.seedExpirationDays);
  try {
    await deps.clients.ssm(opened.account).send(
      new PutParameterCommand({
        Name: parameterName,
        Description: `orgmfa: MFA seed for IAM user ${user.userName}, to be collected once with "orgmfa seed"`,
        Value: seed,
        Type: 'SecureString',
        KeyId: deps.provisioning.seedKmsKeyId,
        Tier: 'Advanced',
        Policies: expiration.policies,
        // A user re-created under the same name must not be left with a stale seed.
        Overwrite: true,
      }),
    );
  } catch (error) {
    return fail(deps, iam, user, { serialNumber, enabled: true }, 'store', withoutSecret(error, seed));
  }

  const action: WorkflowAction = {
    type: 'ProvisionMfa',
    accountId: user.accountId,
    userName: user.userName,
    serialNumber,
    parameterName,
  };
  deps.log.info('MFA provisioned', {
    accountId: user.accountId,
    userName: user.userName,
    serialNumber,
    parameterName,
    expiresAt: expiration.expiresAt,
  });
  deps.metrics.count('ProvisioningSucceeded');
  return { outcome: 'Provisioned', reason: null, actions: [action] };
}
