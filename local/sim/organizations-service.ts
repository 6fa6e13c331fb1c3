import { awsError } from './aws-errors';
import type { AccountFixture } from './fixture';
import { ROOT_NAME } from './organization-tree';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

/** The largest page of ListAccounts, ListAccountsForParent, ListOrganizationalUnitsForParent and ListRoots, and their page size when MaxResults is not given. */
export const LIST_ACCOUNTS_MAX_RESULTS = 20;

const ACCOUNT_ID = /^\d{12}$/;
/** Organizations' pattern of a ParentId: a root or an OU. */
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

function invalidInput(message = 'You provided a value that does not match the required pattern.'): Error {
  return awsError('organizations', 'InvalidInputException', message);
}

/**
 * Organizations: DescribeOrganization for any account of the organization (as AWS allows); the rest
 * (DescribeAccount, ListParents, ListAccounts, ListRoots, ListAccountsForParent,
 * ListOrganizationalUnitsForParent, DescribeOrganizationalUnit) answered only to the management account
 * or the delegated administrator (the hub). An account outside the organization is
 * AccountNotFoundException, an unknown parent ParentNotFoundException, as AWS answers. Listings are
 * pages of at most 20; each costs the size of its page, whatever the size of the organization.
 */
export const organizationsService: ServiceHandler = (operation, input, ctx) => {
  const { sim, caller } = ctx;
  const org = sim.state;
  if (operation === 'DescribeOrganization') {
    return {
      Organization: {
        Id: org.organizationId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${org.organizationId}`,
        FeatureSet: 'ALL',
        MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${org.managementAccountId}`,
        MasterAccountId: org.managementAccountId,
        MasterAccountEmail: `aws+${org.managementAccountId}@example.com`,
      },
    };
  }
  if (caller.accountId !== org.managementAccountId && caller.accountId !== org.hubAccountId) {
    throw awsError(
      'organizations',
      'AccessDeniedException',
      "You don't have permissions to access this resource.",
    );
  }
  const operations: Record<string, (input: Record<string, unknown>, ctx: ServiceContext) => object> = {
    DescribeAccount: describeAccount,
    ListParents: listParents,
    ListAccounts: (i, c) =>
      page('ListAccounts', '', i, c.sim.state.accounts, (a) => describe(c, a), 'Accounts'),
    ListRoots: listRoots,
    ListAccountsForParent: (i, c) => {
      const parentId = parentOf(i, c);
      return page(
        'ListAccountsForParent',
        parentId,
        i,
        c.sim.tree.accountsUnder(parentId),
        (a) => describe(c, a),
        'Accounts',
      );
    },
    ListOrganizationalUnitsForParent: (i, c) => {
      const parentId = parentOf(i, c);
      return page(
        'ListOrganizationalUnitsForParent',
        parentId,
        i,
        c.sim.tree.unitsUnder(parentId),
        (u) => unitShape(c, u),
        'OrganizationalUnits',
      );
    },
    DescribeOrganizationalUnit: describeOrganizationalUnit,
  };
  const handler = operations[operation];
  if (handler === undefined)
    throw awsError('organizations', 'InvalidAction', `organizations:${operation} is not simulated`);
  return handler(input, ctx);
};

/** An account as Organizations describes it. */
function describe({ sim }: ServiceContext, account: AccountFixture) {
  const org = sim.state;
  return {
    Id: account.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${account.id}`,
    Name: account.name,
    Email: `aws+${account.id}@example.com`,
    State: account.status,
    JoinedMethod: account.id === org.managementAccountId ? 'CREATED' : 'INVITED',
  };
}

function unitShape({ sim }: ServiceContext, unit: { id: string; name?: string }) {
  const org = sim.state;
  return {
    Id: unit.id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:ou/${org.organizationId}/${unit.id}`,
    Name: unit.name ?? unit.id,
  };
}

function describeAccount(input: Record<string, unknown>, ctx: ServiceContext): object {
  const id = String(input.AccountId ?? '');
  if (!ACCOUNT_ID.test(id)) throw invalidInput();
  const account = ctx.sim.account(id);
  if (account === undefined) {
    throw awsError(
      'organizations',
      'AccountNotFoundException',
      "You specified an account that doesn't exist.",
    );
  }
  return { Account: describe(ctx, account) };
}

function listParents(input: Record<string, unknown>, { sim }: ServiceContext): object {
  const child = String(input.ChildId ?? '');
  const parentId = sim.account(child)?.parentId ?? sim.tree.unit(child)?.parentId;
  if (parentId === undefined) {
    throw awsError(
      'organizations',
      'ChildNotFoundException',
      "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    );
  }
  return { Parents: [{ Id: parentId, Type: parentId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
}

function listRoots(input: Record<string, unknown>, { sim }: ServiceContext): object {
  maxResultsOf(input);
  const org = sim.state;
  const rootId = sim.tree.rootId;
  return {
    Roots: [
      {
        Id: rootId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.organizationId}/${rootId}`,
        Name: ROOT_NAME,
        PolicyTypes: [],
      },
    ],
  };
}

/** The ParentId of a request, which must be the root or an OU of the organization. */
function parentOf(input: Record<string, unknown>, { sim }: ServiceContext): string {
  const parentId = String(input.ParentId ?? '');
  if (!PARENT_ID.test(parentId)) throw invalidInput();
  if (!sim.tree.isParent(parentId)) {
    throw awsError(
      'organizations',
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
    );
  }
  return parentId;
}

function describeOrganizationalUnit(input: Record<string, unknown>, ctx: ServiceContext): object {
  const id = String(input.OrganizationalUnitId ?? '');
  if (!OU_ID.test(id)) throw invalidInput();
  const unit = ctx.sim.tree.unit(id);
  if (unit === undefined) {
    throw awsError(
      'organizations',
      'OrganizationalUnitNotFoundException',
      "We can't find an OU with the OrganizationalUnitId that you specified.",
    );
  }
  return { OrganizationalUnit: unitShape(ctx, unit) };
}

function maxResultsOf(input: Record<string, unknown>): number {
  const maxResults = Number(input.MaxResults ?? LIST_ACCOUNTS_MAX_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > LIST_ACCOUNTS_MAX_RESULTS) {
    throw invalidInput(
      `You provided a value that exceeds the maximum allowed value. MaxResults must be between 1 and ${LIST_ACCOUNTS_MAX_RESULTS}.`,
    );
  }
  return maxResults;
}

/**
 * One page of a listing. The NextToken is opaque to callers; a token that this listing (the same
 * operation, of the same parent) did not issue is InvalidInputException, and MaxResults above 20 is
 * refused as Organizations refuses it. Only the page's items are described.
 */
function page<T>(
  operation: string,
  parentId: string,
  input: Record<string, unknown>,
  items: readonly T[],
  shape: (item: T) => object,
  key: string,
): object {
  const maxResults = maxResultsOf(input);
  const listing = `${operation}/${parentId}`;
  const token = input.NextToken;
  const start = token === undefined ? 0 : decodeToken(token, listing);
  if (start === undefined || start > items.length) {
    throw invalidInput(
      'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
    );
  }
  const next = start + maxResults;
  return {
    [key]: items.slice(start, next).map(shape),
    ...(next < items.length ? { NextToken: encodeToken(next, listing) } : {}),
  };
}

const TOKEN_PREFIX = 'orgmfa-sim-organizations:';

function encodeToken(offset: number, listing: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${listing}:${offset}`).toString('base64');
}

function decodeToken(token: unknown, listing: string): number | undefined {
  const text = Buffer.from(String(token), 'base64').toString('utf8');
  const prefix = `${TOKEN_PREFIX}${listing}:`;
  if (!text.startsWith(prefix)) return undefined;
  const offset = Number(text.slice(prefix.length));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}
