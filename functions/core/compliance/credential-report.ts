import { OrgMfaError } from '../errors';
import { CsvSyntaxError, OffsetFields, QuotedFields, type CsvFields } from './csv-fields';

/** The credential report's name for the account's root user. */
export const ROOT_ACCOUNT_ROW = '<root_account>';

/** One IAM user's row of the credential report, reduced to what the controls read. */
export interface CredentialReportUser {
  readonly userName: string;
  readonly arn: string;
  /** `password_enabled`: the user has a console password. */
  readonly passwordEnabled: boolean;
  /** `mfa_active`: the user has at least one MFA device. */
  readonly mfaActive: boolean;
  /** How many of `access_key_1_active`, `access_key_2_active` are true. */
  readonly activeAccessKeys: number;
  /**
   * `user_creation_time` as IAM wrote it: a user deleted and re-created with the same name and path
   * has the same ARN but another creation time, and must not inherit the old user's row.
   */
  readonly createdAt: string;
  /**
   * The row read the other way, when a line with a quote reads consistently both as RFC 4180 CSV and as
   * plain fields with different ARNs (a path such as `/a,"b",c/`): the reading whose ARN exists now is
   * the user's (see usersFromReport).
   */
  readonly otherReading?: CredentialReportUser;
}

/** A line of the report that was skipped, and why (never its content: it names a user). */
export interface SkippedLine {
  readonly line: number;
  readonly reason: string;
}

/**
 * The credential report of one account: its users, and the lines that could not be read. The
 * `<root_account>` row is not among the users; ORGMFA.5 is decided from IAM's account summary.
 */
export interface CredentialReport {
  readonly users: CredentialReportUser[];
  readonly skipped: SkippedLine[];
}

/** A report orgmfa cannot read at all (no header, a missing column). Not retried: the same report fails again. */
export class CredentialReportFormatError extends OrgMfaError {
  override readonly name = 'CredentialReportFormat';
}

/** Where the columns orgmfa reads are. */
interface Columns {
  readonly count: number;
  readonly user: number;
  readonly arn: number;
  readonly createdAt: number;
  readonly passwordEnabled: number;
  readonly mfaActive: number;
  readonly accessKeysActive: readonly number[];
}

const ACCESS_KEY_ACTIVE = /^access_key_\d+_active$/;

/** Finds the columns by their header names: IAM documents the names, not the order. */
function columnsOf(header: CsvFields): Columns {
  const names = Array.from({ length: header.count }, (_, i) => header.text(i, i).trim());
  const column = (name: string): number => {
    const index = names.indexOf(name);
    if (index === -1) throw new CredentialReportFormatError(`the credential report has no "${name}" column`);
    return index;
  };
  const accessKeysActive = names.flatMap((name, i) => (ACCESS_KEY_ACTIVE.test(name) ? [i] : []));
  if (accessKeysActive.length === 0) {
    throw new CredentialReportFormatError('the credential report has no access_key_<n>_active column');
  }
  return {
    count: names.length,
    user: column('user'),
    arn: column('arn'),
    createdAt: column('user_creation_time'),
    passwordEnabled: column('password_enabled'),
    mfaActive: column('mfa_active'),
    accessKeysActive,
  };
}

/**
 * The row of one line. IAM user names and paths may contain commas (`[\w+=,.@-]`, paths any ASCII);
 * should the report not quote them, `user` and `arn` spread over more fields than the header has. The
 * extra fields are given back to them: a user name has no colon, so the ARN starts at the first of the
 * fields that starts with `arn:`, and every column after `arn` moves right by the number of extra fields.
 */
function rowOf(fields: CsvFields, columns: Columns): CredentialReportUser | string {
  // No closures here: this runs once per row of a 100,000-row report.
  const extra = fields.count - columns.count;
  const arnEnd = columns.arn + extra;
  let arnStart = columns.arn;
  if (extra !== 0) {
    arnStart =
      extra > 0 && columns.arn === columns.user + 1 ? firstArn(fields, columns.user + 1, arnEnd) : -1;
  }
  if (arnStart === -1) return `it has ${fields.count} fields, the header ${columns.count}`;
  const userName = fields.text(columns.user, extra === 0 ? columns.user : arnStart - 1);
  const arn = fields.text(arnStart, arnEnd);
  // A user's ARN ends in "/" and its name; a row split wrongly (a comma or quote in a path) does not.
  if (userName !== ROOT_ACCOUNT_ROW && !endsWithName(arn, userName)) {
    return 'its user and ARN columns do not match (an unusual character in the user name or path?)';
  }
  let activeAccessKeys = 0;
  for (let i = 0; i < columns.accessKeysActive.length; i++) {
    if (fields.isTrue(shifted(columns.accessKeysActive[i]!, columns, extra))) activeAccessKeys += 1;
  }
  const createdAt = shifted(columns.createdAt, columns, extra);
  return {
    userName,
    arn,
    passwordEnabled: fields.isTrue(shifted(columns.passwordEnabled, columns, extra)),
    mfaActive: fields.isTrue(shifted(columns.mfaActive, columns, extra)),
    activeAccessKeys,
    createdAt: fields.text(createdAt, createdAt),
  };
}

/**
 * The row of a line with a quote, read both as RFC 4180 CSV (IAM may quote a value with a comma or a
 * quote) and as plain fields (it may not, and a path may contain a quote). A path such as `/a,"b",c/`
 * reads consistently both ways with different ARNs; the quoted reading comes first and carries the
 * plain one as `otherReading`, so that the reading whose ARN exists wins (see usersFromReport). When
 * neither reading is consistent, the reason the quoted one failed.
 */
function quotedRowOf(line: string, columns: Columns): CredentialReportUser | string {
  let quoted: CredentialReportUser | string;
  try {
    quoted = rowOf(QuotedFields.parse(line), columns);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    quoted = error.message;
  }
  const plain = rowOf(new OffsetFields().load(line, 0, line.length), columns);
  if (typeof quoted === 'string') return typeof plain === 'string' ? quoted : plain;
  return typeof plain === 'string' || plain.arn === quoted.arn ? quoted : { ...quoted, otherReading: plain };
}

/** Whether `arn` is an ARN that ends in `/<userName>` (without building that string: once per row). */
function endsWithName(arn: string, userName: string): boolean {
  const slash = arn.length - userName.length - 1;
  return slash > 4 && arn.charCodeAt(slash) === 0x2f && arn.endsWith(userName) && arn.startsWith('arn:');
}

/** The first of the fields `from` to `to` that starts an ARN, or -1. */
function firstArn(fields: CsvFields, from: number, to: number): number {
  for (let i = from; i <= to; i++) if (fields.startsWith(i, 'arn:')) return i;
  return -1;
}

/** Where a column's field is when the user and arn columns took `extra` more fields. */
function shifted(column: number, columns: Columns, extra: number): number {
  return column > columns.arn ? column + extra : column;
}

/**
 * Parses IAM's credential report (the CSV that GetCredentialReport returns, decoded): a header row that
 * names the columns, then one row per user, the root user's named `<root_account>`. Columns are found by
 * name. Booleans are `true`/`false` in any case; anything else (`N/A`, `not_supported`,
 * `no_information`) reads as false, so that an unexpected value can only make orgmfa report a problem,
 * never hide one. IAM's documentation of the format mentions no quoting, and no value it lists can hold
 * a comma or a quote except names and paths; lines are split with `indexOf`, and a line with a quote is
 * read both as RFC 4180 CSV and as plain fields (when both are consistent and differ, the row carries
 * the other reading: see quotedRowOf). A row that cannot be read consistently (its ARN must end in its
 * user name) is skipped and listed in `skipped`, and the others are read. Throws
 * {@link CredentialReportFormatError} only for a report without a usable header.
 */
export function parseCredentialReport(csv: string): CredentialReport {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const offsets = new OffsetFields();
  let columns: Columns | undefined;
  const users: CredentialReportUser[] = [];
  const skipped: SkippedLine[] = [];
  // The next quote in the text, looked up again only once passed: one scan of the text in all.
  let nextQuote = text.indexOf('"');
  let line = 0;
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    const end = newline === -1 ? text.length : text.charCodeAt(newline - 1) === 0x0d ? newline - 1 : newline;
    line += 1;
    if (end > start) {
      if (nextQuote !== -1 && nextQuote < start) nextQuote = text.indexOf('"', start);
      const quoted = nextQuote !== -1 && nextQuote < end;
      if (columns === undefined) {
        columns = columnsOf(quoted ? headerFields(text.slice(start, end)) : offsets.load(text, start, end));
      } else {
        const row = quoted
          ? quotedRowOf(text.slice(start, end), columns)
          : rowOf(offsets.load(text, start, end), columns);
        if (typeof row === 'string') skipped.push({ line, reason: row });
        else if (row.userName !== ROOT_ACCOUNT_ROW) users.push(row);
      }
    }
    start = next;
  }
  if (columns === undefined)
    throw new CredentialReportFormatError('the credential report is empty (no header row)');
  return { users, skipped };
}

/** The header's fields when it has quotes: a header that is not CSV leaves the report unreadable. */
function headerFields(line: string): CsvFields {
  try {
    return QuotedFields.parse(line);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new CredentialReportFormatError(`the credential report's header: ${error.message}`, {
      cause: error,
    });
  }
}

/** Skipped lines as account warnings: the first `max` with their reason, then how many more. */
export function skippedLineWarnings(skipped: readonly SkippedLine[], max = 5): string[] {
  const lines = skipped
    .slice(0, max)
    .map((s) => `credential report line ${s.line} skipped (its user was not evaluated): ${s.reason}`);
  if (skipped.length > max) lines.push(`credential report: ${skipped.length - max} more lines skipped`);
  return lines;
}
