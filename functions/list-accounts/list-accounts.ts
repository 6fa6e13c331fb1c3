import { paginateListAccounts } from '@aws-sdk/client-organizations';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { rethrowThrottling } from '../aws/aws-errors';
import type { AwsClients, ClientScope } from '../aws/clients';
import type { Log } from '../aws/log';

/** What listing the accounts needs. */
export interface ListAccountsDeps {
  readonly clients: AwsClients;
  readonly hub: ClientScope;
  readonly stateBucket: string;
  readonly sweepConcurrency: number;
  readonly log: Log;
}

/** Where a sweep's files live in the state bucket. */
export function sweepPrefix(sweepId: string): string {
  return `sweeps/${sweepId}`;
}

/** A sweep's id: the execution's name (unique per state machine), safe as an S3 key segment. */
export function sweepIdOf(input: unknown): string {
  const name = (input as { executionName?: unknown } | null)?.executionName;
  const id = typeof name === 'string' ? name.replace(/[^\w.-]/g, '_').slice(0, 80) : '';
  if (id === '') throw new Error('the sweep input has no execution name');
  return id;
}

/**
 * The sweep's first step: every account of the organization (the management account included),
 * written to S3 as the Distributed Map's item list, so no state payload grows with the organization.
 * Accounts that are not ACTIVE are listed too: the membership gate turns each into a FAILED result
 * with the reason (suspended, closing), so every account of the organization is accounted for.
 */
export async function listAccounts(deps: ListAccountsDeps, input: unknown) {
  const sweepId = sweepIdOf(input);
  // The name is for the report (see functions/summarize-sweep); the Map passes only the id to SweepAccount.
  const accounts: { accountId: string; name?: string }[] = [];
  try {
    for await (const page of paginateListAccounts({ client: deps.clients.organizations(deps.hub) }, {})) {
      for (const account of page.Accounts ?? []) {
        if (account.Id !== undefined)
          accounts.push({ accountId: account.Id, ...(account.Name ? { name: account.Name } : {}) });
      }
    }
  } catch (error) {
    return rethrowThrottling(error, 'organizations:ListAccounts');
  }
  const accountsKey = `${sweepPrefix(sweepId)}/accounts.json`;
  await deps.clients.s3(deps.hub).send(
    new PutObjectCommand({
      Bucket: deps.stateBucket,
      Key: accountsKey,
      Body: JSON.stringify(accounts),
      ContentType: 'application/json',
    }),
  );
  deps.log.info('sweep started', { sweepId, accounts: accounts.length });
  return {
    sweepId,
    bucket: deps.stateBucket,
    accountsKey,
    total: accounts.length,
    concurrency: deps.sweepConcurrency,
  };
}
