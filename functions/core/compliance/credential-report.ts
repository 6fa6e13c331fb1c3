import { OrgMfaError } from '../errors';
import { CsvSyntaxError, OffsetFields, QuotedFields, type CsvFields } from './csv-fields';
import type { UserFacts } from './model';

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
}

/** The credential report of one account. */
export interface CredentialReport {
  /** The `<root_account>` row; undefined when the report has none. */
  readonly root: { readonly mfaActive: boolean } | undefined;
  readonly users: CredentialReportUser[];
}

/** A report orgmfa cannot read (no header, a missing column, a malformed row). Not retried: the same report fails again. */
export class CredentialReportFormatError extends OrgMfaError {
  override readonly name = 'CredentialReportFormat';
}

/** Where the columns orgmfa reads are. */
interface Columns {
  readonly count: number;
  readonly user: number;
  readonly arn: number;
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
function rowOf(fields: CsvFields, columns: Columns, line: number): CredentialReportUser {
  // No closures here: this runs once per row of a 100,000-row report.
  const extra = fields.count - columns.count;
  const arnEnd = columns.arn + extra;
  let arnStart = columns.arn;
  if (extra !== 0) {
    arnStart =
      extra > 0 && columns.arn === columns.user + 1 ? firstArn(fields, columns.user + 1, arnEnd) : -1;
  }
  if (arnStart === -1) {
    throw new CredentialReportFormatError(
      `line ${line} of the credential report has ${fields.count} fields, the header ${columns.count}`,
    );
  }
  let activeAccessKeys = 0;
  for (let i = 0; i < columns.accessKeysActive.length; i++) {
    if (fields.isTrue(shifted(columns.accessKeysActive[i]!, columns, extra))) activeAccessKeys += 1;
  }
  return {
    userName: fields.text(columns.user, extra === 0 ? columns.user : arnStart - 1),
    arn: fields.text(arnStart, arnEnd),
    passwordEnabled: fields.isTrue(shifted(columns.passwordEnabled, columns, extra)),
    mfaActive: fields.isTrue(shifted(columns.mfaActive, columns, extra)),
    activeAccessKeys,
  };
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
 * a comma or a quote except names; lines are split with `indexOf`, and a line with a quote is read as
 * RFC 4180 CSV, so quoted values are understood too. Throws {@link CredentialReportFormatError}.
 */
export function parseCredentialReport(csv: string): CredentialReport {
  const text = csv.charCodeAt(0) === 0xfeff ? csv.slice(1) : csv;
  const offsets = new OffsetFields();
  let columns: Columns | undefined;
  let root: CredentialReport['root'];
  const users: CredentialReportUser[] = [];
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
      let fields: CsvFields;
      try {
        fields =
          nextQuote !== -1 && nextQuote < end
            ? QuotedFields.parse(text.slice(start, end))
            : offsets.load(text, start, end);
      } catch (error) {
        if (!(error instanceof CsvSyntaxError)) throw error;
        throw new CredentialReportFormatError(`line ${line} of the credential report: ${error.message}`, {
          cause: error,
        });
      }
      if (columns === undefined) {
        columns = columnsOf(fields);
      } else {
        const row = rowOf(fields, columns, line);
        if (row.userName === ROOT_ACCOUNT_ROW) root = { mfaActive: row.mfaActive };
        else users.push(row);
      }
    }
    start = next;
  }
  if (columns === undefined)
    throw new CredentialReportFormatError('the credential report is empty (no header row)');
  return { root, users };
}

/** The facts of a user from its credential-report row and its tags (ListUserTags). */
export function userFacts(row: CredentialReportUser, tags: Readonly<Record<string, string>>): UserFacts {
  return {
    userName: row.userName,
    arn: row.arn,
    consolePassword: row.passwordEnabled,
    activeAccessKeys: row.activeAccessKeys,
    mfaActive: row.mfaActive,
    tags,
  };
}
