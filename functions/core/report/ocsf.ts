import type { SeverityLabel } from '../compliance/model';
import type { Partition } from '../naming';
import type { FindingRow } from './report-model';

/**
 * OCSF export: one Compliance Finding (class 2003, category Findings) per row, as JSON Lines. Written
 * against OCSF 1.6.0, the version AWS Security Hub takes findings in; the `cloud` profile is applied
 * (the findings are about AWS accounts and IAM users). An exemption in force is a finding whose
 * compliance status is Warning and whose finding status is Suppressed (reviewed and accepted), never Fail.
 */

/** The OCSF schema version the lines claim (metadata.version). */
export const OCSF_VERSION = '1.6.0';

const CLASS = { uid: 2003, name: 'Compliance Finding' } as const;
const CATEGORY = { uid: 2, name: 'Findings' } as const;
/** Create: each line states a finding as found by this run (an export is a snapshot, not a change log). */
const ACTIVITY = { id: 1, name: 'Create' } as const;

const SEVERITY: Readonly<Record<SeverityLabel, { id: number; name: string }>> = {
  INFORMATIONAL: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

/** What the rows do not carry: when, where, and which orgmfa. */
export interface OcsfContext {
  readonly generatedAt: Date;
  readonly partition: Partition;
  readonly region: string;
  readonly organizationId?: string;
  /** orgmfa's version (metadata.product.version). */
  readonly productVersion: string;
}

/** One row as an OCSF Compliance Finding event. */
export function toOcsfFinding(row: FindingRow, context: OcsfContext): Record<string, unknown> {
  const severity = SEVERITY[row.severity];
  const exempt = row.status === 'EXEMPT';
  const account: Record<string, unknown> = { uid: row.accountId, type_id: 10, type: 'AWS Account' };
  if (row.accountName !== null) account.name = row.accountName;
  const cloud: Record<string, unknown> = { provider: 'AWS', region: context.region, account };
  if (context.organizationId !== undefined) cloud.org = { uid: context.organizationId };
  const compliance: Record<string, unknown> = {
    control: row.control,
    standards: ['orgmfa'],
    status_id: exempt ? 2 : 3,
    status: exempt ? 'Warning' : 'Fail',
  };
  if (exempt)
    compliance.status_details = [
      `Exempt from MFA${row.exemptUntil === null ? ' with no end date' : ` until ${row.exemptUntil}`}: ${row.exemptionReason ?? ''}`,
    ];
  return {
    activity_id: ACTIVITY.id,
    activity_name: ACTIVITY.name,
    category_uid: CATEGORY.uid,
    category_name: CATEGORY.name,
    class_uid: CLASS.uid,
    class_name: CLASS.name,
    type_uid: CLASS.uid * 100 + ACTIVITY.id,
    type_name: `${CLASS.name}: ${ACTIVITY.name}`,
    severity_id: severity.id,
    severity: severity.name,
    status_id: exempt ? 3 : 1,
    status: exempt ? 'Suppressed' : 'New',
    time: context.generatedAt.getTime(),
    message: row.title,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: 'orgmfa', vendor_name: 'orgmfa', version: context.productVersion },
    },
    finding_info: {
      uid: row.findingId,
      title: row.title,
      desc: row.detail,
      types: ['Software and Configuration Checks/AWS Security Best Practices'],
    },
    compliance,
    remediation: { desc: row.remediation, references: [row.remediationUrl] },
    resources: [
      {
        uid: row.resourceId,
        name: row.resource,
        type: row.resourceType,
        cloud_partition: context.partition,
        region: context.region,
      },
    ],
    cloud,
  };
}

/** `--output ocsf`: one JSON object per line, one line per row. */
export function renderOcsf(rows: readonly FindingRow[], context: OcsfContext): string {
  return rows.map((row) => JSON.stringify(toOcsfFinding(row, context))).join('\n');
}
