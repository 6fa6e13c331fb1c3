import { OrgMfaError } from '../errors';
import type { ControlId, FindingRecord } from './model';

/**
 * The findings record of an account as stored in the hub's state bucket (`findings/<account>.json`),
 * and its migration. Version 2 keeps every finding's verdict with the time of its evidence, PASSED ones
 * included for a while; version 1 (written before evidence times) kept only the active findings:
 * `{"accountId", "active": [{"id", "control", "resourceId", "subject"?, "since", "updatedAt"?, "digest"?}]}`.
 */
export const RECORD_FORMAT_VERSION = 2;

/** The version-1 shape of one active finding. */
interface RecordV1Entry {
  readonly id: string;
  readonly control: ControlId;
  readonly resourceId: string;
  readonly subject?: string;
  readonly since: string;
  readonly updatedAt?: string;
  readonly digest?: string;
}

/** A stored record this code cannot read (a newer format, or not a record at all). Not retried. */
export class FindingsRecordFormatError extends OrgMfaError {
  override readonly name = 'FindingsRecordFormat';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a stored record of either version. A version-1 finding was active (ORGMFA.6 as an exemption in
 * force, the others as failures), and its evidence time is taken to be its last import: the evidence
 * it rested on was at most that fresh, so nothing older than what it was imported from can replace it.
 */
export function parseFindingsRecord(text: string): FindingRecord[] {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch (error) {
    throw new FindingsRecordFormatError('the findings record is not JSON', { cause: error });
  }
  if (!isObject(stored)) throw new FindingsRecordFormatError('the findings record is not a JSON object');
  if (stored.version === RECORD_FORMAT_VERSION && Array.isArray(stored.findings)) {
    return stored.findings as FindingRecord[];
  }
  if (stored.version === undefined && Array.isArray(stored.active)) {
    return (stored.active as RecordV1Entry[]).map((entry) => ({
      ...entry,
      status: entry.control === 'ORGMFA.6' ? 'EXEMPT' : 'FAILED',
      evidenceAt: entry.updatedAt ?? entry.since,
    }));
  }
  throw new FindingsRecordFormatError(
    `the findings record has format version ${JSON.stringify(stored.version)}, which this version of orgmfa cannot read`,
  );
}

/** The stored form of a record (always the current version). */
export function formatFindingsRecord(accountId: string, findings: readonly FindingRecord[]): string {
  return JSON.stringify({ version: RECORD_FORMAT_VERSION, accountId, findings });
}
