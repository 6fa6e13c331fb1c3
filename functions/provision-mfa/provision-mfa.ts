import { COMPLIANCE_TAG_KEYS } from '../core/compliance/tags';
import {
  CreateLoginProfileCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  ListMFADevicesCommand,
  NoSuchEntityException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { StepResult, WorkflowAction } from '../core/actions';
import { ProvisioningFailedError, ThrottledError, withoutSecret } from '../core/errors';
import { generateInitialPassword } from '../core/initial-password';
import { readUserTarget, type UserTarget } from '../core/user-target';
import { ORGMFA_TAG_KEY } from '../core/naming';
import {
  deviceNameFor,
  initialPasswordParameterName,
  provisioningScope,
  seedExpirationPolicy,
  seedParameterName,
  userSkipReason,
} from '../core/provisioning';
import type { ProvisioningSettings } from '../core/config';
import { UndoStack } from '../core/undo-stack';
import { accountAncestors } from '../aws/account-ancestry';
import { tagMap } from '../aws/tag-map';
import { isThrottling, rethrowThrottling } from '../aws/aws-errors';
import type { Log } from '../aws/log';
import type { MemberAccountDeps } from '../aws/member-account';
import { openOrReject } from '../aws/open-or-reject';
import type { MetricsSink } from '../aws/metrics';
import { enableDevice } from './enable-device';

/** What provisioning needs; the clock and sleep are injected so TOTP windows can be tested. */
export interface ProvisionMfaDeps extends MemberAccountDeps {
  readonly log: Log;
  readonly metrics: MetricsSink;
  readonly provisioning: ProvisioningSettings;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** A step of provisioning, named in failure messages. */
type Step = 'create' | 'enable' | 'password' | 'store';

const skip = (user: UserTarget, reason: string): StepResult => ({
  outcome: 'Skipped',
  reason,
  actions: [{ type: 'SkipProvisioning', accountId: user.accountId, userName: user.userName, reason }],
});

/** Reads what decides whether the user gets a device, fresh from IAM (not from the event). */
async function readProvisioningFacts(iam: IAMClient, userName: string) {
  try {
    const [{ User }, { MFADevices }] = await Promise.all([
      iam.send(new GetUserCommand({ UserName: userName })),
      iam.send(new ListMFADevicesCommand({ UserName: userName })),
    ]);
    return {
      userName,
      path: User?.Path ?? '/',
      tags: tagMap(User?.Tags),
      mfaDeviceCount: MFADevices?.length ?? 0,
    };
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    return rethrowThrottling(error, `reading user ${userName}`);
  }
}

/** The account's OU ancestry, up to the first enabled OU; none needed for an account listed by id. */
function ancestorsFor(deps: ProvisionMfaDeps, user: UserTarget): Promise<string[]> {
  const { accountIds, excludedAccountIds, organizationalUnitIds } = deps.provisioning;
  if (accountIds.includes(user.accountId) || excludedAccountIds.includes(user.accountId)) {
    return Promise.resolve([]);
  }
  return accountAncestors(deps.clients, deps.hub, user.accountId, (id) => organizationalUnitIds.includes(id));
}

/** Stores a secret for pickup as an Advanced-tier SecureString that expires with `policies`. */
function putSecret(
  deps: ProvisionMfaDeps,
  ssm: SSMClient,
  secret: { name: string; value: string; description: string; policies: string },
) {
  const { name, value, description, policies } = secret;
  return ssm.send(
    new PutParameterCommand({
      Name: name,
      Description: description,
      Value: value,
      Type: 'SecureString',
      KeyId: deps.provisioning.seedKmsKeyId,
      Tier: 'Advanced',
      Policies: policies,
      // A user re-created under the same name must not be left with a stale secret.
      Overwrite: true,
    }),
  );
}

/**
 * Undoes what was created, optionally deletes the user, and throws: {@link ThrottledError} when AWS
 * throttled and everything was undone (the workflow retries the whole step), else
 * {@link ProvisioningFailedError}, counted in the `ProvisioningFailed` metric.
 */
async function fail(
  deps: ProvisionMfaDeps,
  iam: IAMClient,
  user: UserTarget,
  undo: UndoStack,
  step: Step,
  error: Error,
): Promise<never> {
  const undone = await undo.run();
  if (undone.complete && deps.provisioning.deleteUserOnFailure) {
    // IAM refuses to delete a user that still has a console password.
    await iam.send(new DeleteLoginProfileCommand({ UserName: user.userName })).catch((e: unknown) => {
      if (!(e instanceof NoSuchEntityException)) throw e;
    });
    await iam.send(new DeleteUserCommand({ UserName: user.userName }));
    deps.log.warn('user deleted because MFA could not be assigned (deleteUserOnFailure)', {
      accountId: user.accountId,
      userName: user.userName,
    });
  }
  const where = `provisioning MFA for ${user.userName} in ${user.accountId} failed at ${step} (${error.name}: ${error.message})`;
  const message = undone.complete
    ? `${where}; everything created was removed`
    : `${where}; undoing failed at "${undone.failed}", an unassigned device may remain for the orphan sweep`;
  deps.log.error('provisioning failed', {
    accountId: user.accountId,
    userName: user.userName,
    step,
    error: error.name,
    undone: undone.complete,
  });
  if (undone.complete && isThrottling(error)) throw new ThrottledError(message, { cause: error });
  deps.metrics.count('ProvisioningFailed');
  throw new ProvisioningFailedError(message, { cause: error });
}

/**
 * Gives a new IAM user a working virtual MFA device: create it (tagged as orgmfa's), enable it with two
 * consecutive TOTP codes computed at once, optionally give the user a random initial console password,
 * and store the seed as an SSM SecureString in the member account for the user alone to collect. The
 * secrets live only in this function: the result carries the serial number and parameter name. No
 * half states: whatever a failed provisioning created is undone, newest first.
 */
export async function provisionMfa(deps: ProvisionMfaDeps, input: unknown): Promise<StepResult> {
  const opened = await openOrReject(deps, {
    input,
    read: readUserTarget,
    purpose: 'provision-mfa',
    step: 'provisioning',
    alongside: (user) => ancestorsFor(deps, user),
  });
  if (opened.rejected !== undefined) return opened.rejected;
  const { target: user, account } = opened;
  const scope = provisioningScope(deps.provisioning, user.accountId, opened.alongside);
  const iam = deps.clients.iam(account);
  const facts = scope.provision ? await readProvisioningFacts(iam, user.userName) : undefined;
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
  const expiration = seedExpirationPolicy(deps.clock(), deps.provisioning.seedExpirationDays);
  const undo = new UndoStack();
  let serialNumber: string;
  let seed: string;
  try {
    const { VirtualMFADevice } = await iam.send(
      new CreateVirtualMFADeviceCommand({
        VirtualMFADeviceName: deviceName,
        Tags: [
          { Key: ORGMFA_TAG_KEY, Value: 'provisioned' },
          { Key: 'orgmfa:user', Value: user.userName },
          // The sweep reports a seed still uncollected after this time (ORGMFA.4).
          { Key: COMPLIANCE_TAG_KEYS.seedExpires, Value: expiration.expiresAt },
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
    return fail(deps, iam, user, undo, 'create', error as Error);
  }
  undo.push('delete the device', () =>
    iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })),
  );

  try {
    await enableDevice(deps, iam, { userName: user.userName, serialNumber, seed });
  } catch (error) {
    return fail(deps, iam, user, undo, 'enable', withoutSecret(error, seed));
  }
  undo.push('deactivate the device', () =>
    iam.send(new DeactivateMFADeviceCommand({ UserName: user.userName, SerialNumber: serialNumber })),
  );

  const ssm = deps.clients.ssm(account);
  if (deps.provisioning.setInitialPassword) {
    const password = generateInitialPassword();
    const passwordParameter = initialPasswordParameterName(user.userName);
    try {
      await iam.send(
        new CreateLoginProfileCommand({
          UserName: user.userName,
          Password: password,
          PasswordResetRequired: true,
        }),
      );
      undo.push('delete the console password', () =>
        iam.send(new DeleteLoginProfileCommand({ UserName: user.userName })),
      );
      await putSecret(deps, ssm, {
        name: passwordParameter,
        value: password,
        description: `orgmfa: initial console password of IAM user ${user.userName}, reset at first sign-in`,
        policies: expiration.policies,
      });
      undo.push('delete the password parameter', () =>
        ssm.send(new DeleteParameterCommand({ Name: passwordParameter })),
      );
    } catch (error) {
      // A user created with a console password keeps it: nothing to set.
      if (!(error instanceof EntityAlreadyExistsException)) {
        return fail(deps, iam, user, undo, 'password', withoutSecret(withoutSecret(error, password), seed));
      }
    }
  }

  const parameterName = seedParameterName(user.userName);
  try {
    await putSecret(deps, ssm, {
      name: parameterName,
      value: seed,
      description: `orgmfa: MFA seed for IAM user ${user.userName}, to be collected once with "orgmfa seed"`,
      policies: expiration.policies,
    });
  } catch (error) {
    return fail(deps, iam, user, undo, 'store', withoutSecret(error, seed));
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
  });
  deps.metrics.count('ProvisioningSucceeded');
  return { outcome: 'Provisioned', reason: null, actions: [action] };
}
