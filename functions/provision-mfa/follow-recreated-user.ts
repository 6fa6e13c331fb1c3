import {
  GetUserCommand,
  NoSuchEntityException,
  TagMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { DeleteParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ProvisioningFailedError, withoutSecret } from '../core/errors';
import { USER_ID_TAG_KEY } from '../core/naming';
import { seedParameterName } from '../core/provisioning';
import { lastErrorOf, withRetries, type RetryPolicy } from '../core/retry';
import { briefly } from '../aws/aws-errors';

/** The device just enabled, and where its seed and tag say it belongs. */
export interface EnabledDevice {
  readonly userName: string;
  readonly serialNumber: string;
  readonly seed: string;
  /** The unique id the device is tagged with and the seed is stored under: the user GetUser read. */
  readonly userId: string;
  readonly parameterName: string;
}

/** What following needs: the clients, the retry policy, and how to store a seed (as provisioning does). */
export interface FollowDeps {
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly policy: RetryPolicy;
  readonly storeSeed: (parameterName: string) => Promise<unknown>;
}

/**
 * After EnableMFADevice, which takes a user name only: when the user of that name is no longer the one
 * provisioning read (deleted and re-created meanwhile, so a new unique id), the device is enabled on the
 * new user but tagged with, and its seed stored under, the old id, where nobody can collect it. Moves
 * the seed to the new id's parameter, re-tags the device's `orgmfa:user-id`, and removes the old
 * parameter, in that order (the seed is never stored nowhere), each step retried by `policy`.
 *
 * @returns undefined when the user is unchanged (or gone since: no one holds the device then), else what
 *   was done, in words, and the seed's parameter now.
 * @throws ProvisioningFailedError naming exactly what was done and what was left when a step fails.
 */
export async function followRecreatedUser(
  deps: FollowDeps,
  device: EnabledDevice,
): Promise<{ readonly reason: string; readonly parameterName: string } | undefined> {
  let userId: string | undefined;
  try {
    const { User } = await withRetries(
      () => deps.iam.send(new GetUserCommand({ UserName: device.userName })),
      deps.policy,
    );
    userId = User?.UserId;
  } catch (error) {
    const last = lastErrorOf(error);
    if (last instanceof NoSuchEntityException) return undefined;
    throw failed(
      device,
      `reading the user after enabling failed (${briefly(last)})`,
      [],
      `the device tagged ${USER_ID_TAG_KEY} ${device.userId} and the seed under ${device.parameterName}, which fit the user only if it was not re-created`,
      last,
    );
  }
  if (userId === undefined || userId === device.userId) return undefined;

  const newParameter = seedParameterName(userId);
  const old = device.parameterName;
  // Each step: what it did, what is left if it fails, and the call.
  const steps: [string, string, () => Promise<unknown>][] = [
    [
      `stored the seed as ${newParameter}`,
      `the seed only under ${old}, which the user cannot read, and the device tagged ${USER_ID_TAG_KEY} ${device.userId}`,
      () => deps.storeSeed(newParameter),
    ],
    [
      `set the device's ${USER_ID_TAG_KEY} tag to ${userId}`,
      `the seed under ${newParameter} (collectable) and under ${old}, and the device tagged ${USER_ID_TAG_KEY} ${device.userId}, so the pickup cannot be recorded on it`,
      () =>
        deps.iam.send(
          new TagMFADeviceCommand({
            SerialNumber: device.serialNumber,
            Tags: [{ Key: USER_ID_TAG_KEY, Value: userId }],
          }),
        ),
    ],
    [
      `removed ${old}`,
      `a stale copy of the seed under ${old}, which only an administrator can read`,
      () => deps.ssm.send(new DeleteParameterCommand({ Name: old })),
    ],
  ];
  const done: string[] = [];
  for (const [what, left, step] of steps) {
    try {
      await withRetries(step, deps.policy);
    } catch (error) {
      const last = withoutSecret(lastErrorOf(error), device.seed);
      throw failed(
        device,
        `following the user re-created as ${userId} failed (${briefly(last)})`,
        done,
        left,
        last,
      );
    }
    done.push(what);
  }
  return {
    reason: `user ${device.userName} was re-created (${device.userId} became ${userId}) while its device was provisioned: the device is enabled on ${userId}, its seed moved to ${newParameter} and its ${USER_ID_TAG_KEY} tag set to ${userId}`,
    parameterName: newParameter,
  };
}

function failed(
  device: EnabledDevice,
  what: string,
  done: readonly string[],
  left: string,
  cause: unknown,
): ProvisioningFailedError {
  return new ProvisioningFailedError(
    [
      `provisioning MFA for ${device.userName}: the device ${device.serialNumber} is enabled on the user of that name, but ${what}`,
      done.length === 0 ? 'nothing was moved' : `done: ${done.join(', ')}`,
      `left in place: ${left}`,
    ].join('; '),
    { cause },
  );
}
