import { awsError } from './aws-errors';
import type { ServiceHandler } from './simulated-aws';

/**
 * Organizations: DescribeAccount and ListAccounts, answered only to the management account or the
 * delegated administrator (the hub). An account outside the organization is AccountNotFoundException,
 * as AWS answers.
 */
export const organizationsService: ServiceHandler = (operation, input, { sim, caller }) => {
  const org = sim.state;
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
    default:
      throw awsError('organizations', 'InvalidAction', `organizations:${operation} is not simulated`);
  }
};
