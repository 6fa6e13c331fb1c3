import { GetObjectCommand } from '@aws-sdk/client-s3';
import { complianceStatus, recordStateOf } from '../../functions/core/compliance/finding';
import { parseFindingsRecord } from '../../functions/core/compliance/findings-record-format';
import type { FindingRecord } from '../../functions/core/compliance/model';
import { recordKey } from '../../functions/aws/findings-record';
import type { Backend } from '../../local/runner/backend';

/** A finding as the simulated Security Hub CSPM stores it (the fields tests read). */
export interface StoredFinding {
  readonly Id: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly ProductArn: string;
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Description: string;
  readonly Compliance: { readonly Status: string };
  readonly RecordState: string;
  readonly Resources: readonly { readonly Id: string; readonly Details?: { Other?: { Subject?: string } } }[];
}

/** The findings of `accountId`'s Security Hub CSPM in the simulation. */
export function stored(backend: Backend, accountId: string): StoredFinding[] {
  return (backend.sim!.account(accountId)!.securityHub?.findings ?? []) as unknown as StoredFinding[];
}

/** orgmfa's findings record of `accountId`, read from the hub's state bucket as the functions read it. */
export async function recordOf(backend: Backend, accountId: string): Promise<FindingRecord[]> {
  try {
    const object = await backend.clients
      .s3(backend.hubScope('sweepAccount'))
      .send(new GetObjectCommand({ Bucket: backend.stateBucket, Key: recordKey(accountId) }));
    return parseFindingsRecord((await object.Body?.transformToString()) ?? '');
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return [];
    throw error;
  }
}

/**
 * Where orgmfa's record and Security Hub disagree, one line each (none: they agree): every finding the
 * record says was imported is in Security Hub with the record's verdict and last UpdatedAt, and every
 * orgmfa finding Security Hub shows ACTIVE is active in the record.
 */
export async function securityHubDisagreements(backend: Backend, accountId: string): Promise<string[]> {
  const records = await recordOf(backend, accountId);
  const findings = new Map(stored(backend, accountId).map((f) => [f.Id, f]));
  const lines: string[] = [];
  for (const record of records) {
    if (record.updatedAt === undefined) continue;
    const finding = findings.get(record.id);
    const expected = `${complianceStatus(record.status)}/${recordStateOf(record.status)} at ${record.updatedAt}`;
    const actual =
      finding === undefined
        ? 'missing'
        : `${finding.Compliance.Status}/${finding.RecordState} at ${finding.UpdatedAt}`;
    if (actual !== expected)
      lines.push(`${record.control} ${record.resourceId}: record ${expected}, Security Hub ${actual}`);
  }
  const activeInRecord = new Set(records.filter((r) => r.status !== 'PASSED').map((r) => r.id));
  for (const finding of findings.values()) {
    if (finding.RecordState === 'ACTIVE' && !activeInRecord.has(finding.Id)) {
      lines.push(
        `${finding.GeneratorId} ${finding.Resources[0]!.Id}: ACTIVE in Security Hub, not in the record`,
      );
    }
  }
  return lines;
}
