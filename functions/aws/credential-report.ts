import {
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
 * The account's credential report: asks IAM to generate one (IAM reuses a report younger than four
 * hours and says COMPLETE at once) and polls with backoff until it is ready. One or a few calls,
 * whatever the number of users.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  sleep: (ms: number) => Promise<void>,
  readAt: Date,
): Promise<FetchedReport> {
  try {
    for (const delay of [0, ...POLL_DELAYS_MS]) {
      if (delay > 0) await sleep(delay);
      const { State } = await iam.send(new GenerateCredentialReportCommand({}));
      if (State !== 'COMPLETE') continue;
      const { Content, GeneratedTime } = await iam.send(new GetCredentialReportCommand({}));
      return {
        csv: new TextDecoder().decode(Content),
        generatedAt: (
          GeneratedTime ?? new Date(readAt.getTime() - CREDENTIAL_REPORT_MAX_AGE_MS)
        ).toISOString(),
      };
    }
  } catch (error) {
    return rethrowThrottling(error, 'the credential report');
  }
  throw new Error('IAM did not finish the credential report in time');
}
