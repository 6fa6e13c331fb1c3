import {
  parseCredentialReport,
  type CredentialReportUser,
} from '../functions/core/compliance/credential-report';
import { evaluateUser } from '../functions/core/compliance/evaluate-user';
import { usersFromReport } from '../functions/core/compliance/report-facts';
import { COMPLIANCE_TAG_KEYS } from '../functions/core/compliance/tags';
import { median } from './stats';

const ACCOUNT = '123456789012';
const ROWS = 100_000;
const MEMORY_ROWS = 10_000;
const RUNS = 7;
const MB = 1024 * 1024;

/** The columns of IAM's credential report, in the order IAM writes them. */
const HEADER =
  'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,' +
  'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,' +
  'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
  'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,' +
  'cert_2_last_rotated';

const ROOT =
  `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-03-01T09:12:44+00:00,not_supported,2024-11-02T17:40:03+00:00,` +
  'not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A';

/** One user row; every fourth user signs in to the console, every third has a key, every fifth has MFA. */
function userRow(i: number): string {
  const name = `user-${String(i).padStart(6, '0')}`;
  const password = i % 4 === 0;
  const key = i % 3 === 0;
  const mfa = i % 5 === 0;
  const passwordColumns = password
    ? 'true,2025-01-10T08:00:00+00:00,2024-12-01T08:00:00+00:00,N/A'
    : 'false,N/A,N/A,N/A';
  const keyColumns = key
    ? 'true,2024-06-01T10:00:00+00:00,2025-01-12T11:22:00+00:00,eu-west-1,s3'
    : 'false,N/A,N/A,N/A,N/A';
  return (
    `${name},arn:aws:iam::${ACCOUNT}:user/engineering/${name},2023-05-04T12:00:00+00:00,${passwordColumns},` +
    `${mfa},${keyColumns},false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`
  );
}

/** A credential report of `rows` users, as GetCredentialReport's decoded content. */
function syntheticReport(rows: number): string {
  const lines = [HEADER, ROOT];
  for (let i = 0; i < rows; i++) lines.push(userRow(i));
  return lines.join('\n');
}

const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const EXEMPT: Readonly<Record<string, string>> = Object.freeze({
  [COMPLIANCE_TAG_KEYS.exempt]: 'break-glass user, reviewed quarterly',
  [COMPLIANCE_TAG_KEYS.exemptUntil]: '2099-12-31',
});

/**
 * The fresh user listing the sweep corrects the report with (GetAccountAuthorizationDetails): every user
 * of the report still exists, one in a hundred exempt. Built before timing: it comes from IAM's pages.
 */
function currentUsers(rows: readonly CredentialReportUser[]) {
  return new Map(
    rows.map((row, i) => [
      row.userName,
      // CreateDate as the listing gives it: compared with each row's user_creation_time.
      { arn: row.arn, tags: i % 100 === 0 ? EXEMPT : NO_TAGS, createdAt: row.createdAt },
    ]),
  );
}

/** Parses the report, corrects it (usersFromReport: no virtual devices) and evaluates every user. */
function evaluateReport(csv: string, current: ReturnType<typeof currentUsers>, now: Date): number {
  const at = now.toISOString();
  const users = usersFromReport(parseCredentialReport(csv).users, {
    current,
    withVirtualDevice: new Set(),
    reportAt: at,
    readAt: at,
  }).users;
  let results = 0;
  for (let i = 0; i < users.length; i++) results += evaluateUser(users[i]!, { now }).length;
  return results;
}

/** Heap held by a parsed and evaluated report of `rows` users, the process's rss then and its peak so far. */
function memoryFor(rows: number, now: Date): { heapMb: number; rssMb: number; peakMb: number } {
  const before = process.memoryUsage();
  const csv = syntheticReport(rows);
  const parsed = parseCredentialReport(csv).users;
  const at = now.toISOString();
  const users = usersFromReport(parsed, {
    current: currentUsers(parsed),
    withVirtualDevice: new Set(),
    reportAt: at,
    readAt: at,
  }).users;
  const results = users.map((user) => evaluateUser(user, { now }));
  const after = process.memoryUsage();
  if (results.length !== rows) throw new Error('the memory run did not evaluate every user');
  return {
    heapMb: (after.heapUsed - before.heapUsed) / MB,
    rssMb: after.rss / MB,
    peakMb: process.resourceUsage().maxRSS / 1024,
  };
}

/**
 * Evaluating a credential report on one core: parse + evaluateUser over 100,000 rows (median of a few
 * runs), and the memory a 10,000-user account needs. Without `--expose-gc` the heap figure is the
 * growth of heapUsed while the report, its rows and the results are all held: an upper bound of what
 * the evaluation keeps alive.
 */
export async function benchCredentialReport(): Promise<string[]> {
  const now = new Date('2025-06-01T00:00:00Z');
  const memory = memoryFor(MEMORY_ROWS, now);
  const csv = syntheticReport(ROWS);
  const current = currentUsers(parseCredentialReport(csv).users);
  evaluateReport(csv, current, now); // warm-up: let the JIT compile the hot path before timing
  const total: number[] = [];
  const parseOnly: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let began = performance.now();
    parseCredentialReport(csv);
    parseOnly.push(performance.now() - began);
    began = performance.now();
    const results = evaluateReport(csv, current, now);
    total.push(performance.now() - began);
    if (results !== ROWS * 3) throw new Error(`the benchmark evaluated ${results} results, not ${ROWS * 3}`);
  }
  const rate = (ms: number) => Math.round(ROWS / (ms / 1000)).toLocaleString('en-US');
  return [
    'Credential report evaluation (parseCredentialReport + usersFromReport + evaluateUser), one core',
    `  ${ROWS.toLocaleString('en-US')} rows (${(csv.length / MB).toFixed(1)} MB of CSV): median ${median(total).toFixed(0)} ms over ${RUNS} runs → ${rate(median(total))} rows/s (parse alone: ${rate(median(parseOnly))} rows/s)`,
    `  ${MEMORY_ROWS.toLocaleString('en-US')}-user account: heap +${memory.heapMb.toFixed(1)} MB with report, rows and results held; rss ${memory.rssMb.toFixed(0)} MB (process peak so far ${memory.peakMb.toFixed(0)} MB, node and earlier benchmarks included)`,
    '  goal: ≥ 500,000 rows/s on one core; < 256 MB peak memory for a 10,000-user account',
  ];
}
