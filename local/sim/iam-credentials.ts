import { createHash } from 'node:crypto';
import { awsError } from './aws-errors';
import { findUser, userCreateDate } from './iam-entities';
import type { UserFixture } from './fixture';
import type { ServiceContext } from './simulated-aws';

type Operation = (input: Record<string, unknown>, ctx: ServiceContext) => object;

/** The id of a user's n-th access key: its own, or a stable one derived from its position. */
export function accessKeyIdOf(accountId: string, user: UserFixture, index: number): string {
  return (
    user.accessKeys[index]?.id ??
    `AKIA${createHash('sha256').update(`${accountId}/${user.userName}/${index}`).digest('hex').slice(0, 16).toUpperCase()}`
  );
}

/** The user IAM means: the named one, or the calling user when a user acts on itself. */
export function targetUser(input: Record<string, unknown>, ctx: ServiceContext) {
  return findUser(ctx.account, input.UserName ?? (ctx.caller.kind === 'user' ? ctx.caller.name : undefined));
}

/**
 * A user's console password and access keys as IAM reports them: `GetLoginProfile` (NoSuchEntity when
 * the user has no password) and `ListAccessKeys` (each key with its Status).
 */
export const CREDENTIAL_OPERATIONS: Record<string, Operation> = {
  GetLoginProfile: (input, ctx) => {
    const user = targetUser(input, ctx);
    if (!user.consolePassword) {
      throw awsError('iam', 'NoSuchEntity', `Login Profile for User ${user.userName} cannot be found.`);
    }
    return {
      LoginProfile: {
        UserName: user.userName,
        CreateDate:
          user.passwordLastChanged === undefined ? userCreateDate(user) : new Date(user.passwordLastChanged),
        PasswordResetRequired: user.passwordResetRequired === true,
      },
    };
  },
  ListAccessKeys: (input, ctx) => {
    const user = targetUser(input, ctx);
    return {
      AccessKeyMetadata: user.accessKeys.map((key, index) => ({
        UserName: user.userName,
        AccessKeyId: accessKeyIdOf(ctx.account.id, user, index),
        Status: key.active ? 'Active' : 'Inactive',
        CreateDate: key.createDate === undefined ? userCreateDate(user) : new Date(key.createDate),
      })),
      IsTruncated: false,
    };
  },
};
