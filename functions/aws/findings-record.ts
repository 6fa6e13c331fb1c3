import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatFindingsRecord, parseFindingsRecord } from '../core/compliance/findings-record-format';
import type { FindingRecord } from '../core/compliance/model';
import { OrgMfaError } from '../core/errors';
import { rethrowThrottling } from './aws-errors';

/** Another writer changed an account's record since it was read: re-read and re-plan. */
export class RecordConflictError extends OrgMfaError {
  override readonly name = 'RecordConflict';
}

/** An account's findings record, with the version it was read at. */
export interface FindingsRecord {
  readonly findings: readonly FindingRecord[];
  /** The S3 ETag it was read at; undefined when the account has no record yet. */
  readonly etag?: string;
}

/** Where an account's record lives in the hub's state bucket. */
export function recordKey(accountId: string): string {
  return `findings/${accountId}.json`;
}

/**
 * Reads the record of orgmfa's findings in an account (either stored format: see
 * findings-record-format.ts). orgmfa keeps its own record so that resolving never depends on
 * GetFindings, which is eventually consistent.
 */
export async function readFindingsRecord(
  s3: S3Client,
  bucket: string,
  accountId: string,
): Promise<FindingsRecord> {
  let body: string | undefined;
  let etag: string | undefined;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: recordKey(accountId) }));
    body = await object.Body?.transformToString();
    etag = object.ETag;
  } catch (error) {
    if (error instanceof NoSuchKey) return { findings: [] };
    return rethrowThrottling(error, `reading the findings record of ${accountId}`);
  }
  return { findings: parseFindingsRecord(body ?? '{}'), ...(etag === undefined ? {} : { etag }) };
}

/**
 * Writes the record back only if nobody wrote it since it was read (S3 conditional write: `If-Match`
 * the read ETag, or `If-None-Match: *` for a first record), so the event path and the sweep never
 * silently lose each other's findings. Always in the current format: a version-1 record is upgraded by
 * its first write.
 */
export async function writeFindingsRecord(
  s3: S3Client,
  bucket: string,
  accountId: string,
  record: FindingsRecord,
  findings: readonly FindingRecord[],
): Promise<void> {
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: recordKey(accountId),
        Body: formatFindingsRecord(accountId, findings),
        ContentType: 'application/json',
        ...(record.etag === undefined ? { IfNoneMatch: '*' } : { IfMatch: record.etag }),
      }),
    );
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') {
      throw new RecordConflictError(
        `the findings record of ${accountId} changed while it was being updated`,
        { cause: error },
      );
    }
    rethrowThrottling(error, `writing the findings record of ${accountId}`);
  }
}
