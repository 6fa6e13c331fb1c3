import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  deviceRecordKey,
  emptyDeviceRecord,
  parseDeviceRecord,
  type DeviceRecord,
} from '../core/device-record';
import { rethrowThrottling } from './aws-errors';
import { RecordConflictError } from './findings-record';

/** An account's device record and the S3 ETag it was read at (undefined: no record yet). */
export interface StoredDeviceRecord {
  readonly record: DeviceRecord;
  readonly etag?: string;
}

/** Where the record lives: the hub's state bucket, through a client acting as a hub role. */
export interface DeviceRecordStore {
  readonly s3: S3Client;
  readonly bucket: string;
}

/** Writes the same change again after a conflicting write, this many times in all. */
const WRITE_ATTEMPTS = 5;

/** Reads an account's device record; an account without one has an empty record. */
export async function readDeviceRecord(
  store: DeviceRecordStore,
  accountId: string,
): Promise<StoredDeviceRecord> {
  try {
    const object = await store.s3.send(
      new GetObjectCommand({ Bucket: store.bucket, Key: deviceRecordKey(accountId) }),
    );
    const record = parseDeviceRecord((await object.Body?.transformToString()) ?? '', accountId);
    return { record, ...(object.ETag === undefined ? {} : { etag: object.ETag }) };
  } catch (error) {
    if (error instanceof NoSuchKey) return { record: emptyDeviceRecord(accountId) };
    return rethrowThrottling(error, `reading the device record of ${accountId}`);
  }
}

function isConflict(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  // NoSuchKey: the record was deleted after it was read (If-Match of a key that is gone).
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || name === 'NoSuchKey';
}

/**
 * Applies `change` to an account's record and writes it back only if nobody wrote it since it was read
 * (S3 conditional write: `If-Match` the ETag, or `If-None-Match: *` for a first record). On a conflict
 * it reads the newer record and applies the same change again: changes are facts, idempotent and
 * ordered by their own times, so they compose with whatever the other writer recorded. Nothing is
 * written when the change changes nothing. Starts from `read` when the caller has just read the record.
 *
 * @throws RecordConflictError when every attempt met a concurrent write (the workflow retries).
 */
export async function updateDeviceRecord(
  store: DeviceRecordStore,
  accountId: string,
  change: (record: DeviceRecord) => DeviceRecord,
  read?: StoredDeviceRecord,
): Promise<StoredDeviceRecord> {
  let current = read ?? (await readDeviceRecord(store, accountId));
  for (let attempt = 1; ; attempt++) {
    const next = change(current.record);
    if (JSON.stringify(next) === JSON.stringify(current.record)) return current;
    try {
      const { ETag } = await store.s3.send(
        new PutObjectCommand({
          Bucket: store.bucket,
          Key: deviceRecordKey(accountId),
          Body: JSON.stringify(next),
          ContentType: 'application/json',
          ...(current.etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: current.etag }),
        }),
      );
      return { record: next, ...(ETag === undefined ? {} : { etag: ETag }) };
    } catch (error) {
      if (!isConflict(error)) return rethrowThrottling(error, `writing the device record of ${accountId}`);
      if (attempt >= WRITE_ATTEMPTS) {
        throw new RecordConflictError(
          `the device record of ${accountId} kept changing while it was updated`,
          {
            cause: error,
          },
        );
      }
      current = await readDeviceRecord(store, accountId);
    }
  }
}
