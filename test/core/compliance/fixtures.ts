import type { FindingScope, UserFacts } from '../../../functions/core/compliance/model';

/** The member account of these tests, and where its findings go. */
export const ACCOUNT = '111122223333';
export const SCOPE: FindingScope = { accountId: ACCOUNT, region: 'eu-west-1', partition: 'aws' };

/** The ARN of a user of {@link ACCOUNT} on the default path. */
export const userArn = (userName: string) => `arn:aws:iam::${ACCOUNT}:user/${userName}`;

/** The ARN (serial number) of a virtual MFA device of {@link ACCOUNT}. */
export const deviceArn = (name: string) => `arn:aws:iam::${ACCOUNT}:mfa/${name}`;

/** When the facts of {@link user} were read, unless it says otherwise. */
export const EVIDENCE_AT = '2025-06-15T09:00:00.000Z';

/** A user with nothing to report (no credentials, no MFA, no tags) unless `facts` says otherwise. */
export function user(userName: string, facts: Partial<Omit<UserFacts, 'userName'>> = {}): UserFacts {
  return {
    userName,
    arn: userArn(userName),
    consolePassword: false,
    activeAccessKeys: 0,
    mfa: 'none',
    tags: {},
    evidenceAt: EVIDENCE_AT,
    ...facts,
  };
}
