import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { rethrowThrottling } from './aws-errors';

/** How long to wait between polls while IAM builds the report: 1, 2, 4, 8, 8… seconds. */
const POLL_DELAYS_MS = [1000, 2000, 4000, 8000, 8000, 8000, 8000];

/**
 * The account's credential report: asks IAM to generate one (IAM reuses a report younger than four
 * hours and says COMPLETE at once) and polls with backoff until it is ready. One or a few calls,
 * whatever the number of users.
 */
export async function fetchCredentialReport(
  iam: IAMClient,
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  try {
    for (const delay of [0, ...POLL_DELAYS_MS]) {
      if (delay > 0) await sleep(delay);
      const { State } = await iam.send(new GenerateCredentialReportCommand({}));
      if (State !== 'COMPLETE') continue;
      const { Content } = await iam.send(new GetCredentialReportCommand({}));
      return new TextDecoder().decode(Content);
    }
  } catch (error) {
    return rethrowThrottling(error, 'the credential report');
  }
  throw new Error('IAM did not finish the credential report in time');
}
