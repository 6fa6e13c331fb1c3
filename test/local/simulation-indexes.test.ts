import { BatchImportFindingsCommand, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ArrayIndex } from '../../local/sim/array-index';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const HUB = '111111111111';
const PROD = '222222222222';
const BUCKET = 'orgmfa-state-111111111111';

/**
 * The simulation's lookups by key (accounts, S3 objects, Security Hub findings) answer exactly what a
 * search of the storage would, also after the storage was changed from outside the simulation (as
 * tests change it), so indexing them never changes behaviour, only its cost.
 */
describe('ArrayIndex', () => {
  const byKey = () => new ArrayIndex<{ key: string; n: number }>((item) => item.key);

  test('finds by key, the first of equal keys, as find() would', () => {
    const index = byKey();
    const items = [
      { key: 'a', n: 1 },
      { key: 'b', n: 2 },
      { key: 'a', n: 3 },
    ];
    expect(index.find(items, 'a')).toBe(items[0]);
    expect(index.find(items, 'b')).toBe(items[1]);
    expect(index.find(items, 'c')).toBeUndefined();
  });

  test('follows the array: an entry pushed, replaced or removed from outside is seen', () => {
    const index = byKey();
    const items = [{ key: 'a', n: 1 }];
    expect(index.find(items, 'b')).toBeUndefined();
    items.push({ key: 'b', n: 2 });
    expect(index.find(items, 'b')?.n).toBe(2);
    items[0] = { key: 'c', n: 3 };
    expect(index.find(items, 'a')).toBeUndefined();
    expect(index.find(items, 'c')?.n).toBe(3);
    items.splice(0, 1);
    expect(index.find(items, 'b')?.n).toBe(2);
    expect(index.find(items, 'c')).toBeUndefined();
  });

  test('push keeps the index in step', () => {
    const index = byKey();
    const items: { key: string; n: number }[] = [];
    index.find(items, 'x');
    index.push(items, { key: 'x', n: 1 });
    expect(index.position(items, 'x')).toBe(0);
  });
});

describe('the simulated services over their indexes', () => {
  test('S3: an object written by a test straight into the state is read; a PUT replaces it in place', async () => {
    const fixture = orgFixture();
    fixture.accounts[0]!.s3 = { buckets: [{ name: BUCKET, objects: [] }] };
    const { clients, sim, asHubRole } = simulatedOrg(fixture);
    const s3 = clients.s3(asHubRole());
    const read = async (key: string) =>
      (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body?.transformToString();
    await expect(read('k')).rejects.toMatchObject({ name: 'NoSuchKey' });

    sim.account(HUB)!.s3!.buckets[0]!.objects.push({ key: 'k', body: 'from the test' });
    expect(await read('k')).toBe('from the test');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'from S3' }));

    expect(await read('k')).toBe('from S3');
    expect(sim.account(HUB)!.s3!.buckets[0]!.objects.map((o) => o.key)).toEqual(['k']);
  });

  test('Security Hub: a later import of the same Id and product updates the one stored finding', async () => {
    const fixture = orgFixture();
    fixture.accounts[1]!.securityHub = { enabled: true, findings: [] };
    const { clients, sim } = simulatedOrg(fixture);
    const hub = clients.securityHub({
      accountId: PROD,
      credentials: sim.issueSession(PROD, 'OrgMfaMemberRole', 'orgmfa-sweep'),
    });
    const finding = (id: string, updatedAt: string, status: 'FAILED' | 'PASSED'): AwsSecurityFinding => ({
      SchemaVersion: '2018-10-08',
      Id: id,
      ProductArn: `arn:aws:securityhub:us-east-1:${PROD}:product/${PROD}/default`,
      GeneratorId: 'orgmfa/ORGMFA.1',
      AwsAccountId: PROD,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2026-11-21T09:00:00.000Z',
      UpdatedAt: updatedAt,
      Severity: { Label: 'HIGH' },
      Title: 't',
      Description: 'd',
      Resources: [{ Type: 'AwsIamUser', Id: `arn:aws:iam::${PROD}:user/u${id}` }],
      Compliance: { Status: status },
    });
    const ids = Array.from({ length: 100 }, (_, i) => String(i));
    await hub.send(
      new BatchImportFindingsCommand({
        Findings: ids.map((id) => finding(id, '2026-11-21T09:00:00.000Z', 'FAILED')),
      }),
    );

    await hub.send(
      new BatchImportFindingsCommand({ Findings: [finding('42', '2026-11-21T10:00:00.000Z', 'PASSED')] }),
    );

    const stored = sim.account(PROD)!.securityHub!.findings as AwsSecurityFinding[];
    expect(stored).toHaveLength(100);
    expect(stored.filter((f) => f.Id === '42')).toMatchObject([{ Compliance: { Status: 'PASSED' } }]);
  });
});

describe("IAM's credential report with a modelled build time", () => {
  test('the report is COMPLETE once the build time has passed on the simulation’s clock, and not before, however often polled', async () => {
    const start = new Date('2026-11-21T09:00:00Z').getTime();
    let now = start;
    const { clients, sim } = simulatedOrg(orgFixture(), {
      clock: () => new Date(now),
      faults: { credentialReportBuildMs: 7000 },
    });
    const iam = clients.iam({
      accountId: PROD,
      credentials: sim.issueSession(PROD, 'OrgMfaMemberRole', 'orgmfa-sweep'),
    });

    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    for (const after of [1000, 3000, 6999]) {
      now = start + after;
      expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('INPROGRESS');
      await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
        name: 'CredentialReportNotReadyException',
      });
    }
    now = start + 7000;
    expect((await iam.send(new GetCredentialReportCommand({}))).GeneratedTime).toEqual(
      new Date('2026-11-21T09:00:00Z'),
    );
  });
});
