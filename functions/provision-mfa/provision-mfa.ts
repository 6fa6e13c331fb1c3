import {
  CreateLoginProfileCommand,
  DeleteLoginProfileCommand,
  DeleteVirtualMFADeviceCommand,
  EntityAlreadyExistsException,
  GetUserCommand,
  ListMFADevicesCommand,
  NoSuchEntityException,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { StepResult } from '../core/actions';
import { COMPLIANCE_TAG_KEYS } from '../core/compliance/tags';
import type { ProvisioningSettings } from '../core/config';
import { withoutSecret } from '../core/errors';
import { generateInitialPassword } from '../core/initial-password';
import { ORGMFA_TAG_KEY, USER_ID_TAG_KEY } from '../core/naming';
import {
  deviceNameFor,
  initialPasswordParameterName,
  PROVISIONED_TAG_VALUE,
  provisioningScope,
  seedExpirationPolicy,
  seedParameterName,
  userSkipReason,
  type UserFacts,
} from '../core/provisioning';
import { readProvisioningRequest, type ProvisioningRequest } from '../core/provisioning-request';
import { UndoStack } from '../core/undo-stack';
import type { UserTarget } from '../core/user-target';
import { accountAncestors } from '../aws/account-ancestry';
import { unlessGone } from '../aws/aws-errors';
import type { MemberAccount } from '../aws/member-account';
import type { MetricsSink } from '../aws/metrics';
import { openOrReject } from '../aws/open-or-reject';
import type { ClashDepsSource } from '../aws/resolve-clash';
import { tagMap } from '../aws/tag-map';
import { PROVISIONING_PURPOSE } from './clear-the-way';
import { createDevice, type Creation } from './create-device';
import { enableDevice } from './enable-device';
import { cleanUpPolicy, failProvisioning } from './fail-provisioning';
import { followRecreatedUser } from './follow-recreated-user';

/**
 * What provisioning needs: the membership gate's, the device records' and the enrolment window's (for
 * a stale device in the way), its settings, metrics; the clock and sleep are injected so TOTP windows,
 * retries and waits can be tested.
 */
export interface ProvisionMfaDeps extends ClashDepsSource {
  readonly metrics: MetricsSink;
  readonly provisioning: ProvisioningSettings;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * The step's result, and the user to provision again after a wait, when a device in the way may be
 * removed only later (the workflow waits until `waitUntil`, then runs the step again on it).
 */
export interface ProvisioningResult extends StepResult {
  readonly recheck: (UserTarget & { readonly waitUntil: string }) | null;
}

const skip = (user: ProvisioningRequest, reason: string): StepResult => ({
  outcome: 'Skipped',
  reason,
  actions: [{ type: 'SkipProvisioning', accountId: user.accountId, userName: user.userName, reason }],
});

/** Reads what decides whether the user gets a device, fresh from IAM (not from the event). */
async function readProvisioningFacts(iam: IAMClient, userName: string): Promise<UserFacts | undefined> {
  try {
    const [{ User }, { MFADevices }] = await Promise.all([
      iam.send(new GetUserCommand({ UserName: userName })),
      iam.send(new ListMFADevicesCommand({ UserName: userName })),
    ]);
    return {
      userName,
      userId: User?.UserId ?? '',
      path: User?.Path ?? '/',
      tags: tagMap(User?.Tags),
      mfaDeviceCount: MFADevices?.length ?? 0,
      // IAM always gives it; without one, the user counts as old: provisioning then never waits.
      createDate: User?.CreateDate ?? new Date(0),
    };
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

/**
 * The account's OU ancestry, up to the first enabled OU; none needed for an account listed by id, nor
 * when no OU is enabled (no Organizations call then, for every CreateUser of the organization).
 */
function ancestorsFor(deps: ProvisionMfaDeps, user: ProvisioningRequest): Promise<string[]> {
  const { accountIds, excludedAccountIds, organizationalUnitIds } = deps.provisioning;
  if (
    organizationalUnitIds.length === 0 ||
    accountIds.includes(user.accountId) ||
    excludedAccountIds.includes(user.accountId)
  ) {
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
      // Only an earlier, failed attempt for this very user (same unique id) can have left one.
      Overwrite: true,
    }),
  );
}

/**
 * Gives a new IAM user a working virtual MFA device. The steps, in an order that never leaves an
 * enabled device whose seed is stored nowhere:
 *
 * 1. create the device (tagged as orgmfa's, with the user's unique id and the seed's expiry); a device
 *    of that name in the way is orgmfa's own for this user (a concurrent delivery: skipped), or is
 *    decided on by the orphan rule: deleted and created again, or the workflow waits and runs this
 *    step again (see {@link createDevice});
 * 2. store the seed as an SSM SecureString named by the user's unique id;
 * 3. optionally, a random initial console password, stored for an administrator;
 * 4. enable the device with two consecutive TOTP codes computed at once: the last step, so nothing
 *    after it can fail and no device is ever deactivated.
 *
 * Each step registers its undo; the seed's runs after the device's, so that a device that did get
 * enabled (an answer lost on the way) keeps its seed. A failure undoes, with retries, and either hands
 * a transient failure back to the workflow for a retry (everything undone, not the last try) or fails
 * finally with `ProvisioningFailed` (see {@link failProvisioning}). The secrets live only in this
 * function: the result carries the serial number and the parameter name.
 */
export async function provisionMfa(deps: ProvisionMfaDeps, input: unknown): Promise<ProvisioningResult> {
  return { recheck: null, ...(await provision(deps, input)) };
}

async function provision(deps: ProvisionMfaDeps, input: unknown): Promise<StepResult | ProvisioningResult> {
  let opened;
  try {
    opened = await openOrReject(deps, {
      input,
      read: readProvisioningRequest,
      purpose: PROVISIONING_PURPOSE,
      step: 'provisioning',
      alongside: (request) => ancestorsFor(deps, request),
    });
  } catch (error) {
    // The request was read (a bad one is a rejection, not an error): the account could not be opened.
    return failProvisioning(deps, {
      request: readProvisioningRequest(input),
      step: 'open the account',
      error,
    });
  }
  if (opened.rejected !== undefined) return opened.rejected;
  const { target: request, account } = opened;
  const scope = provisioningScope(deps.provisioning, request.accountId, opened.alongside);
  if (!scope.provision) return skipped(deps, request, scope.reason);

  const iam = deps.clients.iam(account);
  let facts: UserFacts | undefined;
  try {
    facts = await readProvisioningFacts(iam, request.userName);
  } catch (error) {
    return failProvisioning(deps, { request, step: 'read the user', error });
  }
  const reason =
    facts === undefined
      ? `user ${request.userName} no longer exists`
      : userSkipReason(deps.provisioning, facts);
  if (reason !== undefined || facts === undefined) return skipped(deps, request, reason ?? '');
  return provisionUser(deps, { request, account, iam, facts });
}

function skipped(deps: ProvisionMfaDeps, request: ProvisioningRequest, reason: string): StepResult {
  deps.log.info('provisioning skipped', { accountId: request.accountId, userName: request.userName, reason });
  deps.metrics.count('ProvisioningSkipped');
  return skip(request, reason);
}

/** Steps 1 to 4 for a user that gets a device. */
async function provisionUser(
  deps: ProvisionMfaDeps,
  ctx: {
    readonly request: ProvisioningRequest;
    readonly account: MemberAccount;
    readonly iam: IAMClient;
    readonly facts: UserFacts;
  },
): Promise<StepResult> {
  const { request, iam, facts } = ctx;
  const { userName } = request;
  const undo = new UndoStack();
  const fail = (step: Parameters<typeof failProvisioning>[1]['step'], error: unknown) =>
    failProvisioning(deps, { request, step, error, undo, iam, facts });
  const expiration = seedExpirationPolicy(deps.clock(), deps.provisioning.seedExpirationDays);

  let creation: Creation;
  let parameterName: string;
  let passwordParameter: string;
  try {
    // Every name is checked before anything is created.
    const deviceName = deviceNameFor(deps.provisioning.deviceNameTemplate, userName);
    parameterName = seedParameterName(facts.userId);
    passwordParameter = initialPasswordParameterName(facts.userId);
    creation = await createDevice(deps, {
      ...ctx,
      deviceName,
      tags: [
        { Key: ORGMFA_TAG_KEY, Value: PROVISIONED_TAG_VALUE },
        // The unique id, not the name: a tag value may not hold the "," a user name may, and the
        // self-service policy lets a user record the pickup only on a device tagged with its own id.
        { Key: USER_ID_TAG_KEY, Value: facts.userId },
        // The sweep reports a seed still uncollected after this time (ORGMFA.4).
        { Key: COMPLIANCE_TAG_KEYS.seedExpires, Value: expiration.expiresAt },
      ],
    });
  } catch (error) {
    return fail('create the device', error);
  }
  if (!creation.created) {
    const { instead } = creation;
    return instead.next === 'skip' ? skipped(deps, request, instead.reason) : waiting(deps, request, instead);
  }
  const { serialNumber, seed } = creation;
  undo.push(`the virtual MFA device ${serialNumber}`, () =>
    unlessGone(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serialNumber })), 'NoSuchEntity'),
  );

  const ssm = deps.clients.ssm(ctx.account);
  try {
    await putSecret(deps, ssm, {
      name: parameterName,
      value: seed,
      description: `orgmfa: MFA seed for IAM user ${userName}, to be collected once with "orgmfa seed"`,
      policies: expiration.policies,
    });
  } catch (error) {
    return fail('store the seed', withoutSecret(error, seed));
  }
  undo.pushBeneath(`the seed parameter ${parameterName}`, () =>
    unlessGone(ssm.send(new DeleteParameterCommand({ Name: parameterName })), 'ParameterNotFound'),
  );

  if (deps.provisioning.setInitialPassword) {
    const password = generateInitialPassword();
    try {
      await iam.send(
        new CreateLoginProfileCommand({
          UserName: userName,
          Password: password,
          PasswordResetRequired: true,
        }),
      );
      undo.push(`the console password of ${userName}`, () =>
        unlessGone(iam.send(new DeleteLoginProfileCommand({ UserName: userName })), 'NoSuchEntity'),
      );
      await putSecret(deps, ssm, {
        name: passwordParameter,
        value: password,
        description: `orgmfa: initial console password of IAM user ${userName}, reset at first sign-in`,
        policies: expiration.policies,
      });
      undo.push(`the password parameter ${passwordParameter}`, () =>
        unlessGone(ssm.send(new DeleteParameterCommand({ Name: passwordParameter })), 'ParameterNotFound'),
      );
    } catch (error) {
      // A user created with a console password keeps it: nothing to set.
      if (!(error instanceof EntityAlreadyExistsException)) {
        return fail('set the initial password', withoutSecret(withoutSecret(error, password), seed));
      }
    }
  }

  try {
    await enableDevice(deps, iam, { userName, serialNumber, seed });
  } catch (error) {
    return fail('enable the device', withoutSecret(error, seed));
  }

  let followed: Awaited<ReturnType<typeof followRecreatedUser>>;
  try {
    followed = await followRecreatedUser(
      {
        iam,
        ssm,
        policy: cleanUpPolicy(deps),
        storeSeed: (name) =>
          putSecret(deps, ssm, {
            name,
            value: seed,
            description: `orgmfa: MFA seed for IAM user ${userName}, to be collected once with "orgmfa seed"`,
            policies: expiration.policies,
          }),
      },
      { userName, serialNumber, seed, userId: facts.userId, parameterName },
    );
  } catch (error) {
    deps.log.error('provisioning failed after enabling the device', {
      accountId: request.accountId,
      userName,
      error: (error as Error).name,
    });
    deps.metrics.count('ProvisioningFailed');
    throw error;
  }

  const stored = followed?.parameterName ?? parameterName;
  deps.log.info('MFA provisioned', {
    accountId: request.accountId,
    userName,
    serialNumber,
    parameterName: stored,
  });
  deps.metrics.count('ProvisioningSucceeded');
  return {
    outcome: 'Provisioned',
    reason: followed?.reason ?? null,
    actions: [
      ...creation.cleared,
      { type: 'ProvisionMfa', accountId: request.accountId, userName, serialNumber, parameterName: stored },
    ],
  };
}

/** The step's result when a device in the way may be removed only later: provision again then. */
function waiting(
  deps: ProvisionMfaDeps,
  request: ProvisioningRequest,
  wait: { readonly until: string; readonly reason: string },
): ProvisioningResult {
  const { accountId, partition, userName, cloudTrailEventId } = request;
  deps.log.info('provisioning waits for a device in the way', { accountId, userName, until: wait.until });
  return {
    outcome: 'Waiting',
    reason: wait.reason,
    actions: [],
    recheck: { accountId, partition, userName, cloudTrailEventId, waitUntil: wait.until },
  };
}
