import { ListAccountsCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import type { OrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

/** The three-account organization plus 22 members: 25 accounts. */
function bigOrg(): OrganizationFixture {
  const fixture = orgFixture();
  for (let i = 0; i < 22; i++) {
    fixture.accounts.push({
      id: String(400000000000 + i),
      name: `member-${i}`,
      status: i === 3 ? 'SUSPENDED' : 'ACTIVE',
      parentId: 'ou-a1b2-workload1',
      memberStack: true,
      iam: { users: [], virtualMfaDevices: [] },
    });
  }
  return fixture;
}

describe('simulated Organizations ListAccounts', () => {
  test('GIVEN 25 accounts WHEN listed by the management account with the paginator THEN pages of at most 20 hold every account once', async () => {
    const { clients, asHubRole } = simulatedOrg(bigOrg());
    const organizations = clients.organizations(asHubRole());
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) {
      pages.push(page.Accounts?.length ?? 0);
      ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    }
    expect(pages).toEqual([20, 5]);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toContain('400000000021');
  });

  test('MaxResults pages the listing with NextToken', async () => {
    const { clients, asHubRole } = simulatedOrg(bigOrg());
    const organizations = clients.organizations(asHubRole());
    const first = await organizations.send(new ListAccountsCommand({ MaxResults: 10 }));
    expect(first.Accounts).toHaveLength(10);
    expect(first.NextToken).toBeDefined();
    const sizes = [first.Accounts!.length];
    let token = first.NextToken;
    while (token !== undefined) {
      const page = await organizations.send(new ListAccountsCommand({ MaxResults: 10, NextToken: token }));
      sizes.push(page.Accounts!.length);
      token = page.NextToken;
    }
    expect(sizes).toEqual([10, 10, 5]);
  });

  test('each account has Id, Arn, Name, Email, State and JoinedMethod', async () => {
    const { clients, asHubRole } = simulatedOrg(bigOrg());
    const page = await clients.organizations(asHubRole()).send(new ListAccountsCommand({}));
    expect(page.Accounts?.[0]).toEqual({
      Id: '111111111111',
      Arn: 'arn:aws:organizations::111111111111:account/o-a1b2c3d4e5/111111111111',
      Name: 'management',
      Email: 'aws+111111111111@example.com',
      State: 'ACTIVE',
      JoinedMethod: 'CREATED',
    });
    expect(page.Accounts?.find((a) => a.Id === '400000000003')).toMatchObject({
      State: 'SUSPENDED',
      JoinedMethod: 'INVITED',
    });
  });

  test('MaxResults above 20 is InvalidInputException', async () => {
    const { clients, asHubRole } = simulatedOrg(bigOrg());
    await expect(
      clients.organizations(asHubRole()).send(new ListAccountsCommand({ MaxResults: 21 })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  test('a NextToken the service did not issue is InvalidInputException', async () => {
    const { clients, asHubRole } = simulatedOrg(bigOrg());
    await expect(
      clients.organizations(asHubRole()).send(new ListAccountsCommand({ NextToken: 'made-up' })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  test('a member account is AccessDeniedException, as for DescribeAccount', async () => {
    const { clients, asUser } = simulatedOrg(bigOrg());
    await expect(
      clients.organizations(asUser('222222222222', 'alice')).send(new ListAccountsCommand({})),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: "You don't have permissions to access this resource.",
    });
  });
});
