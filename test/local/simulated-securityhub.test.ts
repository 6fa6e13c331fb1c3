import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  paginateGetFindings,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const HUB = '111111111111';
const PROD = '222222222222';
const SANDBOX = '333333333333';
const REGION = 'us-east-1';
const product = (account: string, region = REGION) =>
  `arn:aws:securityhub:${region}:${account}:product/${account}/default`;

/** A valid ASFF finding about a user of `account`, as orgmfa imports it. */
function finding(
  id: string,
  overrides: Partial<AwsSecurityFinding> = {},
  account = PROD,
): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: product(account),
    GeneratorId: 'ORGMFA.1',
    AwsAccountId: account,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: '2026-11-21T09:00:00.000Z',
    UpdatedAt: '2026-11-21T09:00:00.000Z',
    Severity: { Label: 'HIGH' },
    Title: 'IAM user with a console password has no MFA device',
    Description: 'alice can sign in to the console without MFA.',
    Resources: [
      { Type: 'AwsIamUser', Id: `arn:aws:iam::${account}:user/alice`, Partition: 'aws', Region: REGION },
    ],
    Compliance: { Status: 'FAILED' },
    RecordState: 'ACTIVE',
    ...overrides,
  };
}

/** An organization where Security Hub is enabled in the hub and prod accounts, not in sandbox. */
function securityHubOrg() {
  const fixture = orgFixture();
  fixture.accounts[0]!.securityHub = { enabled: true, findings: [] };
  fixture.accounts[1]!.securityHub = { enabled: true, findings: [] };
  return simulatedOrg(fixture);
}

/** Security Hub as orgmfa's member role in `account` sees it. */
function memberSecurityHub(org: ReturnType<typeof simulatedOrg>, account: string) {
  return org.clients.securityHub({
    accountId: account,
    credentials: org.sim.issueSession(account, 'OrgMfaMemberRole', 'orgmfa-sweep'),
  });
}

const stored = (org: ReturnType<typeof simulatedOrg>, account = PROD) =>
  (org.sim.account(account)?.securityHub?.findings ?? []) as AwsSecurityFinding[];

describe('simulated Security Hub: the same-account import rule', () => {
  test('GIVEN findings of the caller’s own account and default product WHEN imported THEN all succeed and are stored as imported', async () => {
    const org = securityHubOrg();
    const out = await memberSecurityHub(org, PROD).send(
      new BatchImportFindingsCommand({ Findings: [finding('f-1'), finding('f-2')] }),
    );
    expect(out).toMatchObject({ FailedCount: 0, SuccessCount: 2, FailedFindings: [] });
    expect(stored(org).map((f) => f.Id)).toEqual(['f-1', 'f-2']);
    // What Security Hub fills in for a custom integration's new finding.
    expect(stored(org)[0]).toMatchObject({
      ...finding('f-1'),
      ProductName: 'Default',
      CompanyName: 'Personal',
      Region: REGION,
      Workflow: { Status: 'NEW' },
    });
  });

  test.each([
    [
      'a finding whose AwsAccountId is another account',
      finding('f-x', { AwsAccountId: SANDBOX }),
      product(PROD),
    ],
    [
      'a finding with another account’s default product ARN',
      finding('f-x', { ProductArn: product(SANDBOX) }),
      product(SANDBOX),
    ],
    [
      'a finding with the default product ARN of another region',
      finding('f-x', { ProductArn: product(PROD, 'eu-west-1') }),
      product(PROD, 'eu-west-1'),
    ],
    [
      'a finding with a partner product ARN',
      finding('f-x', { ProductArn: `arn:aws:securityhub:${REGION}::product/prowler/prowler` }),
      `arn:aws:securityhub:${REGION}::product/prowler/prowler`,
    ],
  ])(
    'GIVEN a batch with %s WHEN imported THEN the whole request is AccessDeniedException and nothing is stored',
    async (_label, foreign, resource) => {
      const org = securityHubOrg();
      await expect(
        memberSecurityHub(org, PROD).send(
          new BatchImportFindingsCommand({ Findings: [finding('f-1'), foreign] }),
        ),
      ).rejects.toMatchObject({
        name: 'AccessDeniedException',
        message: `User: arn:aws:sts::${PROD}:assumed-role/OrgMfaMemberRole/orgmfa-sweep is not authorized to perform: securityhub:BatchImportFindings on resource: ${resource}`,
      });
      expect(stored(org)).toEqual([]);
    },
  );

  test('GIVEN the hub account WHEN it imports a member account’s finding itself THEN it is denied and the member’s Security Hub is unchanged', async () => {
    const org = securityHubOrg();
    await expect(
      memberSecurityHub(org, HUB).send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(stored(org, PROD)).toEqual([]);
    expect(stored(org, HUB)).toEqual([]);
  });
});

describe('simulated Security Hub: updates need a later UpdatedAt', () => {
  async function importedOnce() {
    const org = securityHubOrg();
    const hub = memberSecurityHub(org, PROD);
    await hub.send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));
    return { org, hub };
  }

  test.each([
    ['the same UpdatedAt', '2026-11-21T09:00:00.000Z'],
    ['an earlier UpdatedAt', '2026-11-21T08:59:59.999Z'],
  ])(
    'GIVEN a stored finding WHEN re-imported with %s THEN the update is ignored',
    async (_label, updatedAt) => {
      const { org, hub } = await importedOnce();
      const out = await hub.send(
        new BatchImportFindingsCommand({
          Findings: [
            finding('f-1', {
              UpdatedAt: updatedAt,
              Compliance: { Status: 'PASSED' },
              RecordState: 'ARCHIVED',
            }),
          ],
        }),
      );
      // Security Hub ignores such an update without reporting it as failed.
      expect(out).toMatchObject({ FailedCount: 0, SuccessCount: 1 });
      expect(stored(org)).toHaveLength(1);
      expect(stored(org)[0]).toMatchObject({
        UpdatedAt: '2026-11-21T09:00:00.000Z',
        Compliance: { Status: 'FAILED' },
        RecordState: 'ACTIVE',
      });
    },
  );

  test('GIVEN a stored finding WHEN re-imported with a later UpdatedAt as PASSED and ARCHIVED THEN it is resolved in place', async () => {
    const { org, hub } = await importedOnce();
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('f-1', {
            UpdatedAt: '2026-11-21T09:00:00.001Z',
            Compliance: { Status: 'PASSED' },
            RecordState: 'ARCHIVED',
          }),
        ],
      }),
    );
    expect(stored(org)).toHaveLength(1);
    expect(stored(org)[0]).toMatchObject({
      Id: 'f-1',
      UpdatedAt: '2026-11-21T09:00:00.001Z',
      Compliance: { Status: 'PASSED' },
      RecordState: 'ARCHIVED',
      // Security Hub's workflow fields are not the provider's to change.
      Workflow: { Status: 'NEW' },
    });
  });

  test('GIVEN a finding WHEN archived only by a later import THEN GetFindings moves it from ACTIVE to ARCHIVED', async () => {
    const { hub } = await importedOnce();
    const byState = async (state: string) =>
      (
        await hub.send(
          new GetFindingsCommand({ Filters: { RecordState: [{ Value: state, Comparison: 'EQUALS' }] } }),
        )
      ).Findings?.map((f) => f.Id);
    expect(await byState('ACTIVE')).toEqual(['f-1']);
    expect(await byState('ARCHIVED')).toEqual([]);
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: [finding('f-1', { UpdatedAt: '2026-11-21T10:00:00.000Z', RecordState: 'ARCHIVED' })],
      }),
    );
    expect(await byState('ACTIVE')).toEqual([]);
    expect(await byState('ARCHIVED')).toEqual(['f-1']);
  });
});

describe('simulated Security Hub: limits, validation and accounts without Security Hub', () => {
  test('GIVEN 101 findings WHEN imported THEN InvalidInputException and nothing is stored', async () => {
    const org = securityHubOrg();
    const findings = Array.from({ length: 101 }, (_, i) => finding(`f-${i}`));
    await expect(
      memberSecurityHub(org, PROD).send(new BatchImportFindingsCommand({ Findings: findings })),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
    expect(stored(org)).toEqual([]);
  });

  test('GIVEN exactly 100 findings WHEN imported THEN all are stored', async () => {
    const org = securityHubOrg();
    const findings = Array.from({ length: 100 }, (_, i) => finding(`f-${i}`));
    const out = await memberSecurityHub(org, PROD).send(
      new BatchImportFindingsCommand({ Findings: findings }),
    );
    expect(out.SuccessCount).toBe(100);
    expect(stored(org)).toHaveLength(100);
  });

  test('GIVEN a finding without a required attribute WHEN imported with a valid one THEN only it fails, with InvalidInput', async () => {
    const org = securityHubOrg();
    const { Title: _title, ...untitled } = finding('f-bad');
    const out = await memberSecurityHub(org, PROD).send(
      new BatchImportFindingsCommand({ Findings: [finding('f-1'), untitled as AwsSecurityFinding] }),
    );
    expect(out).toEqual({
      FailedCount: 1,
      SuccessCount: 1,
      FailedFindings: [
        {
          Id: 'f-bad',
          ErrorCode: 'InvalidInput',
          ErrorMessage:
            "Finding does not adhere to Amazon Finding Format. data should have required property 'Title'.",
        },
      ],
      $metadata: expect.anything(),
    });
    expect(stored(org).map((f) => f.Id)).toEqual(['f-1']);
  });

  test('GIVEN a finding with neither Severity nor FindingProviderFields.Severity THEN it fails with InvalidInput', async () => {
    const org = securityHubOrg();
    const { Severity: _severity, ...unrated } = finding('f-bad');
    const out = await memberSecurityHub(org, PROD).send(
      new BatchImportFindingsCommand({ Findings: [unrated as AwsSecurityFinding] }),
    );
    expect(out.FailedFindings?.[0]).toMatchObject({ Id: 'f-bad', ErrorCode: 'InvalidInput' });
  });

  test.each([
    ['Security Hub was never enabled', undefined],
    ['Security Hub is disabled', { enabled: false, findings: [] }],
  ])(
    'GIVEN an account where %s WHEN findings are imported THEN each fails with InvalidAccess',
    async (_label, securityHub) => {
      const fixture = orgFixture();
      if (securityHub !== undefined) fixture.accounts[2]!.securityHub = securityHub;
      const org = simulatedOrg(fixture);
      const hub = memberSecurityHub(org, SANDBOX);
      const out = await hub.send(
        new BatchImportFindingsCommand({
          Findings: [finding('f-1', {}, SANDBOX), finding('f-2', {}, SANDBOX)],
        }),
      );
      const error = {
        ErrorCode: 'InvalidAccess',
        ErrorMessage: `Account ${SANDBOX} is not subscribed to AWS Security Hub`,
      };
      expect(out).toMatchObject({
        FailedCount: 2,
        SuccessCount: 0,
        FailedFindings: [
          { Id: 'f-1', ...error },
          { Id: 'f-2', ...error },
        ],
      });
      await expect(hub.send(new GetFindingsCommand({}))).rejects.toMatchObject({
        name: 'InvalidAccessException',
        message: `Account ${SANDBOX} is not subscribed to AWS Security Hub`,
      });
      expect(org.sim.account(SANDBOX)?.securityHub?.findings ?? []).toEqual([]);
    },
  );
});

describe('simulated Security Hub: GetFindings', () => {
  async function fiveFindings() {
    const org = securityHubOrg();
    const hub = memberSecurityHub(org, PROD);
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('u/alice/ORGMFA.1', { GeneratorId: 'ORGMFA.1' }),
          finding('u/bob/ORGMFA.1', {
            GeneratorId: 'ORGMFA.1',
            Compliance: { Status: 'PASSED' },
            RecordState: 'ARCHIVED',
          }),
          finding('u/bob/ORGMFA.2', { GeneratorId: 'ORGMFA.2' }),
          finding('a/ORGMFA.5', { GeneratorId: 'ORGMFA.5' }),
          finding('u/carol/ORGMFA.2', { GeneratorId: 'ORGMFA.2', Compliance: { Status: 'PASSED' } }),
        ],
      }),
    );
    return hub;
  }

  test('pages with MaxResults and NextToken, through the SDK paginator', async () => {
    const hub = await fiveFindings();
    const pages: string[][] = [];
    for await (const page of paginateGetFindings({ client: hub, pageSize: 2 }, {})) {
      pages.push((page.Findings ?? []).map((f) => f.Id!));
    }
    expect(pages).toEqual([
      ['u/alice/ORGMFA.1', 'u/bob/ORGMFA.1'],
      ['u/bob/ORGMFA.2', 'a/ORGMFA.5'],
      ['u/carol/ORGMFA.2'],
    ]);
  });

  test.each([
    [
      'GeneratorId EQUALS',
      { GeneratorId: [{ Value: 'ORGMFA.2', Comparison: 'EQUALS' }] },
      ['u/bob/ORGMFA.2', 'u/carol/ORGMFA.2'],
    ],
    [
      'ComplianceStatus FAILED and RecordState ACTIVE',
      {
        ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      },
      ['u/alice/ORGMFA.1', 'u/bob/ORGMFA.2', 'a/ORGMFA.5'],
    ],
    [
      'two Id values (ORed)',
      {
        Id: [
          { Value: 'a/ORGMFA.5', Comparison: 'EQUALS' },
          { Value: 'u/alice/ORGMFA.1', Comparison: 'EQUALS' },
        ],
      },
      ['u/alice/ORGMFA.1', 'a/ORGMFA.5'],
    ],
    ['Id PREFIX', { Id: [{ Value: 'u/bob/', Comparison: 'PREFIX' }] }, ['u/bob/ORGMFA.1', 'u/bob/ORGMFA.2']],
    [
      'GeneratorId NOT_EQUALS twice (ANDed)',
      {
        GeneratorId: [
          { Value: 'ORGMFA.1', Comparison: 'NOT_EQUALS' },
          { Value: 'ORGMFA.2', Comparison: 'NOT_EQUALS' },
        ],
      },
      ['a/ORGMFA.5'],
    ],
    ['AwsAccountId of another account', { AwsAccountId: [{ Value: SANDBOX, Comparison: 'EQUALS' }] }, []],
  ] as const)('filters on %s', async (_label, filters, ids) => {
    const hub = await fiveFindings();
    const out = await hub.send(new GetFindingsCommand({ Filters: filters as never }));
    expect(out.Findings?.map((f) => f.Id)).toEqual(ids);
  });

  test('a filter the simulation does not implement is refused rather than ignored', async () => {
    const hub = await fiveFindings();
    await expect(
      hub.send(
        new GetFindingsCommand({
          Filters: { ResourceTags: [{ Key: 'a', Value: 'b', Comparison: 'EQUALS' }] },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  test('a NextToken the service did not issue is InvalidInputException', async () => {
    const hub = await fiveFindings();
    await expect(hub.send(new GetFindingsCommand({ NextToken: 'bogus' }))).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });
});

describe('simulated Security Hub: any principal of the account imports with its default product', () => {
  test('GIVEN orgmfa’s finding WHEN an IAM user of the member account re-imports it PASSED/ARCHIVED with an UpdatedAt in the future THEN it is hidden, and orgmfa’s later import is ignored', async () => {
    const org = securityHubOrg();
    await memberSecurityHub(org, PROD).send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));
    const mallory = org.clients.securityHub(org.asUser(PROD, 'mallory'));

    await mallory.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('f-1', {
            UpdatedAt: '2099-01-01T00:00:00.000Z',
            Compliance: { Status: 'PASSED' },
            RecordState: 'ARCHIVED',
          }),
        ],
      }),
    );
    await memberSecurityHub(org, PROD).send(
      new BatchImportFindingsCommand({
        Findings: [finding('f-1', { UpdatedAt: '2026-11-22T09:00:00.000Z' })],
      }),
    );

    expect(stored(org)).toEqual([
      expect.objectContaining({
        Id: 'f-1',
        UpdatedAt: '2099-01-01T00:00:00.000Z',
        Compliance: { Status: 'PASSED' },
        RecordState: 'ARCHIVED',
      }),
    ]);
  });

  test('orgmfa’s read-back filter (its product, its account, its six generator ids ORed) selects only its findings', async () => {
    const org = securityHubOrg();
    const hub = memberSecurityHub(org, PROD);
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('mine-1', { GeneratorId: 'orgmfa/ORGMFA.1' }),
          finding('mine-6', { GeneratorId: 'orgmfa/ORGMFA.6', RecordState: 'ARCHIVED' }),
          finding('other-tool', { GeneratorId: 'other/check-7' }),
        ],
      }),
    );

    const { Findings } = await hub.send(
      new GetFindingsCommand({
        Filters: {
          ProductArn: [{ Value: product(PROD), Comparison: 'EQUALS' }],
          AwsAccountId: [{ Value: PROD, Comparison: 'EQUALS' }],
          GeneratorId: [1, 2, 3, 4, 5, 6].map((n) => ({ Value: `orgmfa/ORGMFA.${n}`, Comparison: 'EQUALS' })),
        },
      }),
    );

    expect(Findings?.map((f) => f.Id)).toEqual(['mine-1', 'mine-6']);
  });
});

describe('simulated Security Hub: retention', () => {
  test('GIVEN findings not updated WHEN 30 days pass THEN the ARCHIVED one is deleted; after 90 days the ACTIVE one too', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.securityHub = { enabled: true, findings: [] };
    let now = new Date('2026-11-21T09:00:00.000Z');
    const org = simulatedOrg(fixture, { clock: () => now });
    const hub = memberSecurityHub(org, PROD);
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding('active'),
          finding('archived', { Compliance: { Status: 'PASSED' }, RecordState: 'ARCHIVED' }),
        ],
      }),
    );
    const ids = async () => ((await hub.send(new GetFindingsCommand({}))).Findings ?? []).map((f) => f.Id);

    now = new Date('2026-12-21T09:00:00.001Z');
    expect(await ids()).toEqual(['active']);
    now = new Date('2027-02-19T09:00:00.001Z');
    expect(await ids()).toEqual([]);
  });

  test('imports record when Security Hub processed them (ProcessedAt)', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.securityHub = { enabled: true, findings: [] };
    const org = simulatedOrg(fixture, { clock: () => new Date('2026-11-21T10:00:00.000Z') });
    await memberSecurityHub(org, PROD).send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));

    expect(stored(org)[0]).toMatchObject({ ProcessedAt: '2026-11-21T10:00:00.000Z' });
  });
});

test('imported findings are in the state file under accounts[].securityHub.findings[] and round-trip', async () => {
  const org = securityHubOrg();
  await memberSecurityHub(org, PROD).send(new BatchImportFindingsCommand({ Findings: [finding('f-1')] }));
  const dumped = JSON.parse(JSON.stringify(org.sim.state)) as unknown;
  const reread = readOrganizationFixture(dumped);
  expect(reread.accounts[1]?.securityHub?.findings).toEqual([expect.objectContaining(finding('f-1'))]);
  expect(reread).toEqual(org.sim.state);
});
