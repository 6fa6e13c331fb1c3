import {
  CredentialReportExpiredException,
  CredentialReportNotPresentException,
  CredentialReportNotReadyException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { rethrowThrottling } from './aws-errors';

/** How long to wait between polls while IAM builds the report: 1, 2, 4, 8, 8… seconds. */
const POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 8000, 8000, 8000];

/** IAM regenerates a credential report only when the last one is older than this. */
export const CREDENTIAL_REPORT_MAX_AGE_MS = 4 * 3_600_000;

/** A credential report and when IAM generated it (its evidence time). */
export interface FetchedReport {
  readonly csv: string;
  /** GeneratedTime (ISO 8601); when IAM omits it, the oldest a report can be (`readAt` minus four hours). */
  readonly generatedAt: string;
}

/**
 * What GetCredentialReport answers when there is no report to read yet: still being built
 * (ReportInProgress), none (ReportNotPresent), or one older than four hours (ReportExpired). Anything
 * else is a real error.
 */
function notReady(error: unknown): boolean {
  return (
    error instanceof CredentialReportNotReadyException ||
    error instanceof CredentialReportNotPresentException ||
    error instanceof CredentialReportExpiredException
  );
}

/**
 * Asks IAM to start building the account's credential report, and nothing more: one call. The sweep's
 * first pass does this for every account, so that by the time the sweep reads a report IAM has built it.
 * IAM keeps a report younger than four hours and starts none then.
 */
export async function requestCredentialReport(iam: IAMClient): Promise<void> {
  try {
    await iam.send(new GenerateCredentialReportCommand({}));
  } catch (error) {
    return rethrowThrottling(error, 'the credential report');
  }
}

/**
 * The account's credential report. When it was requested beforehand (`requested`: the sweep's first
 * pass), it is read at once: one call when IAM has built it. Otherwise, or while IAM is still at it,
 * asks IAM to generate one (IAM reuses a report younger than four hours and says COMPLETE at once) and
 * polls with backoff until it is ready. One or a few calls, whatever the number of users.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  sleep: (ms: number) => Promise<void>,
  readAt: Date,
  options: { readonly requested?: boolean } = {},
): Promise<FetchedReport> {
  const fetched = (Content: Uint8Array | undefined, GeneratedTime: Date | undefined): FetchedReport => ({
    csv: new TextDecoder().decode(Content),
    generatedAt: (GeneratedTime ?? new Date(readAt.getTime() - CREDENTIAL_REPORT_MAX_AGE_MS)).toISOString(),
  });
  try {
    if (options.requested === true) {
      try {
        const { Content, GeneratedTime } = await iam.send(new GetCredentialReportCommand({}));
        return fetched(Content, GeneratedTime);
      } catch (error) {
        if (!notReady(error)) throw error;
      }
    }
    for (const delay of [0, ...POLL_DELAYS_MS]) {
      if (delay > 0) await sleep(delay);
      const { State } = await iam.send(new GenerateCredentialReportCommand({}));
      if (State !== 'COMPLETE') continue;
      const { Content, GeneratedTime } = await iam.send(new GetCredentialReportCommand({}));
      return fetched(Content, GeneratedTime);
    }
  } catch (error) {
    return rethrowThrottling(error, 'the credential report');
  }
  throw new Error('IAM did not finish the credential report in time');
}
