import { INITIAL_PASSWORD_PARAMETER_PREFIX, SEED_PARAMETER_PREFIX } from '../../functions/core/naming';

/** Where a customer managed key for seeds lives, and who administers it. */
export interface SeedKeyPolicyProps {
  readonly partition: string;
  /** The hub's region: the seeds' SSM parameters, and so the key, are there. */
  readonly region: string;
  /** The member account the key (one per account) belongs to. */
  readonly accountId: string;
  /** The member role's name (`memberRoleName`). */
  readonly memberRoleName: string;
  /** Roles that administer the key: they manage it, and cannot decrypt with it. */
  readonly keyAdministratorArns: readonly string[];
  /** Roles that may read initial passwords (`setInitialPassword`); none by default. */
  readonly initialPasswordReaderArns?: readonly string[];
}

/**
 * The key policy the README gives for a customer managed key that encrypts seeds (`seedKmsKeyId`),
 * one key per member account under the same alias. Only the named IAM user can decrypt their own seed:
 * SSM encrypts a SecureString with the encryption context `PARAMETER_ARN` = the parameter's ARN, and a
 * seed's ARN ends in the user's unique id, which the `${aws:userid}` policy variable must match. Role
 * sessions (read-only roles, administrators) cannot decrypt a seed: only IAM users are granted, and a
 * session's id never names a seed. The member role may only encrypt, through SSM. Administrators
 * manage the key but hold no cryptographic permission (the account's IAM policies get none: there is
 * no statement delegating `kms:*` to the account).
 */
export function seedKeyPolicy(props: SeedKeyPolicyProps): Record<string, unknown> {
  const { partition, region, accountId } = props;
  const parameterArn = (rest: string) => `arn:${partition}:ssm:${region}:${accountId}:parameter${rest}`;
  const viaSsm = { 'kms:ViaService': `ssm.${region}.amazonaws.com`, 'kms:CallerAccount': accountId };
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'AdministerTheKeyWithoutUsingIt',
      Effect: 'Allow',
      Principal: { AWS: [...props.keyAdministratorArns] },
      Action: [
        'kms:Describe*',
        'kms:Get*',
        'kms:List*',
        'kms:Enable*',
        'kms:Disable*',
        'kms:Put*',
        'kms:Update*',
        'kms:Revoke*',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:ScheduleKeyDeletion',
        'kms:CancelKeyDeletion',
      ],
      Resource: '*',
    },
    {
      Sid: 'OrgMfaEncryptsSeedsThroughSsm',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${accountId}:role/${props.memberRoleName}` },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: viaSsm,
        StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': parameterArn('/orgmfa/*') },
      },
    },
    {
      Sid: 'EachUserDecryptsOnlyTheirOwnSeed',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: {
          ...viaSsm,
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn(`${SEED_PARAMETER_PREFIX}\${aws:userid}`),
        },
        ArnLike: { 'aws:PrincipalArn': `arn:${partition}:iam::${accountId}:user/*` },
      },
    },
  ];
  if ((props.initialPasswordReaderArns ?? []).length > 0) {
    statements.push({
      Sid: 'NamedRolesDecryptInitialPasswords',
      Effect: 'Allow',
      Principal: { AWS: [...(props.initialPasswordReaderArns ?? [])] },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: viaSsm,
        StringLike: {
          'kms:EncryptionContext:PARAMETER_ARN': parameterArn(`${INITIAL_PASSWORD_PARAMETER_PREFIX}*`),
        },
      },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
