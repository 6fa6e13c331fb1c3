import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SEED_PARAMETER_PREFIX } from '../../functions/core/naming';

/**
 * What an IAM user needs to collect their own seed once and to find their own MFA devices: read and
 * delete `parameter/orgmfa/seed/${aws:username}` only. `${aws:username}` is an IAM policy variable
 * (resolved by IAM at request time, not by CloudFormation), so no user can read another's seed. The
 * default key, alias/aws/ssm, needs no KMS permission: its key policy allows decryption through SSM
 * for the account's principals. A customer managed key must grant kms:Decrypt in its key policy.
 */
export function mfaSelfServiceStatements(seedRegion: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'CollectOwnSeedOnce',
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
      resources: [
        `arn:${Aws.PARTITION}:ssm:${seedRegion}:${Aws.ACCOUNT_ID}:parameter${SEED_PARAMETER_PREFIX}\${aws:username}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ListOwnMfaDevices',
      actions: ['iam:ListMFADevices'],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/\${aws:username}`],
    }),
  ];
}
