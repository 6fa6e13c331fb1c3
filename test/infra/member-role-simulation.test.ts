import { ALLOW_EVERYTHING, simulate } from './support/iam-simulation';
import { HUB_ROLE_NAMES, TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import {
  deployedCleanUpOrphanRole,
  deployedHubRole,
  deployedMemberRole,
  type DeployedMemberRole,
} from './support/deployed-policies';
import { ACCOUNTS, ORGANIZATION_ID, OTHER_ORGANIZATION_ID, testConfig } from './support/test-config';

/**
 * The member role's trust and permissions, as deployed from the StackSet template, evaluated by an IAM
 * policy simulator for requests that must be allowed and requests that must be denied.
 */
describe('member role (IAM simulation)', () => {
  const config = testConfig();
  let memberRole: DeployedMemberRole;
  let worker: { arn: string; policies: Record<string, unknown>[] };
  beforeAll(() => {
    memberRole = deployedMemberRole(config, ACCOUNTS.member);
    worker = deployedCleanUpOrphanRole(config);
  });

  /** sts:AssumeRole on the member role, by `principal` with the given identity policies and org. */
  function assumeMemberRole(
    principal: string,
    principalOrgId: string | undefined,
    identityPolicies: Record<string, unknown>[],
  ) {
    return simulate({
      principal,
      action: 'sts:AssumeRole',
      resource: memberRole.arn,
      resourceAccount: ACCOUNTS.member,
      context: {
        'aws:PrincipalArn': principal,
        'aws:PrincipalAccount': principal.split(':')[4]!,
        ...(principalOrgId === undefined ? {} : { 'aws:PrincipalOrgID': principalOrgId }),
        'aws:ResourceOrgID': ORGANIZATION_ID,
      },
      identityPolicies,
      resourcePolicy: memberRole.trust,
    });
  }

  describe('trust', () => {
    test("allows the hub's cleanup-orphan role, from the organization, with its deployed policies", async () => {
      const verdict = await assumeMemberRole(worker.arn, ORGANIZATION_ID, worker.policies);
      expect(verdict.result).toBe('Allowed');
    });

    test.each([HUB_ROLE_NAMES.evaluateUser, HUB_ROLE_NAMES.sweepAccount])(
      'allows the compliance role %s, from the organization, with its deployed policies',
      async (roleName) => {
        // GIVEN the hub role as the hub template deploys it
        const role = deployedHubRole(config, roleName);

        // WHEN / THEN
        expect((await assumeMemberRole(role.arn, ORGANIZATION_ID, role.policies)).result).toBe('Allowed');
      },
    );

    test('trusts exactly the four hub roles that work in member accounts', () => {
      expect(TRUSTED_HUB_ROLE_NAMES).toEqual([
        HUB_ROLE_NAMES.cleanUpOrphan,
        HUB_ROLE_NAMES.provisionMfa,
        HUB_ROLE_NAMES.evaluateUser,
        HUB_ROLE_NAMES.sweepAccount,
      ]);
    });

    test.each([HUB_ROLE_NAMES.listAccounts, HUB_ROLE_NAMES.summarizeSweep])(
      'denies the hub-only role %s, even one allowed everything',
      async (roleName) => {
        const verdict = await assumeMemberRole(
          `arn:aws:iam::${ACCOUNTS.hub}:role/${roleName}`,
          ORGANIZATION_ID,
          [ALLOW_EVERYTHING],
        );
        expect(verdict.result).toBe('ImplicitlyDenied');
      },
    );

    test('denies another role of the hub account, even one allowed everything', async () => {
      const verdict = await assumeMemberRole(
        `arn:aws:iam::${ACCOUNTS.hub}:role/Administrator`,
        ORGANIZATION_ID,
        [ALLOW_EVERYTHING],
      );
      expect(verdict.result).toBe('ImplicitlyDenied');
      expect(verdict.resource).not.toBe('Allowed');
    });

    test('denies a role of the same name in another account of the organization', async () => {
      const verdict = await assumeMemberRole(
        `arn:aws:iam::${ACCOUNTS.outsider}:role/orgmfa-cleanup-orphan`,
        ORGANIZATION_ID,
        [ALLOW_EVERYTHING],
      );
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test.each([
      ['another organization', OTHER_ORGANIZATION_ID],
      ['no organization', undefined],
    ])('denies the trusted role ARN when its account is in %s', async (_case, principalOrgId) => {
      const verdict = await assumeMemberRole(worker.arn, principalOrgId, [ALLOW_EVERYTHING]);
      expect(verdict.result).toBe('ImplicitlyDenied');
    });
  });

  describe('permissions', () => {
    const session = `arn:aws:sts::${ACCOUNTS.member}:assumed-role/OrgMfaMemberRole/orgmfa`;

    function memberRoleCall(action: string, resource: string, resourceAccount: string = ACCOUNTS.member) {
      return simulate({
        principal: session,
        action,
        resource,
        resourceAccount,
        context: { 'aws:PrincipalArn': memberRole.arn, 'aws:PrincipalAccount': ACCOUNTS.member },
        identityPolicies: memberRole.permissions,
      });
    }

    test('allow deleting a virtual MFA device of its own account', async () => {
      const verdict = await memberRoleCall(
        'iam:DeleteVirtualMFADevice',
        `arn:aws:iam::${ACCOUNTS.member}:mfa/x`,
      );
      expect(verdict.result).toBe('Allowed');
    });

    test('allow deleting a device under a path, as a user may name it', async () => {
      const verdict = await memberRoleCall(
        'iam:DeleteVirtualMFADevice',
        `arn:aws:iam::${ACCOUNTS.member}:mfa/team/alice-phone`,
      );
      expect(verdict.result).toBe('Allowed');
    });

    test('allow listing virtual MFA devices', async () => {
      const verdict = await memberRoleCall('iam:ListVirtualMFADevices', '*');
      expect(verdict.result).toBe('Allowed');
    });

    test("deny deleting another account's device", async () => {
      const verdict = await memberRoleCall(
        'iam:DeleteVirtualMFADevice',
        `arn:aws:iam::${ACCOUNTS.outsider}:mfa/x`,
        ACCOUNTS.outsider,
      );
      expect(verdict.result).toBe('ImplicitlyDenied');
      // Not only because it is cross-account: the role's own policy does not cover it.
      expect(verdict.identity).toBe('ImplicitlyDenied');
    });

    const seed = (user: string) =>
      `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/seed/${user}`;

    test.each([
      ['iam:CreateVirtualMFADevice', `arn:aws:iam::${ACCOUNTS.member}:mfa/alice`],
      ['iam:TagMFADevice', `arn:aws:iam::${ACCOUNTS.member}:mfa/alice`],
      ['iam:GetUser', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
      ['iam:ListMFADevices', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
      ['iam:EnableMFADevice', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
      ['ssm:PutParameter', seed('AIDAALICE00000000001')],
      // Only to undo a failed provisioning.
      ['ssm:DeleteParameter', seed('AIDAALICE00000000001')],
      ['iam:DeleteVirtualMFADevice', `arn:aws:iam::${ACCOUNTS.member}:mfa/corp-alice@example.com`],
      // Whose is a device in the way of the new user's: orgmfa's own for that user, or a stale one.
      ['iam:ListMFADeviceTags', `arn:aws:iam::${ACCOUNTS.member}:mfa/corp-alice@example.com`],
    ])('allow provisioning: %s', async (action, resource) => {
      expect((await memberRoleCall(action, resource)).result).toBe('Allowed');
    });

    test.each([
      ['iam:ListMFADeviceTags', `arn:aws:iam::${ACCOUNTS.outsider}:mfa/alice`, ACCOUNTS.outsider],
      ['iam:ListUserTags', `arn:aws:iam::${ACCOUNTS.member}:user/alice`, ACCOUNTS.member],
      ['iam:UntagMFADevice', `arn:aws:iam::${ACCOUNTS.member}:mfa/alice`, ACCOUNTS.member],
    ])(
      'deny reading or removing tags beyond its own devices: %s on %s',
      async (action, resource, account) => {
        const verdict = await memberRoleCall(action, resource, account);
        expect(verdict.identity).toBe('ImplicitlyDenied');
      },
    );

    const user = (name: string, account: string = ACCOUNTS.member) => `arn:aws:iam::${account}:user/${name}`;

    test.each([
      ['iam:GenerateCredentialReport', '*'],
      ['iam:GetCredentialReport', '*'],
      ['iam:GetAccountAuthorizationDetails', '*'],
      ['iam:GetAccountSummary', '*'],
      ['iam:GetUser', user('alice')],
      ['iam:GetLoginProfile', user('alice')],
      ['iam:ListAccessKeys', user('alice')],
      ['iam:ListMFADevices', user('alice')],
      ['iam:TagMFADevice', `arn:aws:iam::${ACCOUNTS.member}:mfa/abandoned-phone`],
    ])('allow evaluating compliance: %s', async (action, resource) => {
      expect((await memberRoleCall(action, resource)).result).toBe('Allowed');
    });

    const product = (region: string, account: string, owner: string = account) =>
      `arn:aws:securityhub:${region}:${account}:product/${owner}/default`;

    test("allow importing findings into its own account's default product, in the hub's region", async () => {
      const verdict = await memberRoleCall(
        'securityhub:BatchImportFindings',
        product(config.hubRegion, ACCOUNTS.member),
      );
      expect(verdict.result).toBe('Allowed');
    });

    test.each([
      ["another account's default product", product(config.hubRegion, ACCOUNTS.outsider)],
      [
        "its own account's product of another account's name",
        product(config.hubRegion, ACCOUNTS.member, ACCOUNTS.outsider),
      ],
      ['its own default product in another region', product('ap-south-1', ACCOUNTS.member)],
      [
        "another of its own account's products",
        `${product(config.hubRegion, ACCOUNTS.member).replace(/default$/, 'other')}`,
      ],
    ])('deny importing findings into %s', async (_label, resource) => {
      const verdict = await memberRoleCall(
        'securityhub:BatchImportFindings',
        resource,
        resource.split(':')[4],
      );
      expect(verdict.identity).toBe('ImplicitlyDenied');
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test.each([
      ['iam:GetLoginProfile', user('alice', ACCOUNTS.outsider)],
      ['iam:ListAccessKeys', user('alice', ACCOUNTS.outsider)],
      ['iam:UpdateAccessKey', user('alice')],
      ['iam:UpdateLoginProfile', user('alice')],
      ['securityhub:BatchUpdateFindings', '*'],
    ])('deny beyond evaluating: %s on %s', async (action, resource) => {
      const verdict = await memberRoleCall(action, resource, resource.split(':')[4] || ACCOUNTS.member);
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    const hub = (region: string, account: string) => `arn:aws:securityhub:${region}:${account}:hub/default`;

    test("allow reading its own account's findings back, from its hub in the hub's region", async () => {
      const verdict = await memberRoleCall('securityhub:GetFindings', hub(config.hubRegion, ACCOUNTS.member));
      expect(verdict.result).toBe('Allowed');
    });

    test.each([
      ["another account's hub", hub(config.hubRegion, ACCOUNTS.outsider)],
      ['its own hub in another region', hub('ap-south-1', ACCOUNTS.member)],
    ])('deny reading findings from %s', async (_label, resource) => {
      const verdict = await memberRoleCall('securityhub:GetFindings', resource, resource.split(':')[4]);
      expect(verdict.identity).toBe('ImplicitlyDenied');
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test.each([
      [
        'iam:DeleteUser (deleteUserOnFailure is off)',
        'iam:DeleteUser',
        `arn:aws:iam::${ACCOUNTS.member}:user/alice`,
      ],
      ['iam:CreateAccessKey', 'iam:CreateAccessKey', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
      ['iam:CreateLoginProfile', 'iam:CreateLoginProfile', `arn:aws:iam::${ACCOUNTS.member}:user/alice`],
      ['reading a seed back (the hub only writes seeds)', 'ssm:GetParameter', seed('AIDAALICE00000000001')],
      [
        'deactivating a device (enabling is the last step: there is never one to undo)',
        'iam:DeactivateMFADevice',
        `arn:aws:iam::${ACCOUNTS.member}:user/alice`,
      ],
      [
        'deleting a parameter outside /orgmfa/seed/',
        'ssm:DeleteParameter',
        `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/app/db-password`,
      ],
      [
        'using any KMS key directly (SSM default key needs nothing)',
        'kms:Decrypt',
        `arn:aws:kms:${config.hubRegion}:${ACCOUNTS.member}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      ],
      [
        'writing a parameter outside /orgmfa/seed/',
        'ssm:PutParameter',
        `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/app/db-password`,
      ],
      [
        'reading another parameter',
        'ssm:GetParameter',
        `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/app/db-password`,
      ],
      [
        'writing a seed in another region',
        'ssm:PutParameter',
        `arn:aws:ssm:ap-south-1:${ACCOUNTS.member}:parameter/orgmfa/seed/alice`,
      ],
      [
        'enabling a device of another account',
        'iam:EnableMFADevice',
        `arn:aws:iam::${ACCOUNTS.outsider}:user/alice`,
      ],
    ])('deny %s', async (_label, action, resource) => {
      const verdict = await memberRoleCall(action, resource, resource.split(':')[4]);
      expect(verdict.result).toBe('ImplicitlyDenied');
    });

    test('with setInitialPassword, and only then, the role may set a console password and store it', async () => {
      const withPassword = deployedMemberRole(
        { ...config, provisioning: { ...config.provisioning, setInitialPassword: true } },
        ACCOUNTS.member,
      );
      const call = (identityPolicies: typeof memberRole.permissions, action: string, resource: string) =>
        simulate({
          principal: session,
          action,
          resource,
          resourceAccount: ACCOUNTS.member,
          context: { 'aws:PrincipalArn': memberRole.arn, 'aws:PrincipalAccount': ACCOUNTS.member },
          identityPolicies,
        });
      const user = `arn:aws:iam::${ACCOUNTS.member}:user/dave`;
      const parameter = `arn:aws:ssm:${config.hubRegion}:${ACCOUNTS.member}:parameter/orgmfa/initial-password/AIDADAVE000000000001`;
      expect((await call(withPassword.permissions, 'iam:CreateLoginProfile', user)).result).toBe('Allowed');
      expect((await call(withPassword.permissions, 'ssm:PutParameter', parameter)).result).toBe('Allowed');
      expect((await call(withPassword.permissions, 'ssm:GetParameter', parameter)).result).toBe(
        'ImplicitlyDenied',
      );
      expect((await call(memberRole.permissions, 'iam:CreateLoginProfile', user)).result).toBe(
        'ImplicitlyDenied',
      );
      expect((await call(memberRole.permissions, 'ssm:PutParameter', parameter)).result).toBe(
        'ImplicitlyDenied',
      );
    });

    describe('with deleteUserOnFailure, and only then, the role may read and remove what DeleteUser requires, and delete the user', () => {
      const userArn = `arn:aws:iam::${ACCOUNTS.member}:user/new@example.com`;
      const groupArn = `arn:aws:iam::${ACCOUNTS.member}:group/developers`;
      const asRole = (identityPolicies: typeof memberRole.permissions, action: string, resource: string) =>
        simulate({
          principal: session,
          action,
          resource,
          resourceAccount: resource.split(':')[4]!,
          context: { 'aws:PrincipalArn': memberRole.arn, 'aws:PrincipalAccount': ACCOUNTS.member },
          identityPolicies,
        });
      test.each([
        ['iam:GetLoginProfile', userArn],
        ['iam:ListAccessKeys', userArn],
        ['iam:ListMFADevices', userArn],
        ['iam:ListSigningCertificates', userArn],
        ['iam:ListSSHPublicKeys', userArn],
        ['iam:ListServiceSpecificCredentials', userArn],
        ['iam:ListGroupsForUser', userArn],
        ['iam:ListAttachedUserPolicies', userArn],
        ['iam:ListUserPolicies', userArn],
        ['iam:DeleteLoginProfile', userArn],
        ['iam:DeleteAccessKey', userArn],
        ['iam:DeleteSigningCertificate', userArn],
        ['iam:DeleteSSHPublicKey', userArn],
        ['iam:DeleteServiceSpecificCredential', userArn],
        ['iam:RemoveUserFromGroup', groupArn],
        ['iam:DetachUserPolicy', userArn],
        ['iam:DeleteUserPolicy', userArn],
        ['iam:DeleteUser', userArn],
      ])('%s', async (action, resource) => {
        const withDeletion = deployedMemberRole(
          { ...config, provisioning: { ...config.provisioning, deleteUserOnFailure: true } },
          ACCOUNTS.member,
        );
        expect((await asRole(withDeletion.permissions, action, resource)).result).toBe('Allowed');
        // Reads the role has anyway; every removal only with the option.
        const without = (await asRole(memberRole.permissions, action, resource)).result;
        expect(without).toBe(
          /^iam:(GetLoginProfile|ListAccessKeys|ListMFADevices)$/.test(action)
            ? 'Allowed'
            : 'ImplicitlyDenied',
        );
      });

      test.each([
        ['iam:DeactivateMFADevice', userArn],
        ['iam:DeleteUser', `arn:aws:iam::${ACCOUNTS.outsider}:user/new@example.com`],
        ['iam:RemoveUserFromGroup', `arn:aws:iam::${ACCOUNTS.outsider}:group/developers`],
        ['iam:AddUserToGroup', groupArn],
        ['iam:AttachUserPolicy', userArn],
      ])('but never %s on %s', async (action, resource) => {
        const withDeletion = deployedMemberRole(
          { ...config, provisioning: { ...config.provisioning, deleteUserOnFailure: true } },
          ACCOUNTS.member,
        );
        expect((await asRole(withDeletion.permissions, action, resource)).identity).toBe('ImplicitlyDenied');
      });
    });

    describe('with a customer managed key for seeds, and only then, the role may encrypt with exactly that key, through SSM', () => {
      const key = (id: string, account: string = ACCOUNTS.member, region: string = config.hubRegion) =>
        `arn:aws:kms:${region}:${account}:key/${id}`;
      const SEED_KEY = key('1234abcd-12ab-34cd-56ef-1234567890ab');
      const OTHER_KEY = key('99999999-12ab-34cd-56ef-1234567890ab');
      const viaSsm = { 'kms:ViaService': `ssm.${config.hubRegion}.amazonaws.com` };
      const roleWithKey = (seedKmsKeyId: string) =>
        deployedMemberRole(
          { ...config, provisioning: { ...config.provisioning, seedKmsKeyId } },
          ACCOUNTS.member,
        );
      const call = (
        role: DeployedMemberRole,
        action: string,
        resource: string,
        context: Record<string, string | string[]>,
      ) =>
        simulate({
          principal: session,
          action,
          resource,
          resourceAccount: resource.split(':')[4]!,
          context: {
            'aws:PrincipalArn': memberRole.arn,
            'aws:PrincipalAccount': ACCOUNTS.member,
            ...context,
          },
          identityPolicies: role.permissions,
        });

      // KMS also needs the key's own policy to allow (test/infra/seed-key-policy-simulation.test.ts): the
      // simulator rightly denies without one, so these check what the role's identity policies say.
      test.each([
        ['by ARN', SEED_KEY, {}],
        ['by alias', 'alias/orgmfa-seeds', { 'kms:ResourceAliases': ['alias/orgmfa-seeds'] }],
      ])(
        '%s: Encrypt and GenerateDataKey through SSM on that key; nothing else',
        async (_label, seedKmsKeyId, aliases) => {
          const role = roleWithKey(seedKmsKeyId);
          for (const action of ['kms:Encrypt', 'kms:GenerateDataKey']) {
            expect((await call(role, action, SEED_KEY, { ...viaSsm, ...aliases })).identity).toBe('Allowed');
            // Not directly, not another key (another alias), not without the option.
            expect((await call(role, action, SEED_KEY, { ...aliases })).identity).toBe('ImplicitlyDenied');
            expect(
              (await call(role, action, OTHER_KEY, { ...viaSsm, 'kms:ResourceAliases': ['alias/other'] }))
                .result,
            ).toBe('ImplicitlyDenied');
            expect((await call(memberRole, action, SEED_KEY, { ...viaSsm, ...aliases })).identity).toBe(
              'ImplicitlyDenied',
            );
          }
          // Never decrypt: the hub writes seeds, it never reads one back.
          expect((await call(role, 'kms:Decrypt', SEED_KEY, { ...viaSsm, ...aliases })).identity).toBe(
            'ImplicitlyDenied',
          );
        },
      );

      test('by alias: the key of that alias in another region is not covered', async () => {
        const role = roleWithKey('alias/orgmfa-seeds');
        const elsewhere = key('1234abcd-12ab-34cd-56ef-1234567890ab', ACCOUNTS.member, 'ap-south-1');
        const verdict = await call(role, 'kms:GenerateDataKey', elsewhere, {
          'kms:ViaService': 'ssm.ap-south-1.amazonaws.com',
          'kms:ResourceAliases': ['alias/orgmfa-seeds'],
        });
        expect(verdict.identity).toBe('ImplicitlyDenied');
      });
    });
  });
});
