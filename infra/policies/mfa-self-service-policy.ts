import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { COMPLIANCE_TAG_KEYS } from '../../functions/core/compliance/tags';
import { ORGMFA_TAG_KEY, SEED_PARAMETER_PREFIX, USER_ID_TAG_KEY } from '../../functions/core/naming';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';

/**
 * What an IAM user needs to collect their own seed once and to find their own MFA devices.
 *
 * The seed is `parameter/orgmfa/seed/${aws:userid}`: the user's unique id (`AIDA…`), an IAM policy
 * variable resolved at request time, not by CloudFormation. It is valid in an SSM name whatever the
 * user's name holds (`@`, `+`, `=`, `,` are not), no user can read another's seed, and a user
 * re-created under an old name (a new id) cannot read the seed of the user before it. Role sessions
 * have ids of another shape (`AROA…:session`), which never name a seed. With SSM's default key,
 * alias/aws/ssm, no KMS permission is needed; a customer managed key's key policy decides who decrypts.
 *
 * After the pickup, `orgmfa seed` tags the user's own provisioned device `orgmfa:seed-collected`, which
 * tells the sweep the seed was collected (control ORGMFA.4). The device is found whatever its name
 * (`deviceNameTemplate`): the user may read the tags of, and set that one tag key on, only a device
 * orgmfa tagged as provisioned for the user's own id. No other key (a user must not fake
 * `orgmfa:managed` or `orgmfa:first-seen`), and no other user's device (nobody may mark someone else's
 * seed as collected).
 */
export function mfaSelfServicePermissions(hubRegion: string): RolePermissions {
  const devices = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:mfa/*`;
  const ownProvisionedDevice = {
    StringEquals: {
      [`aws:ResourceTag/${USER_ID_TAG_KEY}`]: '${aws:userid}',
      [`aws:ResourceTag/${ORGMFA_TAG_KEY}`]: 'provisioned',
    },
  };
  const statements = [
    new iam.PolicyStatement({
      sid: 'CollectOwnSeedOnce',
      actions: ['ssm:GetParameter', 'ssm:DeleteParameter'],
      resources: [
        `arn:${Aws.PARTITION}:ssm:${hubRegion}:${Aws.ACCOUNT_ID}:parameter${SEED_PARAMETER_PREFIX}\${aws:userid}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'ListOwnMfaDevices',
      actions: ['iam:ListMFADevices'],
      // A user's ARN carries its path; a name is unique in the account whatever the path.
      resources: [
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/\${aws:username}`,
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/*/\${aws:username}`,
      ],
    }),
    new iam.PolicyStatement({
      sid: 'FindOwnProvisionedDevice',
      actions: ['iam:ListMFADeviceTags'],
      resources: [devices],
      conditions: ownProvisionedDevice,
    }),
    new iam.PolicyStatement({
      sid: 'RecordOwnSeedPickup',
      actions: ['iam:TagMFADevice'],
      resources: [devices],
      conditions: {
        ...ownProvisionedDevice,
        'ForAllValues:StringEquals': { 'aws:TagKeys': [COMPLIANCE_TAG_KEYS.seedCollected] },
        // ForAllValues is also true for a request without tags: require the key to be present.
        Null: { 'aws:TagKeys': 'false' },
      },
    }),
  ];
  return {
    statements,
    acknowledgements: [
      {
        id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*/<aws:username>'),
        reason:
          "The caller's own user on any path: the wildcard spans the path only, and the name after it is the caller's, unique in the account.",
      },
      {
        id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*'),
        reason:
          "Only a device orgmfa tagged as provisioned for the caller's own unique id (aws:ResourceTag conditions), whatever deviceNameTemplate named it; tagging only with the orgmfa:seed-collected key.",
      },
    ],
  };
}
