import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { COMPLIANCE_TAG_KEYS } from '../../functions/core/compliance/tags';
import { SEED_PARAMETER_PREFIX } from '../../functions/core/naming';

/**
 * What an IAM user needs to collect their own seed once and to find their own MFA devices: read and
 * delete `parameter/orgmfa/seed/${aws:username}` only. `${aws:username}` is an IAM policy variable
 * (resolved by IAM at request time, not by CloudFormation), so no user can read another's seed. The
 * default key, alias/aws/ssm, needs no KMS permission: its key policy allows decryption through SSM
 * for the account's principals. A customer managed key must grant kms:Decrypt in its key policy.
 *
 * After the pickup, `orgmfa seed` tags the user's own provisioned device `orgmfa:seed-collected`, which
 * tells the sweep the seed was collected (control ORGMFA.4). That one tag key on that one device is all
 * a user may tag: no other key (a user must not fake `orgmfa:managed` or `orgmfa:first-seen`), and no
 * other user's device (nobody may mark someone else's seed as collected).
 */
export function mfaSelfServiceStatements(hubRegion: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'CollectOwnSeedOnce',
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
      resources: [
        `arn:${Aws.PARTITION}:ssm:${hubRegion}:${Aws.ACCOUNT_ID}:parameter${SEED_PARAMETER_PREFIX}\${aws:username}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ListOwnMfaDevices',
      actions: ['iam:ListMFADevices'],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/\${aws:username}`],
    }),
    new iam.PolicyStatement({
      sid: 'RecordOwnSeedPickup',
      actions: ['iam:TagMFADevice'],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:mfa/\${aws:username}`],
      conditions: {
        'ForAllValues:StringEquals': { 'aws:TagKeys': [COMPLIANCE_TAG_KEYS.seedCollected] },
        // ForAllValues is also true for a request without tags: require the key to be present.
        Null: { 'aws:TagKeys': 'false' },
      },
    }),
  ];
}
