import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sdkStreamMixin } from '@smithy/core/serde';
import { ArrayIndex } from './array-index';
import { awsError } from './aws-errors';
import type { S3BucketFixture, S3ObjectFixture } from './fixture';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

/**
 * S3 objects in buckets that accounts of the organization own. Bucket names are global: a bucket is
 * found in whichever account owns it, and a caller of another account is denied (no bucket policies
 * are simulated). Conditional writes behave as S3's: `IfNoneMatch: '*'` fails with PreconditionFailed
 * when the key exists, `IfMatch` fails with PreconditionFailed when the ETag differs and with NoSuchKey
 * when there is no object. ETags are the quoted MD5 of the body. HEAD errors carry no body, so the SDK
 * names them by status (`NotFound`, and `Unknown` for 403), and so does the simulation.
 */
export const s3Service: ServiceHandler = (operation, input, ctx) => {
  const handler = OPERATIONS[operation];
  if (handler === undefined) throw awsError('s3', 'NotImplemented', `s3:${operation} is not simulated`, 501);
  return handler(input, ctx);
};

type Operation = (input: Record<string, unknown>, ctx: ServiceContext) => object | Promise<object>;

const OPERATIONS: Record<string, Operation> = {
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
  ListObjectsV2: listObjectsV2,
};

/** ListObjectsV2's largest page, and its page size when MaxKeys is not given. */
export const MAX_KEYS = 1000;

/** S3's ETag of `body`: its MD5 in hex, in double quotes. */
export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function etag(object: S3ObjectFixture): string {
  return object.etag ?? etagOf(object.body);
}

/** An ETag as a client may send it, with or without quotes. */
function sameEtag(a: string, b: string): boolean {
  const bare = (s: string) => s.replace(/^W\//, '').replace(/^"|"$/g, '');
  return bare(a) === bare(b);
}

/** A bucket and the account that owns it. */
interface OwnedBucket {
  readonly ownerId: string;
  readonly bucket: S3BucketFixture;
}

/** Objects by key, per bucket: a GET or PUT costs the same however many objects the bucket holds. */
const OBJECTS = new ArrayIndex<S3ObjectFixture>((object) => object.key);

/**
 * Buckets by name, per simulation: found without going through every account. An entry is trusted only
 * while its account still has that very bucket; a name not found rebuilds the index once (a bucket
 * added to the state since), so a lookup never answers differently from a search of every account.
 */
const BUCKETS = new WeakMap<ServiceContext['sim'], Map<string, OwnedBucket>>();

function indexBuckets(ctx: ServiceContext): Map<string, OwnedBucket> {
  const byName = new Map<string, OwnedBucket>();
  for (const account of ctx.sim.state.accounts)
    for (const bucket of account.s3?.buckets ?? [])
      if (!byName.has(bucket.name)) byName.set(bucket.name, { ownerId: account.id, bucket });
  BUCKETS.set(ctx.sim, byName);
  return byName;
}

function ownedBucket(ctx: ServiceContext, name: unknown): OwnedBucket | undefined {
  const valid = (found: OwnedBucket | undefined) =>
    found !== undefined && ctx.sim.account(found.ownerId)?.s3?.buckets.includes(found.bucket) === true;
  const cached = BUCKETS.get(ctx.sim)?.get(String(name));
  if (valid(cached)) return cached;
  const found = indexBuckets(ctx).get(String(name));
  return valid(found) ? found : undefined;
}

/**
 * A bucket a deployed stack owns (the hub's state bucket) exists from the start, empty; it enters the
 * state dump only once something is written to it, so a run that only reads it (or never touches it)
 * leaves the organization's state as it was.
 */
function deployedBucket(ctx: ServiceContext, name: unknown, write: boolean): OwnedBucket | undefined {
  const deployed = ctx.sim.deployedBuckets.find((bucket) => bucket.name === name);
  const owner = deployed === undefined ? undefined : ctx.sim.account(deployed.accountId);
  if (deployed === undefined || owner === undefined) return undefined;
  const bucket: S3BucketFixture = { name: deployed.name, objects: [] };
  if (write) {
    owner.s3 ??= { buckets: [] };
    owner.s3.buckets.push(bucket);
    BUCKETS.get(ctx.sim)?.set(bucket.name, { ownerId: owner.id, bucket });
  }
  return { ownerId: owner.id, bucket };
}

/** What a request does to its bucket: a write materializes a deployed bucket, a HEAD fails without a body. */
type Access = 'read' | 'write' | 'head';

/** The bucket named in `input`, which the caller's account must own. */
function bucketFor(
  input: Record<string, unknown>,
  ctx: ServiceContext,
  access: Access = 'read',
): S3BucketFixture {
  const name = input.Bucket;
  const found = ownedBucket(ctx, name) ?? deployedBucket(ctx, name, access === 'write');
  if (found === undefined) {
    if (access === 'head') throw awsError('s3', 'NotFound', 'UnknownError');
    throw awsError('s3', 'NoSuchBucket', 'The specified bucket does not exist');
  }
  const expected = input.ExpectedBucketOwner;
  if (found.ownerId !== ctx.account.id || (expected !== undefined && expected !== found.ownerId)) {
    if (access === 'head') throw awsError('s3', 'Unknown', 'UnknownError', 403);
    throw awsError('s3', 'AccessDenied', 'Access Denied');
  }
  return found.bucket;
}

function keyOf(input: Record<string, unknown>): string {
  const key = input.Key;
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > 1024) {
    throw awsError('s3', 'KeyTooLongError', 'Your key is too long', 400);
  }
  return key;
}

function noSuchKey(): Error {
  return awsError('s3', 'NoSuchKey', 'The specified key does not exist.');
}

function preconditionFailed(): Error {
  return awsError(
    's3',
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
  );
}

/** The bytes of a PutObject Body: a string, bytes, or a stream of them. */
async function bytesOf(body: unknown): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  if (typeof (body as Blob).arrayBuffer === 'function')
    return Buffer.from(await (body as Blob).arrayBuffer());
  throw awsError('s3', 'InvalidArgument', 'The Body of this request is not simulated.', 400);
}

async function putObject(input: Record<string, unknown>, ctx: ServiceContext): Promise<object> {
  const bucket = bucketFor(input, ctx, 'write');
  const key = keyOf(input);
  if (input.Body instanceof Readable && !('path' in input.Body) && input.ContentLength === undefined) {
    // The SDK cannot size such a stream, so it is sent with Transfer-Encoding: chunked, which S3 refuses.
    throw awsError(
      's3',
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
      501,
    );
  }
  // Read the body first: the precondition check and the write then happen at once, as in S3, where of
  // two concurrent conditional writes one wins and the other fails.
  const body = await bytesOf(input.Body);
  const existing = OBJECTS.find(bucket.objects, key);
  if (input.IfNoneMatch !== undefined) {
    if (input.IfNoneMatch !== '*') {
      throw awsError(
        's3',
        'NotImplemented',
        'A header you provided implies functionality that is not implemented',
        501,
      );
    }
    if (existing !== undefined) throw preconditionFailed();
  }
  if (input.IfMatch !== undefined) {
    if (existing === undefined) throw noSuchKey();
    if (!sameEtag(String(input.IfMatch), etag(existing))) throw preconditionFailed();
  }
  const object: S3ObjectFixture = {
    key,
    body: body.toString('utf8'),
    etag: etagOf(body),
    lastModified: ctx.sim.clock().toISOString(),
  };
  if (existing === undefined) OBJECTS.push(bucket.objects, object);
  else bucket.objects[OBJECTS.position(bucket.objects, key)] = object;
  return { ETag: object.etag };
}

function metadataOf(object: S3ObjectFixture) {
  return {
    ETag: etag(object),
    ContentLength: Buffer.byteLength(object.body),
    ContentType: 'binary/octet-stream',
    ...(object.lastModified === undefined ? {} : { LastModified: new Date(object.lastModified) }),
  };
}

function getObject(input: Record<string, unknown>, ctx: ServiceContext): object {
  const bucket = bucketFor(input, ctx);
  const object = OBJECTS.find(bucket.objects, keyOf(input));
  if (object === undefined) throw noSuchKey();
  if (input.IfMatch !== undefined && !sameEtag(String(input.IfMatch), etag(object)))
    throw preconditionFailed();
  return {
    // What the SDK's deserializer gives a caller: a stream with transformToString() and friends.
    Body: sdkStreamMixin(Readable.from([Buffer.from(object.body, 'utf8')])),
    ...metadataOf(object),
  };
}

function headObject(input: Record<string, unknown>, ctx: ServiceContext): object {
  const bucket = bucketFor(input, ctx, 'head');
  const object = OBJECTS.find(bucket.objects, keyOf(input));
  if (object === undefined) throw awsError('s3', 'NotFound', 'UnknownError');
  return metadataOf(object);
}

function deleteObject(input: Record<string, unknown>, ctx: ServiceContext): object {
  const bucket = bucketFor(input, ctx);
  const key = keyOf(input);
  const existing = OBJECTS.find(bucket.objects, key);
  if (input.IfMatch !== undefined && input.IfMatch !== '*') {
    if (existing === undefined) throw noSuchKey();
    if (!sameEtag(String(input.IfMatch), etag(existing))) throw preconditionFailed();
  }
  // Deleting a key that does not exist succeeds, as in S3.
  bucket.objects = bucket.objects.filter((o) => o !== existing);
  return {};
}

const TOKEN_PREFIX = 'orgmfa-sim-s3:';

function listObjectsV2(input: Record<string, unknown>, ctx: ServiceContext): object {
  const bucket = bucketFor(input, ctx);
  if (input.Delimiter !== undefined) {
    throw awsError('s3', 'NotImplemented', 'ListObjectsV2 with a Delimiter is not simulated', 501);
  }
  const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
  // S3 returns at most 1000 keys whatever MaxKeys asks for.
  const maxKeys = Math.min(Number(input.MaxKeys ?? MAX_KEYS), MAX_KEYS);
  if (!Number.isInteger(maxKeys) || maxKeys < 0) {
    throw awsError('s3', 'InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
  }
  let after = typeof input.StartAfter === 'string' ? input.StartAfter : '';
  if (input.ContinuationToken !== undefined) {
    const text = Buffer.from(String(input.ContinuationToken), 'base64').toString('utf8');
    if (!text.startsWith(TOKEN_PREFIX)) {
      throw awsError('s3', 'InvalidArgument', 'The continuation token provided is incorrect', 400);
    }
    after = text.slice(TOKEN_PREFIX.length);
  }
  const keys = bucket.objects
    .filter((o) => o.key.startsWith(prefix) && o.key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = keys.slice(0, maxKeys);
  const truncated = keys.length > page.length;
  return {
    Name: bucket.name,
    Prefix: prefix,
    MaxKeys: maxKeys,
    KeyCount: page.length,
    IsTruncated: truncated,
    ...(page.length === 0
      ? {}
      : {
          Contents: page.map((o) => ({
            Key: o.key,
            ETag: etag(o),
            Size: Buffer.byteLength(o.body),
            StorageClass: 'STANDARD',
            ...(o.lastModified === undefined ? {} : { LastModified: new Date(o.lastModified) }),
          })),
        }),
    ...(input.ContinuationToken === undefined ? {} : { ContinuationToken: input.ContinuationToken }),
    ...(truncated
      ? { NextContinuationToken: Buffer.from(`${TOKEN_PREFIX}${page.at(-1)!.key}`).toString('base64') }
      : {}),
  };
}
