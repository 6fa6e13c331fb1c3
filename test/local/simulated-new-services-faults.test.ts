import { GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchImportFindingsCommand, GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { createAwsClients } from '../../functions/aws/clients';
import { TRUSTED_HUB_ROLE_NAMES } from '../../functions/core/naming';
import { createSimulation } from '../../local/sim/create-simulation';
import { FixtureError, readOrganizationFixture } from '../../local/sim/fixture';
import { attachSimulatedAws } from '../../local/sim/sdk-bridge';
import type { FaultPlan } from '../../local/sim/simulated-aws';
import { orgFixture } from '../helpers/simulated-org';

const HUB = '111111111111';
const PROD = '222222222222';
const BUCKET = 'orgmfa-sweep-111111111111';

/** The three-account organization with Security Hub in prod, a sweep bucket in the hub, and every new field set. */
function fullFixture() {
  const fixture = orgFixture();
  fixture.accounts[0]!.s3 = { buckets: [{ name: BUCKET, objects: [] }] };
  fixture.accounts[1]!.securityHub = { enabled: true, findings: [] };
  fixture.accounts[1]!.rootMfaActive = false;
  fixture.accounts[1]!.iam.users[1]!.createDate = '2025-01-01T00:00:00Z';
  fixture.accounts[1]!.iam.users[1]!.accessKeys = [{ active: true, createDate: '2025-02-01T00:00:00Z' }];
  return fixture;
}

function faultySim(faults: FaultPlan, maxAttempts = 6) {
  const sim = createSimulation(fullFixture(), {
    memberRoleName: 'OrgMfaMemberRole',
    trustedHubRoleNames: TRUSTED_HUB_ROLE_NAMES,
    faults,
  });
  const clients = createAwsClients({
    region: 'us-east-1',
    extraConfig: { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, 1) },
    decorate: (client) => attachSimulatedAws(sim, client),
  });
  const member = { accountId: PROD, credentials: sim.issueSession(PROD, 'OrgMfaMemberRole', 'sweep') };
  const hub = { accountId: HUB, credentials: sim.issueSession(HUB, 'orgmfa-sweep', 'sweep') };
  return { sim, clients, member, hub };
}

const finding = (id: string) => ({
  SchemaVersion: '2018-10-08',
  Id: id,
  ProductArn: `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default`,
  GeneratorId: 'ORGMFA.1',
  AwsAccountId: PROD,
  Types: ['Software and Configuration Checks/AWS Security Best Practices'],
  CreatedAt: '2026-11-21T09:00:00Z',
  UpdatedAt: '2026-11-21T09:00:00Z',
  Severity: { Label: 'HIGH' as const },
  Title: 't',
  Description: 'd',
  Resources: [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${PROD}:user/alice` }],
});

describe('throttling of the new services is the service’s own error, retried by the SDK', () => {
  test.each([
    [
      'Security Hub BatchImportFindings',
      'securityhub' as const,
      'TooManyRequestsException',
      ({ clients, member }: ReturnType<typeof faultySim>, i: number) =>
        clients.securityHub(member).send(new BatchImportFindingsCommand({ Findings: [finding(`f-${i}`)] })),
    ],
    [
      'Security Hub GetFindings',
      'securityhub' as const,
      'TooManyRequestsException',
      ({ clients, member }: ReturnType<typeof faultySim>) =>
        clients.securityHub(member).send(new GetFindingsCommand({})),
    ],
    [
      'S3 PutObject',
      's3' as const,
      'SlowDown',
      ({ clients, hub }: ReturnType<typeof faultySim>, i: number) =>
        clients.s3(hub).send(new PutObjectCommand({ Bucket: BUCKET, Key: `k-${i}`, Body: `v-${i}` })),
    ],
    [
      'Organizations ListAccounts',
      'organizations' as const,
      'TooManyRequestsException',
      ({ clients, hub }: ReturnType<typeof faultySim>) =>
        clients.organizations(hub).send(new ListAccountsCommand({})),
    ],
  ])('%s at a 50%% throttle rate', async (_label, service, code, call) => {
    const org = faultySim({ throttle: [{ service, rate: 0.5 }], seed: 11 });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => call(org, i)));
    const throttled = org.sim.calls.filter((c) => c.error === code).length;
    expect(throttled).toBeGreaterThan(0);
    // Every throttled attempt was retried: the 20 calls made 20 + throttled attempts.
    expect(org.sim.calls.length).toBe(20 + throttled);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ name: code });
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThan(15);
  });

  test('IAM credential report calls are throttled and retried like other IAM calls', async () => {
    const org = faultySim({
      throttle: [{ service: 'iam', operation: 'GetCredentialReport', rate: 0.5 }],
      seed: 3,
    });
    const iam = org.clients.iam(org.member);
    await Promise.allSettled(Array.from({ length: 10 }, () => iam.send(new GetCredentialReportCommand({}))));
    const errors = new Set(org.sim.calls.map((c) => c.error));
    // Throttled attempts are retried; the ones that got through find no report.
    expect(errors).toEqual(new Set(['Throttling', 'CredentialReportNotPresentException']));
  });

  test('an access-denied fault on Security Hub is AccessDeniedException', async () => {
    const org = faultySim({ accessDenied: [{ accountId: PROD, service: 'securityhub' }] });
    await expect(org.clients.securityHub(org.member).send(new GetFindingsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  test('an access-denied fault on S3 is AccessDenied', async () => {
    const org = faultySim({ accessDenied: [{ accountId: HUB, service: 's3' }] });
    await expect(
      org.clients.s3(org.hub).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('organization fixtures with the compliance fields', () => {
  test('a fixture with Security Hub, S3, root MFA, creation dates and a credential report round-trips', () => {
    const fixture = fullFixture();
    fixture.accounts[1]!.iam.credentialReport = {
      generatedTime: '2026-11-21T09:00:00.000Z',
      content: 'user,arn\n',
      state: 'COMPLETE',
    };
    fixture.accounts[1]!.securityHub!.findings.push(finding('f-1'));
    fixture.accounts[0]!.s3!.buckets[0]!.objects.push({
      key: 'a',
      body: 'b',
      lastModified: '2026-11-21T09:00:00Z',
    });
    const sim = createSimulation(fixture, { memberRoleName: 'OrgMfaMemberRole', trustedHubRoleNames: [] });
    expect(readOrganizationFixture(JSON.parse(JSON.stringify(sim.state)))).toEqual(fixture);
  });

  test.each([
    [
      'a bucket name S3 would refuse',
      (f: ReturnType<typeof fullFixture>) => {
        f.accounts[0]!.s3!.buckets[0]!.name = 'Bad_Bucket';
      },
      'accounts[0].s3.buckets[0].name: "Bad_Bucket" is not valid',
    ],
    [
      'two accounts owning the same bucket name',
      (f: ReturnType<typeof fullFixture>) => {
        f.accounts[1]!.s3 = { buckets: [{ name: BUCKET, objects: [] }] };
      },
      'accounts: have two buckets with the same name',
    ],
    [
      'a finding that is not an object',
      (f: ReturnType<typeof fullFixture>) => {
        f.accounts[1]!.securityHub!.findings.push('f-1' as unknown as object);
      },
      'accounts[1].securityHub.findings[0]: must be an object',
    ],
    [
      'a user creation date that is not a date',
      (f: ReturnType<typeof fullFixture>) => {
        f.accounts[1]!.iam.users[0]!.createDate = 'yesterday';
      },
      'accounts[1].iam.users[0].createDate: "yesterday" is not an ISO 8601 date',
    ],
    [
      'rootMfaActive that is not a boolean',
      (f: ReturnType<typeof fullFixture>) => {
        (f.accounts[1] as { rootMfaActive?: unknown }).rootMfaActive = 'yes';
      },
      'accounts[1].rootMfaActive: must be true or false',
    ],
  ])('%s is refused with a message naming the field', (_label, spoil, message) => {
    const fixture = fullFixture();
    spoil(fixture);
    expect(() => readOrganizationFixture(JSON.parse(JSON.stringify(fixture)))).toThrow(
      new FixtureError(message),
    );
  });
});
