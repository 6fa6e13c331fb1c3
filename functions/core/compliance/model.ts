import type { Partition } from '../naming';

/**
 * The compliance model: what orgmfa evaluates and reports as AWS Security Hub findings. Pure types;
 * the event path, the scheduled sweep and `orgmfa audit` all evaluate through the functions of this
 * folder, so there is one implementation of every control.
 */

/** orgmfa's controls. The ids are stable: they name findings and their GeneratorId. */
export type ControlId = 'ORGMFA.1' | 'ORGMFA.2' | 'ORGMFA.3' | 'ORGMFA.4' | 'ORGMFA.5' | 'ORGMFA.6';

/** ASFF severity labels. */
export type SeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** What a finding is about: an IAM user or the account (root, devices and seeds are reported on the account). */
export interface ResourceRef {
  readonly type: 'AwsIamUser' | 'AwsAccount';
  /** The user's ARN, or `AWS::::Account:<id>` for the account. */
  readonly id: string;
  /** For account-level findings about one thing (a device serial, a user's seed): what it is. */
  readonly subject?: string;
}

/** The outcome of one control for one resource. */
export interface ControlResult {
  readonly control: ControlId;
  readonly resource: ResourceRef;
  /** FAILED: the problem exists (for ORGMFA.6: an exemption is in force). PASSED: it does not. */
  readonly status: 'PASSED' | 'FAILED';
  /** One sentence about this resource, for the finding's description. */
  readonly detail: string;
}

/** One IAM user, from a credential-report row (sweep, audit) or from per-user calls (events). */
export interface UserFacts {
  readonly userName: string;
  readonly arn: string;
  readonly consolePassword: boolean;
  readonly activeAccessKeys: number;
  readonly mfaActive: boolean;
  /** The user's tags (orgmfa:exempt, orgmfa:exempt-until). */
  readonly tags: Readonly<Record<string, string>>;
}

/** An unassigned virtual MFA device and since when orgmfa's own record knows it continuously unassigned. */
export interface UnassignedDeviceFacts {
  readonly serialNumber: string;
  /** ISO 8601; undefined when orgmfa's record does not know it unassigned (the sweep then records now). */
  readonly unassignedSince?: string;
}

/** A device orgmfa provisioned, with what its tags say about the seed. */
export interface ProvisionedDeviceFacts {
  readonly userName: string;
  readonly serialNumber: string;
  /** Tag `orgmfa:seed-expires`: when the seed parameter expires. */
  readonly seedExpiresAt: string;
  /** Tag `orgmfa:seed-collected`, set by `orgmfa seed` on pickup. */
  readonly collectedAt?: string;
}

/** Everything the account-level controls need. */
export interface AccountFacts {
  readonly accountId: string;
  /** From the credential report's `<root_account>` row. */
  readonly rootMfaActive: boolean;
  readonly unassignedDevices: readonly UnassignedDeviceFacts[];
  readonly provisionedDevices: readonly ProvisionedDeviceFacts[];
}

/** Settings of the evaluation. */
export interface EvaluationSettings {
  readonly now: Date;
  /** An unassigned device younger than this may belong to a user enrolling now (ORGMFA.3, deletion). */
  readonly orphanGraceHours: number;
}

/** Where findings go: the member account's own Security Hub, in the hub's region. */
export interface FindingScope {
  readonly accountId: string;
  readonly region: string;
  readonly partition: Partition;
}

/** A finding as orgmfa imports it (the ASFF subset it sets). */
export interface Finding {
  readonly SchemaVersion: '2018-10-08';
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: { readonly Label: SeverityLabel };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { readonly Recommendation: { readonly Text: string; readonly Url: string } };
  readonly ProductFields: Readonly<Record<string, string>>;
  readonly Resources: readonly {
    readonly Type: 'AwsIamUser' | 'AwsAccount';
    readonly Id: string;
    readonly Partition: Partition;
    readonly Region: string;
    readonly Details?: { readonly Other: Readonly<Record<string, string>> };
  }[];
  readonly Compliance: { readonly Status: 'PASSED' | 'FAILED' | 'WARNING' };
  readonly RecordState: 'ACTIVE' | 'ARCHIVED';
}

/** orgmfa's own record of one active finding (kept per account, so archiving never depends on GetFindings). */
export interface ActiveFinding {
  readonly id: string;
  readonly control: ControlId;
  readonly resourceId: string;
  readonly subject?: string;
  /** When it became active (ISO 8601): CreatedAt of the finding and the report's "since". */
  readonly since: string;
  /**
   * UpdatedAt of its last import (ISO 8601), when later than `since`. Security Hub ignores an import
   * whose UpdatedAt is not later than the stored one, so the next import of this finding is later still.
   */
  readonly updatedAt?: string;
  /** A digest of the detail last imported: a still-failing finding whose detail changed is re-imported. */
  readonly digest?: string;
}

/** What to import after an evaluation, and the record afterwards. */
export interface ImportPlan {
  /** New or still-failing-but-changed findings (ACTIVE), and resolved ones (PASSED, ARCHIVED). */
  readonly imports: readonly Finding[];
  readonly counts: { readonly new: number; readonly updated: number; readonly resolved: number };
  /** The account's active findings after the imports. */
  readonly active: readonly ActiveFinding[];
}
