import { awsError } from './aws-errors';
import type { ServiceHandler } from './simulated-aws';

/** ListAccounts' largest page, and its page size when MaxResults is not given. */
export const LIST_ACCOUNTS_MAX_RESULTS = 20;

/**
 * Organizations: DescribeOrganization for any account of the organization (as AWS allows); DescribeAccount,
 * ListParents and ListAccounts answered only to the management account or the delegated administrator
 * (the hub). An account outside the organization is AccountNotFoundException, as AWS answers.
 */
export const organizationsService: ServiceHandler = (operation, input, { sim, caller }) => {
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
  const describe = (id: string) => {
    const account = sim.account(id);
    if (account === undefined) {
      throw awsError(
        'organizations',
        'AccountNotFoundException',
        "You specified an account that doesn't exist.",
      );
    }
    return {
      Id: account.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${org.organizationId}/${account.id}`,
      Name: account.name,
      Email: `aws+${account.id}@example.com`,
      State: account.status,
      JoinedMethod: account.id === org.managementAccountId ? 'CREATED' : 'INVITED',
    };
  };
  switch (operation) {
    case 'DescribeAccount': {
      const id = String(input.AccountId ?? '');
      if (!/^\d{12}$/.test(id)) {
        throw awsError(
          'organizations',
          'InvalidInputException',
          'You provided a value that does not match the required pattern.',
        );
      }
      return { Account: describe(id) };
    }
    case 'ListParents': {
      const child = String(input.ChildId ?? '');
      const parentId =
        sim.account(child)?.parentId ?? org.organizationalUnits?.find((ou) => ou.id === child)?.parentId;
      if (parentId === undefined) {
        throw awsError(
          'organizations',
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      }
      return {
        Parents: [{ Id: parentId, Type: parentId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }],
      };
    }
    case 'ListAccounts':
      return listAccounts(
        input,
        org.accounts.map((a) => describe(a.id)),
      );
    default:
      throw awsError('organizations', 'InvalidAction', `organizations:${operation} is not simulated`);
  }
};

/**
 * One page of ListAccounts. The NextToken is opaque to callers; a token that this listing did not
 * issue is InvalidInputException, and MaxResults above 20 is refused as Organizations refuses it.
 */
function listAccounts(input: Record<string, unknown>, accounts: object[]): object {
  const maxResults = Number(input.MaxResults ?? LIST_ACCOUNTS_MAX_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > LIST_ACCOUNTS_MAX_RESULTS) {
    throw awsError(
      'organizations',
      'InvalidInputException',
      `You provided a value that exceeds the maximum allowed value. MaxResults must be between 1 and ${LIST_ACCOUNTS_MAX_RESULTS}.`,
    );
  }
  const token = input.NextToken;
  const start = token === undefined ? 0 : decodeToken(token);
  if (start === undefined || start > accounts.length) {
    throw awsError(
      'organizations',
      'InvalidInputException',
      'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.',
    );
  }
  const next = start + maxResults;
  return {
    Accounts: accounts.slice(start, next),
    ...(next < accounts.length ? { NextToken: encodeToken(next) } : {}),
  };
}

const TOKEN_PREFIX = 'orgmfa-sim-accounts:';

function encodeToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`).toString('base64');
}

function decodeToken(token: unknown): number | undefined {
  const text = Buffer.from(String(token), 'base64').toString('utf8');
  if (!text.startsWith(TOKEN_PREFIX)) return undefined;
  const offset = Number(text.slice(TOKEN_PREFIX.length));
  return Number.isInteger(offset) && offset >= 0 ? offset : undefined;
}
