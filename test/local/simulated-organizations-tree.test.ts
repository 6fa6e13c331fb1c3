import {
  DescribeOrganizationalUnitCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  paginateListAccountsForParent,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { PROD_OU, ROOT, SANDBOX_OU, treeOrg, WORKLOADS } from '../helpers/tree-org';
import { simulatedOrg } from '../helpers/simulated-org';

/** Organizations' tree as the sweep's listing walks it: roots, OUs and accounts per parent, by pages. */
describe('simulated Organizations: the tree, per parent', () => {
  const organizationsOf = (prodAccounts = 2) => {
    const { clients, asHubRole, sim } = simulatedOrg(treeOrg(prodAccounts));
    return { organizations: clients.organizations(asHubRole()), sim };
  };

  test('ListRoots names the one root "Root", with its ARN', async () => {
    const { organizations } = organizationsOf();
    expect((await organizations.send(new ListRootsCommand({}))).Roots).toEqual([
      {
        Id: ROOT,
        Arn: `arn:aws:organizations::111111111111:root/o-a1b2c3d4e5/${ROOT}`,
        Name: 'Root',
        PolicyTypes: [],
      },
    ]);
  });

  test('ListOrganizationalUnitsForParent and DescribeOrganizationalUnit give OUs with their names', async () => {
    const { organizations } = organizationsOf();
    const underRoot = await organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: ROOT }),
    );
    expect(underRoot.OrganizationalUnits).toEqual([
      {
        Id: WORKLOADS,
        Arn: `arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/${WORKLOADS}`,
        Name: 'Workloads',
      },
      {
        Id: SANDBOX_OU,
        Arn: `arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/${SANDBOX_OU}`,
        Name: 'Sandbox',
      },
    ]);
    expect(
      (await organizations.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: PROD_OU })))
        .OrganizationalUnit?.Name,
    ).toBe('Prod');
    expect((await organizations.send(new ListParentsCommand({ ChildId: PROD_OU }))).Parents).toEqual([
      { Id: WORKLOADS, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
  });

  test('ListAccountsForParent lists only the parent’s own accounts, whatever their state, in pages of at most 20', async () => {
    const { organizations } = organizationsOf(45);
    const pages: string[][] = [];
    for await (const page of paginateListAccountsForParent({ client: organizations }, { ParentId: PROD_OU }))
      pages.push((page.Accounts ?? []).map((a) => `${a.Id} ${a.State}`));
    expect(pages.map((p) => p.length)).toEqual([20, 20, 8]);
    expect(pages.flat()).toContain('300000000001 SUSPENDED');
    expect(pages.flat()).toContain('300000000003 CLOSED');
    expect(pages.flat()).not.toContain('400000000001 ACTIVE');
    const workloads = await organizations.send(new ListAccountsForParentCommand({ ParentId: WORKLOADS }));
    expect(workloads.Accounts?.map((a) => a.Id)).toEqual(['400000000001']);
    expect(workloads.NextToken).toBeUndefined();
  });

  test('an account or OU added to the state after the simulation started is found (the indexes follow the state)', async () => {
    const { organizations, sim } = organizationsOf();
    sim.state.accounts.push({ ...sim.state.accounts[1]!, id: '600000000001', parentId: SANDBOX_OU });
    sim.state.organizationalUnits!.push({ id: 'ou-a1b2-late0001', parentId: SANDBOX_OU, name: 'Late' });

    const accounts = await organizations.send(new ListAccountsForParentCommand({ ParentId: SANDBOX_OU }));
    const units = await organizations.send(
      new ListOrganizationalUnitsForParentCommand({ ParentId: SANDBOX_OU }),
    );

    expect(accounts.Accounts?.map((a) => a.Id)).toEqual(['500000000001', '600000000001']);
    expect(units.OrganizationalUnits?.map((u) => u.Name)).toEqual(['Late']);
    expect(sim.account('600000000001')?.parentId).toBe(SANDBOX_OU);
  });

  test.each<[string, (o: OrganizationsClient) => Promise<unknown>, string, string]>([
    [
      'an unknown parent',
      (o) => o.send(new ListAccountsForParentCommand({ ParentId: 'ou-a1b2-missing01' })),
      'ParentNotFoundException',
      "We can't find a root or OU with the ParentId that you specified.",
    ],
    [
      'a malformed parent',
      (o) => o.send(new ListOrganizationalUnitsForParentCommand({ ParentId: 'workloads' })),
      'InvalidInputException',
      'You provided a value that does not match the required pattern.',
    ],
    [
      'MaxResults above 20',
      (o) => o.send(new ListAccountsForParentCommand({ ParentId: PROD_OU, MaxResults: 21 })),
      'InvalidInputException',
      'You provided a value that exceeds the maximum allowed value. MaxResults must be between 1 and 20.',
    ],
    [
      'an unknown OU',
      (o) => o.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: 'ou-a1b2-missing01' })),
      'OrganizationalUnitNotFoundException',
      "We can't find an OU with the OrganizationalUnitId that you specified.",
    ],
  ])('refuses %s as Organizations does', async (_case, call, name, message) => {
    const { organizations } = organizationsOf();
    await expect(call(organizations)).rejects.toMatchObject({ name, message });
  });

  test("a NextToken of another parent's listing is refused", async () => {
    const { organizations } = organizationsOf(45);
    const { NextToken } = await organizations.send(new ListAccountsForParentCommand({ ParentId: PROD_OU }));
    await expect(
      organizations.send(new ListAccountsForParentCommand({ ParentId: WORKLOADS, NextToken })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  test('only the management account or the hub may walk the tree', async () => {
    const { clients, asUser } = simulatedOrg(treeOrg());
    await expect(
      clients.organizations(asUser('400000000001', 'pat')).send(new ListRootsCommand({})),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});
