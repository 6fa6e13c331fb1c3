import { CONTROLS } from '../compliance/controls';
import { findingId } from '../compliance/finding';
import type { ResourceRef, SeverityLabel } from '../compliance/model';
import { quote } from '../quote';
import { ReportInputError } from './report-errors';
import type { FindingRow, ReportAccount, ReportInput, ReportResult } from './report-model';

/** Severities from the most to the least severe: the rows' first sort key. */
export const SEVERITIES: readonly SeverityLabel[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];

const SEVERITY_RANK: Readonly<Record<SeverityLabel, number>> = {
  CRITICAL: 0,
  HIGH: 1,
  MEDIUM: 2,
  LOW: 3,
  INFORMATIONAL: 4,
};

/** A virtual MFA device's serial number is its ARN; its short form keeps the path and the name. */
const DEVICE_ARN = /^arn:[a-z-]+:iam::\d{12}:(mfa\/.+)$/;

/**
 * The short name of a finding's resource: the user name (the ARN's last segment: a path cannot hide
 * it), `mfa/<path><name>` for a device, the subject as it is otherwise (`seed:<user>`), and `root` for
 * the account itself (ORGMFA.5 is about its root user).
 */
export function resourceLabel(resource: ResourceRef): string {
  if (resource.type === 'AwsIamUser') return resource.id.slice(resource.id.lastIndexOf('/') + 1);
  if (resource.subject === undefined) return 'root';
  return DEVICE_ARN.exec(resource.subject)?.[1] ?? resource.subject;
}

/** Code-unit order: the same in every runtime and locale, so a report sorts the same everywhere. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The rows' order: severity (CRITICAL first), account, resource, then control and finding id (a total order). */
export function compareRows(a: FindingRow, b: FindingRow): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.accountId, b.accountId) ||
    compareText(a.resource, b.resource) ||
    compareText(a.control, b.control) ||
    compareText(a.findingId, b.findingId)
  );
}

/** The accounts of a report by id; an id listed twice is a contradiction. */
export function accountsById(accounts: readonly ReportAccount[]): ReadonlyMap<string, ReportAccount> {
  const byId = new Map<string, ReportAccount>();
  for (const account of accounts) {
    if (byId.has(account.accountId))
      throw new ReportInputError(`the report lists account ${quote(account.accountId)} twice`);
    byId.set(account.accountId, account);
  }
  return byId;
}

function toRow(input: ReportInput, account: ReportAccount, result: ReportResult): FindingRow {
  const control = CONTROLS[result.control];
  const exempt = result.verdict === 'EXEMPT';
  if (exempt && result.control !== 'ORGMFA.6')
    throw new ReportInputError(`an EXEMPT verdict belongs to ORGMFA.6, not ${result.control}`);
  return {
    severity: control.severity,
    control: result.control,
    accountId: account.accountId,
    accountName: account.name ?? null,
    ouPath: account.ouPath ?? null,
    resource: resourceLabel(result.resource),
    resourceType: result.resource.type,
    resourceId: result.resource.subject ?? result.resource.id,
    title: control.title,
    remediation: control.remediation.text,
    remediationUrl: control.remediation.url,
    findingId: findingId(
      { accountId: account.accountId, region: input.region, partition: input.partition },
      result.control,
      result.resource,
    ),
    status: exempt ? 'EXEMPT' : 'FAILED',
    detail: result.detail,
    exemptionReason: exempt ? (result.exemption?.reason ?? null) : null,
    exemptUntil: exempt ? (result.exemption?.until ?? null) : null,
  };
}

/**
 * One row per result that is not PASSED, sorted by {@link compareRows}. A result must belong to an
 * assessed account of the input: anything else is a contradiction the report refuses to paper over.
 */
export function findingRows(input: ReportInput): FindingRow[] {
  const accounts = accountsById(input.accounts);
  const rows: FindingRow[] = [];
  for (const result of input.results) {
    if (result.verdict === 'PASSED') continue;
    const account = accounts.get(result.accountId);
    if (account === undefined)
      throw new ReportInputError(
        `a result names account ${quote(result.accountId)}, which the report does not list`,
      );
    if (account.assessment.status !== 'ASSESSED')
      throw new ReportInputError(`a result names account ${result.accountId}, which was not assessed`);
    rows.push(toRow(input, account, result));
  }
  return rows.sort(compareRows);
}
