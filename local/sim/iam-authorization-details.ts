import { awsError } from './aws-errors';
import { findUser, page, tagList, userSummary, type IamOperation } from './iam-entities';
import type { ServiceContext } from './simulated-aws';

/**
 * `GetAccountAuthorizationDetails` and `ListUserTags`: the account's users with their tags in pages
 * (MaxItems 1 to 1000, default 100, Marker, IsTruncated). The simulation has no groups, roles or
 * policies of its own, so those lists are empty.
 */
export const AUTHORIZATION_DETAILS_OPERATIONS: Record<string, IamOperation> = {
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  ListUserTags: listUserTags,
};

const ENTITY_TYPES = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'] as const;

function getAccountAuthorizationDetails(input: Record<string, unknown>, { account }: ServiceContext): object {
  const filter = (input.Filter ?? []) as unknown[];
  if (!Array.isArray(filter)) throw awsError('iam', 'ValidationError', 'Filter must be a list.');
  filter.forEach((type, i) => {
    if (!ENTITY_TYPES.includes(type as (typeof ENTITY_TYPES)[number])) {
      throw awsError(
        'iam',
        'ValidationError',
        `1 validation error detected: Value '${String(type)}' at 'filter.${i + 1}.member' failed to satisfy constraint: Member must satisfy enum value set: [${ENTITY_TYPES.join(', ')}]`,
      );
    }
  });
  const users = filter.length === 0 || filter.includes('User') ? account.iam.users : [];
  const { page: selected, ...paging } = page(users, input);
  return {
    UserDetailList: selected.map((user) => ({
      ...userSummary(account, user),
      UserPolicyList: [],
      GroupList: [],
      AttachedManagedPolicies: [],
      ...(Object.keys(user.tags).length === 0 ? {} : { Tags: tagList(user.tags) }),
    })),
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
    ...paging,
  };
}

function listUserTags(input: Record<string, unknown>, { account }: ServiceContext): object {
  const user = findUser(account, input.UserName);
  const { page: tags, ...paging } = page(tagList(user.tags), input);
  return { Tags: tags, ...paging };
}
