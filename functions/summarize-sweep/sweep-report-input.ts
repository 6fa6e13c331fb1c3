import { GetObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import type { AwsClients, ClientScope } from '../aws/clients';
import { SecurityHubNotEnabledError } from '../aws/import-findings';
import type { Partition } from '../core/naming';
import { pool } from '../core/pool';
import { reportAccount, type AccountIdentity } from '../core/report/compliance-results';
import { ReportInputError } from '../core/report/report-errors';
import type { ReportAccount, ReportInput } from '../core/report/report-model';
import { sweepReportPartKey } from '../core/report/sweep-report-keys';
import { reportResultsOfPart } from '../core/report/sweep-rows';
import type { AccountSweepResult } from '../core/sweep-results';

/** How many report parts are read at once: S3 serves thousands of GETs per second per prefix. */
const PART_READS = 32;

/**
 * An item of the sweep's account list (`sweeps/<id>/accounts.json`): the account, and its name and OU
 * path when the listing knows them. Other fields of the item are the Map's business, not the report's.
 */
const accountItemSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  name: z.string().optional(),
  ouPath: z.string().optional(),
});

/** Where the sweep's files are, and what it was. */
export interface SweepReportSource {
  readonly sweepId: string;
  readonly bucket: string;
  /** The Distributed Map's item list: the accounts' names and OU paths. */
  readonly accountsKey: string;
  readonly generatedAt: Date;
  readonly partition: Partition;
  readonly region: string;
  readonly organizationId: string;
}

async function read(s3: ReturnType<AwsClients['s3']>, bucket: string, key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await object.Body?.transformToString()) ?? '';
}

async function identities(
  s3: ReturnType<AwsClients['s3']>,
  source: SweepReportSource,
): Promise<Map<string, AccountIdentity>> {
  const parsed = z
    .array(accountItemSchema)
    .safeParse(JSON.parse(await read(s3, source.bucket, source.accountsKey)));
  if (!parsed.success)
    throw new ReportInputError(`the sweep's account list ${source.accountsKey} is not a list of accounts`, {
      cause: parsed.error,
    });
  return new Map(
    parsed.data.map((item) => [
      item.accountId,
      {
        accountId: item.accountId,
        ...(item.name === undefined ? {} : { name: item.name }),
        ...(item.ouPath === undefined ? {} : { ouPath: item.ouPath }),
      },
    ]),
  );
}

/**
 * The sweep's report input: every account of the account list (names and OU paths from it), assessed
 * or not with the reason from its result, and the active findings of each account's JSON-lines part.
 * Only accounts with active findings or exemptions have a part worth reading; they are read
 * concurrently, each part parsed as it arrives, so only the results (never every part's text at once)
 * are held.
 */
export async function sweepReportInput(
  deps: { readonly clients: AwsClients; readonly hub: ClientScope },
  source: SweepReportSource,
  results: readonly AccountSweepResult[],
  failed: readonly { readonly accountId: string; readonly reason: string }[],
): Promise<ReportInput> {
  const s3 = deps.clients.s3(deps.hub);
  const known = await identities(s3, source);
  const identity = (accountId: string) => known.get(accountId) ?? { accountId };
  const accounts = new Map<string, ReportAccount>();
  for (const { accountId, reason } of failed)
    accounts.set(accountId, reportAccount(identity(accountId), { status: 'NOT_ASSESSED', reason }));
  const withFindings: string[] = [];
  for (const result of results) {
    if (result.status !== 'SUCCEEDED') continue;
    accounts.set(
      result.accountId,
      reportAccount(identity(result.accountId), {
        status: 'ASSESSED',
        usersEvaluated: result.usersEvaluated,
        usersWithMfa: result.usersWithMfa,
        // Evaluated and reported, but its findings are not in Security Hub CSPM: incomplete, and said so.
        warnings: result.securityHubEnabled
          ? result.warnings
          : [...result.warnings, new SecurityHubNotEnabledError(result.accountId, source.region).message],
      }),
    );
    if (result.findings.active + result.findings.exempt > 0) withFindings.push(result.accountId);
  }
  // Listed but without a result: the Map never ran it (a sweep cut short). Said, not dropped.
  for (const accountId of known.keys())
    if (!accounts.has(accountId))
      accounts.set(
        accountId,
        reportAccount(identity(accountId), { status: 'NOT_ASSESSED', reason: 'no result from the sweep' }),
      );
  const parts = await pool(withFindings, PART_READS, async (accountId) =>
    reportResultsOfPart(
      accountId,
      await read(s3, source.bucket, sweepReportPartKey(source.sweepId, 'jsonl', accountId)),
    ),
  );
  return {
    generatedAt: source.generatedAt,
    source: { kind: 'sweep', id: source.sweepId },
    partition: source.partition,
    region: source.region,
    organizationId: source.organizationId,
    accounts: [...accounts.values()],
    results: parts.flat(),
  };
}
