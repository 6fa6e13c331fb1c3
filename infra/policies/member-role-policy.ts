import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';
import { INITIAL_PASSWORD_PARAMETER_PREFIX, SEED_PARAMETER_PREFIX } from '../../functions/core/naming';
import { MEMBER_PARAMETER_NAMES } from '../member-parameters';

/** Who may assume the member role. Values may be CloudFormation parameters (tokens). */
export interface MemberRoleTrustProps {
  /** The hub account. */
  readonly hubAccountId: string;
  /** The organization both accounts belong to. */
  readonly organizationId: string;
  /** Exact ARNs of the hub roles allowed in (see `trustedHubRoleArns`); may be a list token. */
  readonly trustedPrincipalArns: string[];
}

/**
 * The member role's trust: the hub account as principal, narrowed by condition to the exact hub role
 * ARNs and to principals of the organization.
 *
 * The roles are named in `aws:PrincipalArn` rather than as principals because IAM turns a role
 * principal into the role's unique id: once the hub role is recreated, a role-principal trust silently
 * stops matching (and a trust naming a role that does not exist yet cannot even be saved). An account
 * principal plus `ArnEquals` keeps working across re-deployments of the hub.
 */
export function memberRoleTrust(props: MemberRoleTrustProps): iam.IPrincipal {
  return new iam.PrincipalWithConditions(new iam.AccountPrincipal(props.hubAccountId), {
    ArnEquals: { 'aws:PrincipalArn': props.trustedPrincipalArns },
    StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
  });
}

/** What the member role's permissions depend on, as template values (tokens). */
export interface MemberRolePermissionsProps {
  /**
   * The hub's region: seeds are stored and findings imported there (Step Functions and its functions
   * do not cross regions).
   */
  readonly hubRegion: string;
}

/** What the optional policies depend on besides the hub's region. */
export interface OptionalMemberPoliciesProps extends MemberRolePermissionsProps {
  /** The `SeedKmsKeyArn` parameter: the customer managed key for seeds by ARN (policy only when set). */
  readonly seedKmsKeyArn: string;
  /** The `SeedKmsKeyAlias` parameter: the customer managed key for seeds by alias (policy only when set). */
  readonly seedKmsKeyAlias: string;
}

/** Every IAM user of the account the member role lives in. */
const thisAccountsUsers = () => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:user/*`;

/**
 * What the hub may do in a member account, as one list: every action orgmfa uses in member accounts
 * is added here, scoped to the narrowest resource IAM allows, with the reason for any wildcard.
 */
export function memberRolePermissions(props: MemberRolePermissionsProps): RolePermissions {
  // Virtual MFA devices of the account the member role lives in.
  const thisAccountsMfaDevices = `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:mfa/*`;
  const seedParameters = `arn:${Aws.PARTITION}:ssm:${props.hubRegion}:${Aws.ACCOUNT_ID}:parameter${SEED_PARAMETER_PREFIX}*`;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'ListVirtualMfaDevices',
        actions: ['iam:ListVirtualMFADevices'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ReadAccountCredentials',
        // The sweep: one credential report, one paged user listing and one account summary (the root
        // user's MFA and credentials, fresh) per account, whatever the number of users (per-user
        // calls are for the event path, and for users whose MFA may be FIDO only).
        actions: [
          'iam:GenerateCredentialReport',
          'iam:GetCredentialReport',
          'iam:GetAccountAuthorizationDetails',
          'iam:GetAccountSummary',
        ],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'ManageVirtualMfaDevices',
        // Create for provisioning, tagged as orgmfa's on creation (IAM authorizes tags on create with
        // iam:TagMFADevice); read the tags of a device in the way of a new user's (orgmfa's own for that
        // user: a duplicate delivery); delete for orphans and for undoing a failed provisioning. The
        // sweep no longer tags: an orphan's age lives in orgmfa's own record in the hub.
        actions: [
          'iam:CreateVirtualMFADevice',
          'iam:TagMFADevice',
          'iam:ListMFADeviceTags',
          'iam:DeleteVirtualMFADevice',
        ],
        resources: [thisAccountsMfaDevices],
      }),
      new iam.PolicyStatement({
        sid: 'EvaluateAndProvisionUsers',
        // Read a user fresh (re-evaluation, provisioning, and the sweep for a user whose credential
        // report row it cannot trust) and enable its new device. Never deactivate:
        // enabling is provisioning's last step, so no failure ever has an enabled device to undo.
        actions: [
          'iam:GetUser',
          'iam:GetLoginProfile',
          'iam:ListAccessKeys',
          'iam:ListMFADevices',
          'iam:EnableMFADevice',
        ],
        resources: [thisAccountsUsers()],
      }),
      new iam.PolicyStatement({
        sid: 'StoreSeeds',
        // Write, and delete to undo a failed provisioning: the hub never reads a seed back.
        actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
        resources: [seedParameters],
      }),
      new iam.PolicyStatement({
        sid: 'ImportOwnFindings',
        // The default product of this account, in the hub's region: Security Hub accepts findings with
        // the default product ARN only from the account the findings are about.
        actions: ['securityhub:BatchImportFindings'],
        resources: [ownDefaultProductArn(props.hubRegion)],
      }),
      new iam.PolicyStatement({
        sid: 'ReadBackOwnFindings',
        // The sweep reads orgmfa's findings back once per account (filtered on this account's default
        // product and orgmfa's generator ids) to detect tampering; the narrowest resource IAM offers
        // for GetFindings is this account's hub in the hub's region.
        actions: ['securityhub:GetFindings'],
        resources: [ownHubArn(props.hubRegion)],
      }),
    ],
    acknowledgements: [
      {
        id: wildcardResourceFinding('*'),
        reason:
          'iam:ListVirtualMFADevices is a list action, and the credential report, the account authorization details and the account summary are account-wide reads: IAM does not scope any of them to resources.',
      },
      {
        // cdk-nag renders the pseudo parameters of the ARN this way.
        id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:mfa/*'),
        reason:
          'Device names are chosen by users (orphans) or derived from new user names (provisioning); actions are limited to this account, and deletion to devices a fresh Unassigned listing contains or orgmfa just created.',
      },
      {
        id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*'),
        reason:
          'Any IAM user of this account may be re-evaluated or, when new, provisioned; the actions read the user, its password and keys, and enable or undo only its MFA device.',
      },
      {
        id: wildcardResourceFinding(
          `arn:<AWS::Partition>:ssm:<${MEMBER_PARAMETER_NAMES.hubRegion}>:<AWS::AccountId>:parameter${SEED_PARAMETER_PREFIX}*`,
        ),
        reason:
          "One seed parameter per user, named by the user's unique id; written (and deleted to undo a failed provisioning), never read, and only under /orgmfa/seed/.",
      },
    ],
  };
}

/**
 * ARN of this account's default Security Hub product in `region`: the only product a member account
 * may import its own findings into with BatchImportFindings.
 */
export function ownDefaultProductArn(region: string): string {
  return `arn:${Aws.PARTITION}:securityhub:${region}:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`;
}

/** ARN of this account's Security Hub CSPM hub in `region`: the resource GetFindings can be scoped to. */
export function ownHubArn(region: string): string {
  return `arn:${Aws.PARTITION}:securityhub:${region}:${Aws.ACCOUNT_ID}:hub/default`;
}

/** A member-role policy that exists only when a provisioning option is on (a template condition). */
export interface OptionalMemberPolicy {
  /** Construct id of the policy. */
  readonly id: string;
  /**
   * The member template parameter that switches it on: "true" for an option, a value (not "") for the
   * seed key.
   */
  readonly parameter: (typeof MEMBER_PARAMETER_NAMES)[
    'allowUserDeletion' | 'setInitialPassword' | 'seedKmsKeyArn' | 'seedKmsKeyAlias'];
  readonly statements: iam.PolicyStatement[];
  readonly acknowledgements: RolePermissions['acknowledgements'];
}

const USERS_FINDING = 'arn:<AWS::Partition>:iam::<AWS::AccountId>:user/*';

/** SSM calls KMS for a SecureString in the parameter's region: only such calls may use the seed key. */
const viaSsm = (hubRegion: string) => ({
  StringEquals: { 'kms:ViaService': `ssm.${hubRegion}.amazonaws.com` },
});

/** SSM's Advanced-tier SecureStrings use envelope encryption (GenerateDataKey); Standard-tier ones Encrypt. */
const SEED_KEY_ACTIONS = ['kms:Encrypt', 'kms:GenerateDataKey'];

/**
 * The member role's optional policies: deleting a new user that could not get MFA (deleteUserOnFailure:
 * reading, then removing, everything IAM's DeleteUser requires removing first), setting a random
 * initial console password stored for an administrator (setInitialPassword), and encrypting seeds with
 * a customer managed key (seedKmsKeyId: exactly that key, by ARN or by alias, through SSM only; never
 * Decrypt). Each exists only while its option is on.
 */
export function optionalMemberPolicies(props: OptionalMemberPoliciesProps): OptionalMemberPolicy[] {
  const passwordParameters = `arn:${Aws.PARTITION}:ssm:${props.hubRegion}:${Aws.ACCOUNT_ID}:parameter${INITIAL_PASSWORD_PARAMETER_PREFIX}*`;
  const thisRegionsKeys = `arn:${Aws.PARTITION}:kms:${props.hubRegion}:${Aws.ACCOUNT_ID}:key/*`;
  return [
    {
      id: 'UserDeletion',
      parameter: MEMBER_PARAMETER_NAMES.allowUserDeletion,
      statements: [
        new iam.PolicyStatement({
          sid: 'ReadWhatDeleteUserRequiresRemoving',
          // Read-only, and all of it before anything is removed: all or nothing.
          actions: [
            'iam:ListSigningCertificates',
            'iam:ListSSHPublicKeys',
            'iam:ListServiceSpecificCredentials',
            'iam:ListGroupsForUser',
            'iam:ListAttachedUserPolicies',
            'iam:ListUserPolicies',
          ],
          resources: [thisAccountsUsers()],
        }),
        new iam.PolicyStatement({
          sid: 'DeleteNewUsersWithoutMfa',
          actions: [
            'iam:DeleteLoginProfile',
            'iam:DeleteAccessKey',
            'iam:DeleteSigningCertificate',
            'iam:DeleteSSHPublicKey',
            'iam:DeleteServiceSpecificCredential',
            'iam:DetachUserPolicy',
            'iam:DeleteUserPolicy',
            'iam:DeleteUser',
          ],
          resources: [thisAccountsUsers()],
        }),
        new iam.PolicyStatement({
          sid: 'RemoveNewUsersFromGroups',
          // RemoveUserFromGroup names the group as its resource.
          actions: ['iam:RemoveUserFromGroup'],
          resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:group/*`],
        }),
      ],
      acknowledgements: [
        {
          id: wildcardResourceFinding(USERS_FINDING),
          reason:
            'Only with deleteUserOnFailure: a user created within the hour that could not be given MFA may be deleted, after removing what DeleteUser requires.',
        },
        {
          id: wildcardResourceFinding('arn:<AWS::Partition>:iam::<AWS::AccountId>:group/*'),
          reason:
            'Only with deleteUserOnFailure: the new user is removed from whichever groups it was put in, as DeleteUser requires.',
        },
      ],
    },
    {
      id: 'InitialPassword',
      parameter: MEMBER_PARAMETER_NAMES.setInitialPassword,
      statements: [
        new iam.PolicyStatement({
          sid: 'SetInitialConsolePasswords',
          // Delete only to undo a failed provisioning.
          actions: ['iam:CreateLoginProfile', 'iam:DeleteLoginProfile'],
          resources: [thisAccountsUsers()],
        }),
        new iam.PolicyStatement({
          sid: 'StoreInitialPasswords',
          actions: ['ssm:PutParameter', 'ssm:DeleteParameter'],
          resources: [passwordParameters],
        }),
      ],
      acknowledgements: [
        {
          id: wildcardResourceFinding(USERS_FINDING),
          reason: 'Only with setInitialPassword: every new user of this account may get an initial password.',
        },
        {
          id: wildcardResourceFinding(
            `arn:<AWS::Partition>:ssm:<${MEMBER_PARAMETER_NAMES.hubRegion}>:<AWS::AccountId>:parameter${INITIAL_PASSWORD_PARAMETER_PREFIX}*`,
          ),
          reason:
            'Only with setInitialPassword: one parameter per new user, under /orgmfa/initial-password/ only.',
        },
      ],
    },
    {
      id: 'SeedKeyByArn',
      parameter: MEMBER_PARAMETER_NAMES.seedKmsKeyArn,
      statements: [
        new iam.PolicyStatement({
          sid: 'EncryptSeedsWithTheCustomerManagedKey',
          actions: SEED_KEY_ACTIONS,
          resources: [props.seedKmsKeyArn],
          conditions: viaSsm(props.hubRegion),
        }),
      ],
      acknowledgements: [],
    },
    {
      id: 'SeedKeyByAlias',
      parameter: MEMBER_PARAMETER_NAMES.seedKmsKeyAlias,
      statements: [
        new iam.PolicyStatement({
          sid: 'EncryptSeedsWithTheCustomerManagedKey',
          actions: SEED_KEY_ACTIONS,
          // An alias is not a resource of these actions: the key it names is, matched by its aliases.
          resources: [thisRegionsKeys],
          conditions: {
            ...viaSsm(props.hubRegion),
            'ForAnyValue:StringEquals': { 'kms:ResourceAliases': props.seedKmsKeyAlias },
          },
        }),
      ],
      acknowledgements: [
        {
          id: wildcardResourceFinding(
            `arn:<AWS::Partition>:kms:<${MEMBER_PARAMETER_NAMES.hubRegion}>:<AWS::AccountId>:key/*`,
          ),
          reason:
            'Only the key carrying the configured alias (kms:ResourceAliases), through SSM in the hub region (kms:ViaService), to encrypt: a key is named by id, which differs in every account, while its alias is the same.',
        },
      ],
    },
  ];
}
