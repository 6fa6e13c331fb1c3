import { createHash } from 'node:crypto';
import { CONTROLS } from './controls';
import {
  isActiveStatus,
  type ControlId,
  type ControlResult,
  type ControlStatus,
  type Finding,
  type FindingScope,
  type ResourceRef,
} from './model';

/** ASFF's limits on the fields orgmfa fills with text of variable length. */
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 1024;

/** The first 32 hex digits of the SHA-256 of `text`: fixed length whatever the input. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * The finding's Id: `orgmfa/<account>/<control>/<hash>`, deterministic per account, control and
 * resource (its id and subject), so that every evaluation of the same problem imports the same finding.
 * The resource is hashed because a user's ARN (path included) can run to hundreds of characters and the
 * Id must stay under ASFF's 512; the newline cannot occur in an ARN or a subject, so no two resources
 * hash the same input.
 */
export function findingId(scope: FindingScope, control: ControlId, resource: ResourceRef): string {
  return `orgmfa/${scope.accountId}/${control}/${shortHash(`${resource.id}\n${resource.subject ?? ''}`)}`;
}

/**
 * The account's default product ARN. BatchImportFindings accepts it only from the account it names,
 * which is why findings are imported from inside each member account.
 */
export function productArn(scope: FindingScope): string {
  return `arn:${scope.partition}:securityhub:${scope.region}:${scope.accountId}:product/${scope.accountId}/default`;
}

/** Compliance.Status of a verdict: an exemption in force is a WARNING (informational), not a failed check. */
export function complianceStatus(status: ControlStatus): Finding['Compliance']['Status'] {
  return status === 'EXEMPT' ? 'WARNING' : status;
}

/** The record state of a verdict in Security Hub: ACTIVE for a failure or an exemption, else ARCHIVED. */
export function recordStateOf(status: ControlStatus): Finding['RecordState'] {
  return isActiveStatus(status) ? 'ACTIVE' : 'ARCHIVED';
}

/** Cuts `text` to `max` characters with an ellipsis, never between the halves of a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** When the finding was created and updated. */
export interface FindingTimes {
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The ASFF finding of one control result, as imported into the member account's own Security Hub: ACTIVE
 * for a FAILED or EXEMPT result, ARCHIVED for a PASSED one.
 * Everything in it comes from the control's definition and the result; neither carries a seed or any
 * other secret, and nothing else goes in.
 */
export function toFinding(result: ControlResult, scope: FindingScope, times: FindingTimes): Finding {
  const control = CONTROLS[result.control];
  const { subject } = result.resource;
  return {
    SchemaVersion: '2018-10-08',
    Id: findingId(scope, result.control, result.resource),
    ProductArn: productArn(scope),
    GeneratorId: `orgmfa/${result.control}`,
    AwsAccountId: scope.accountId,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: times.createdAt,
    UpdatedAt: times.updatedAt,
    Severity: { Label: control.severity },
    Title: truncate(control.title, TITLE_MAX),
    Description: truncate(`${control.description} ${result.detail}`, DESCRIPTION_MAX),
    Remediation: { Recommendation: { Text: control.remediation.text, Url: control.remediation.url } },
    ProductFields: { 'orgmfa/ControlId': result.control },
    Resources: [
      {
        Type: result.resource.type,
        Id: result.resource.id,
        Partition: scope.partition,
        Region: scope.region,
        ...(subject === undefined ? {} : { Details: { Other: { Subject: subject } } }),
      },
    ],
    Compliance: { Status: complianceStatus(result.status) },
    RecordState: recordStateOf(result.status),
  };
}
