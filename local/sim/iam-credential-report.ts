import { awsError } from './aws-errors';
import {
  DEFAULT_ROOT_CREDENTIALS,
  type AccountFixture,
  type CredentialReportFixture,
  type UserFixture,
} from './fixture';
import { userArn, userCreateDate, type IamOperation } from './iam-entities';
import type { ServiceContext } from './simulated-aws';

/**
 * IAM's credential report: `GenerateCredentialReport` takes a snapshot of the account's users that
 * `GetCredentialReport` returns as CSV. IAM generates a new report at most every four hours; within
 * that window it answers COMPLETE and serves the old snapshot, so a change made since does not show.
 * The snapshot is not available at once: the first poll after STARTED is told to wait.
 */
export const CREDENTIAL_REPORT_OPERATIONS: Record<string, IamOperation> = {
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
};

/** IAM regenerates the report at most this often; an older report has expired. */
export const CREDENTIAL_REPORT_MAX_AGE_MS = 4 * 3600_000;

/** How long the simulated generation takes, by the simulation's clock. */
export const CREDENTIAL_REPORT_GENERATION_MS = 5_000;

/** The report's columns, in IAM's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** When the simulated accounts (and so their root users) were created. */
const ACCOUNT_CREATION = '2024-01-01T00:00:00Z';

/** IAM's timestamp style in the report: ISO 8601 to the second with an explicit `+00:00`. */
function reportDate(iso: string | Date): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** Whether `user` has any MFA device: virtual, hardware or FIDO (the report does not say which). */
function hasMfa(account: AccountFixture, user: UserFixture): boolean {
  return (
    account.iam.virtualMfaDevices.some((d) => d.assignedTo === user.userName) ||
    (user.mfaDevices ?? []).length > 0
  );
}

/** The five columns of access key `n` (0 or 1): never used, since the simulation does not track use. */
function accessKeyColumns(user: UserFixture, n: number): string[] {
  const key = user.accessKeys[n];
  if (key === undefined) return ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [String(key.active), reportDate(key.createDate ?? userCreateDate(user)), 'N/A', 'N/A', 'N/A'];
}

const NO_CERTIFICATES = ['false', 'N/A', 'false', 'N/A'];

/** The report's CSV for `account` as it is now. Values are written as they are, never quoted. */
export function credentialReportCsv(account: AccountFixture): string {
  const rootCredentials = account.rootCredentials ?? DEFAULT_ROOT_CREDENTIALS;
  const root = [
    '<root_account>',
    `arn:aws:iam::${account.id}:root`,
    reportDate(ACCOUNT_CREATION),
    // IAM writes not_supported for the root user's password columns, whether it has one or not.
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    String(account.rootMfaActive ?? true),
    ...[String(rootCredentials.accessKeys), 'N/A', 'N/A', 'N/A', 'N/A'],
    ...['false', 'N/A', 'N/A', 'N/A', 'N/A'],
    ...[String(rootCredentials.signingCertificates), 'N/A', 'false', 'N/A'],
  ];
  const users = account.iam.users.map((user) => [
    user.userName,
    userArn(account, user),
    reportDate(userCreateDate(user)),
    String(user.consolePassword),
    user.consolePassword ? 'no_information' : 'N/A',
    user.consolePassword ? reportDate(user.passwordLastChanged ?? userCreateDate(user)) : 'N/A',
    // No password policy with rotation is simulated.
    'N/A',
    String(hasMfa(account, user)),
    ...accessKeyColumns(user, 0),
    ...accessKeyColumns(user, 1),
    ...NO_CERTIFICATES,
  ]);
  return [CREDENTIAL_REPORT_COLUMNS, root, ...users].map((row) => row.join(',')).join('\n');
}

function ageMs(report: CredentialReportFixture, now: Date): number {
  return now.getTime() - Date.parse(report.generatedTime);
}

/**
 * One poll of a report being generated: true when it is available now. With a modelled build time
 * (`buildMs`), only time completes a report; without it, the poll after one that waited does too.
 */
function poll(report: CredentialReportFixture, now: Date, buildMs: number | undefined): boolean {
  if (report.state === 'COMPLETE') return true;
  if (buildMs !== undefined) {
    report.state = ageMs(report, now) >= buildMs ? 'COMPLETE' : 'INPROGRESS';
    return report.state === 'COMPLETE';
  }
  if (ageMs(report, now) >= CREDENTIAL_REPORT_GENERATION_MS || report.state === 'INPROGRESS') {
    report.state = 'COMPLETE';
    return true;
  }
  report.state = 'INPROGRESS';
  return false;
}

function generateCredentialReport(_input: Record<string, unknown>, { sim, account }: ServiceContext): object {
  const now = sim.clock();
  const report = account.iam.credentialReport;
  if (report === undefined || ageMs(report, now) > CREDENTIAL_REPORT_MAX_AGE_MS) {
    account.iam.credentialReport = {
      generatedTime: now.toISOString(),
      content: credentialReportCsv(account),
      state: 'STARTED',
    };
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  }
  return { State: poll(report, now, sim.credentialReportBuildMs) ? 'COMPLETE' : 'INPROGRESS' };
}

function getCredentialReport(_input: Record<string, unknown>, { sim, account }: ServiceContext): object {
  const now = sim.clock();
  const report = account.iam.credentialReport;
  if (report === undefined) {
    throw awsError(
      'iam',
      'ReportNotPresent',
      'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
    );
  }
  if (ageMs(report, now) > CREDENTIAL_REPORT_MAX_AGE_MS) {
    throw awsError(
      'iam',
      'ReportExpired',
      'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
    );
  }
  if (!poll(report, now, sim.credentialReportBuildMs)) {
    throw awsError(
      'iam',
      'ReportInProgress',
      'The request was rejected because the credential report is still being generated.',
    );
  }
  return {
    Content: new TextEncoder().encode(report.content),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(report.generatedTime),
  };
}
