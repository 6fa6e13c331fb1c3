import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  paginateListObjectsV2,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { readOrganizationFixture } from '../../local/sim/fixture';
import { orgFixture, simulatedOrg } from '../helpers/simulated-org';

const HUB = '111111111111';
const PROD = '222222222222';
const BUCKET = 'orgmfa-sweep-111111111111';
const md5Etag = (body: string) => `"${createHash('md5').update(body).digest('hex')}"`;

/** The hub account owns the sweep bucket, which holds one report. */
function s3Org() {
  const fixture = orgFixture();
  fixture.accounts[0]!.s3 = {
    buckets: [{ name: BUCKET, objects: [{ key: 'reports/2026-11-21/summary.json', body: '{"ok":1}' }] }],
  };
  const org = simulatedOrg(fixture);
  const s3 = org.clients.s3({
    accountId: HUB,
    credentials: org.sim.issueSession(HUB, 'orgmfa-sweep', 'sweep'),
  });
  const objects = () => org.sim.account(HUB)!.s3!.buckets[0]!.objects;
  return { org, s3, objects };
}

describe('simulated S3 objects', () => {
  test('GIVEN a PutObject WHEN the object is read back THEN the body round-trips and the ETag is the quoted MD5', async () => {
    const { s3 } = s3Org();
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'a.csv', Body: 'account,user\n1,alice\n' }),
    );
    expect(put.ETag).toBe(md5Etag('account,user\n1,alice\n'));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a.csv' }));
    expect(await got.Body?.transformToString()).toBe('account,user\n1,alice\n');
    expect(got).toMatchObject({ ETag: put.ETag, ContentLength: 21 });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'a.csv' }))).resolves.toMatchObject({
      ETag: put.ETag,
      ContentLength: 21,
    });
  });

  test.each([
    ['bytes', new TextEncoder().encode('héllo'), undefined],
    ['a stream with its ContentLength', Readable.from([Buffer.from('hé'), Buffer.from('llo')]), 6],
  ])('a Body given as %s is stored as its text', async (_label, body, length) => {
    const { s3, objects } = s3Org();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'b.txt', Body: body, ContentLength: length }));
    expect(objects().find((o) => o.key === 'b.txt')).toMatchObject({ body: 'héllo', etag: md5Etag('héllo') });
  });

  test('a stream Body of unknown length is refused, as S3 refuses a chunked upload', async () => {
    const { s3, objects } = s3Org();
    await expect(
      s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'c.txt', Body: Readable.from([Buffer.from('x')]) }),
      ),
    ).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    expect(objects().map((o) => o.key)).not.toContain('c.txt');
  });

  test('GetObject of a missing key is NoSuchKey; HeadObject of it is NotFound (HEAD errors have no body)', async () => {
    const { s3 } = s3Org();
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      message: 'The specified key does not exist.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'nope' }))).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });

  test('a bucket no account owns is NoSuchBucket', async () => {
    const { s3 } = s3Org();
    await expect(s3.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'a' }))).rejects.toMatchObject(
      {
        name: 'NoSuchBucket',
      },
    );
  });

  test('a bucket of another account is AccessDenied, and nothing is written', async () => {
    const { org, objects } = s3Org();
    const prod = org.clients.s3({
      accountId: PROD,
      credentials: org.sim.issueSession(PROD, 'OrgMfaMemberRole', 'x'),
    });
    await expect(
      prod.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Access Denied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(prod.send(new ListObjectsV2Command({ Bucket: BUCKET }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
    expect(objects().map((o) => o.key)).toEqual(['reports/2026-11-21/summary.json']);
  });

  test('ExpectedBucketOwner other than the owner is AccessDenied', async () => {
    const { s3 } = s3Org();
    await expect(
      s3.send(
        new GetObjectCommand({
          Bucket: BUCKET,
          Key: 'reports/2026-11-21/summary.json',
          ExpectedBucketOwner: PROD,
        }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('DeleteObject removes the object; deleting a missing key succeeds', async () => {
    const { s3, objects } = s3Org();
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'reports/2026-11-21/summary.json' }));
    expect(objects()).toEqual([]);
    await expect(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'nope' }))).resolves.toBeDefined();
    await expect(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/2026-11-21/summary.json' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('simulated S3 conditional writes', () => {
  const KEY = 'reports/2026-11-21/summary.json';

  test('GIVEN an existing key WHEN PutObject with IfNoneMatch * THEN PreconditionFailed and the object is unchanged', async () => {
    const { s3, objects } = s3Org();
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: 'other', IfNoneMatch: '*' })),
    ).rejects.toMatchObject({
      name: 'PreconditionFailed',
      message: 'At least one of the pre-conditions you specified did not hold',
      $metadata: { httpStatusCode: 412 },
    });
    expect(objects()[0]?.body).toBe('{"ok":1}');
  });

  test('GIVEN a new key WHEN PutObject with IfNoneMatch * THEN it is created', async () => {
    const { s3, objects } = s3Org();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'new.json', Body: '{}', IfNoneMatch: '*' }));
    expect(objects().map((o) => o.key)).toContain('new.json');
  });

  test('GIVEN two concurrent IfNoneMatch writers of one key THEN exactly one wins', async () => {
    const { s3, objects } = s3Org();
    const results = await Promise.allSettled(
      ['first', 'second'].map((body) =>
        s3.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: 'race',
            Body: Readable.from([Buffer.from(body)]),
            ContentLength: body.length,
            IfNoneMatch: '*',
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name),
    ).toEqual(['PreconditionFailed']);
    expect(objects().filter((o) => o.key === 'race')).toHaveLength(1);
  });

  test('GIVEN the current ETag WHEN PutObject with IfMatch THEN it replaces the object; with the old ETag THEN PreconditionFailed', async () => {
    const { s3, objects } = s3Org();
    const first = md5Etag('{"ok":1}');
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: '{"ok":2}', IfMatch: first }),
    );
    expect(put.ETag).toBe(md5Etag('{"ok":2}'));
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: '{"ok":3}', IfMatch: first })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    expect(objects()[0]?.body).toBe('{"ok":2}');
  });

  test('GIVEN no object WHEN PutObject with IfMatch THEN NoSuchKey', async () => {
    const { s3, objects } = s3Org();
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'missing', Body: 'x', IfMatch: md5Etag('x') })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(objects().map((o) => o.key)).not.toContain('missing');
  });

  test('DeleteObject with a stale IfMatch is PreconditionFailed', async () => {
    const { s3, objects } = s3Org();
    await expect(
      s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY, IfMatch: md5Etag('stale') })),
    ).rejects.toMatchObject({ name: 'PreconditionFailed' });
    expect(objects()).toHaveLength(1);
  });
});

describe('simulated S3 ListObjectsV2', () => {
  async function manyObjects() {
    const org = s3Org();
    for (const key of [
      'items/003.json',
      'items/001.json',
      'results/a.json',
      'items/002.json',
      'items/010.json',
    ]) {
      await org.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
    return org;
  }

  test('lists keys under a Prefix in key order, paged with MaxKeys and ContinuationToken', async () => {
    const { s3 } = await manyObjects();
    const pages: string[][] = [];
    for await (const page of paginateListObjectsV2(
      { client: s3, pageSize: 2 },
      { Bucket: BUCKET, Prefix: 'items/' },
    )) {
      pages.push((page.Contents ?? []).map((o) => o.Key!));
    }
    expect(pages).toEqual([
      ['items/001.json', 'items/002.json'],
      ['items/003.json', 'items/010.json'],
    ]);
  });

  test('a page reports KeyCount, IsTruncated and each object’s ETag and Size', async () => {
    const { s3 } = await manyObjects();
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'items/', MaxKeys: 3 }));
    expect(page).toMatchObject({ KeyCount: 3, IsTruncated: true, MaxKeys: 3, Prefix: 'items/' });
    expect(page.NextContinuationToken).toBeDefined();
    expect(page.Contents?.[0]).toMatchObject({
      Key: 'items/001.json',
      ETag: md5Etag('items/001.json'),
      Size: 14,
    });
  });

  test('an empty listing has no Contents', async () => {
    const { s3 } = await manyObjects();
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'none/' }));
    expect(page).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(page.Contents).toBeUndefined();
  });
});

test('objects are in the state file under accounts[].s3.buckets[].objects[] and round-trip', async () => {
  const { org, s3 } = s3Org();
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v' }));
  const reread = readOrganizationFixture(JSON.parse(JSON.stringify(org.sim.state)));
  expect(reread).toEqual(org.sim.state);
  expect(reread.accounts[0]?.s3?.buckets[0]?.objects.at(-1)).toMatchObject({
    key: 'k',
    body: 'v',
    etag: md5Etag('v'),
  });
});
