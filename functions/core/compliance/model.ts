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

/**
 * A control's verdict on one resource. FAILED: the problem exists. EXEMPT (ORGMFA.6 only): an exemption
 * from MFA is in force, which is informational and never a failure (ASFF WARNING, record state ACTIVE).
 * PASSED: neither.
 */
export type ControlStatus = 'PASSED' | 'FAILED' | 'EXEMPT';

/** The outcome of one control for one resource. */
export interface ControlResult {
  readonly control: ControlId;
  readonly resource: ResourceRef;
  readonly status: ControlStatus;
  /** One sentence about this resource, for the finding's description. */
  readonly detail: string;
  /**
   * When the evidence of this verdict was read (ISO 8601): the credential report's GeneratedTime for
   * what the report decides, the start of the fresh reads for what they decide. A verdict never
   * replaces one that rests on fresher evidence (see planImports).
   */
  readonly evidenceAt: string;
  /**
   * An EXEMPT result's exemption as the user's tags state it: the `orgmfa:exempt` reason and the last
   * day (`YYYY-MM-DD`, UTC) when it has one. Reports show them; the finding's detail quotes them too.
   */
  readonly exemption?: { readonly reason: string; readonly until?: string };
}

/**
 * What MFA a user has, as far as it matters: `none`; `otp`, at least one device that also works with
 * access keys (a virtual or hardware TOTP device: GetSessionToken takes only those); `fido-only`, only
 * FIDO security keys or passkeys (serial `arn:…:u2f/…`), which protect console sign-in but cannot be
 * used with access keys; `unclassified`, at least one device whose kind was not read because it does
 * not matter (the user has no active access key).
 */
export type MfaKind = 'none' | 'otp' | 'fido-only' | 'unclassified';

/** One IAM user, from a credential-report row (sweep, audit) or from per-user calls (events). */
export interface UserFacts {
  readonly userName: string;
  readonly arn: string;
  readonly consolePassword: boolean;
  readonly activeAccessKeys: number;
  readonly mfa: MfaKind;
  /** The user's tags (orgmfa:exempt, orgmfa:exempt-until). */
  readonly tags: Readonly<Record<string, string>>;
  /** When the facts that decide the user's verdicts were read (ISO 8601); see {@link ControlResult.evidenceAt}. */
  readonly evidenceAt: string;
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
  /** Tag `orgmfa:user-id`: the unique id the seed is stored for (`/orgmfa/seed/<id>`). */
  readonly provisionedFor?: string;
  /** The unique id of the user the device is assigned to now (the device listing). */
  readonly assignedUserId?: string;
}

/**
 * The root user as IAM's account summary (GetAccountSummary) has it now. With centralized root access,
 * AWS Organizations can remove a member account's root password, access keys and signing certificates:
 * such a root user cannot sign in, and MFA does not apply to it.
 */
export interface RootFacts {
  /** Each fact is undefined when the summary did not state it (a missing key, a value other than 0 or 1). */
  readonly mfa: boolean | undefined;
  readonly password: boolean | undefined;
  readonly accessKeys: boolean | undefined;
  readonly signingCertificates: boolean | undefined;
}

/** Everything the account-level controls need. */
export interface AccountFacts {
  readonly accountId: string;
  /** The root user's MFA and credentials, from IAM's account summary (read fresh). */
  readonly root: RootFacts;
  readonly unassignedDevices: readonly UnassignedDeviceFacts[];
  readonly provisionedDevices: readonly ProvisionedDeviceFacts[];
  /** When these facts were read (ISO 8601): the account-level reads are all fresh. */
  readonly evidenceAt: string;
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

/**
 * orgmfa's record of one finding in an account (kept in the hub, so resolving never depends on
 * GetFindings): the verdict Security Hub should hold, when it was last imported, and when the evidence
 * it rests on was read.
 */
export interface FindingRecord {
  readonly id: string;
  readonly control: ControlId;
  readonly resourceId: string;
  readonly subject?: string;
  /** FAILED or EXEMPT: ACTIVE in Security Hub. PASSED: ARCHIVED there, or never imported. */
  readonly status: ControlStatus;
  /** When it last became active (ISO 8601): CreatedAt of the finding and the report's "since". */
  readonly since?: string;
  /**
   * UpdatedAt of its last import (ISO 8601); absent when it was never imported. Security Hub ignores an
   * import whose UpdatedAt is not later than the stored one, so the next import of it is later still.
   */
  readonly updatedAt?: string;
  /** A digest of the detail last imported: a still-failing finding whose detail changed is re-imported. */
  readonly digest?: string;
  /** When the evidence of the verdict was read (ISO 8601): older evidence never replaces it. */
  readonly evidenceAt: string;
}

/** Whether a status is an ACTIVE finding in Security Hub (a failure, or an exemption in force). */
export function isActiveStatus(status: ControlStatus): boolean {
  return status !== 'PASSED';
}

/** What an import plan changes, by kind. */
export interface PlanCounts {
  /** Findings that became active (FAILED or EXEMPT). */
  readonly new: number;
  /** Active findings re-imported because their detail changed. */
  readonly updated: number;
  /** Active findings re-imported PASSED and ARCHIVED. */
  readonly resolved: number;
  /** Active findings re-imported unchanged so that Security Hub does not expire them (90 days). */
  readonly refreshed: number;
  /** Findings re-imported because Security Hub no longer held what orgmfa imported. */
  readonly restored: number;
  /** ACTIVE findings Security Hub held that the record did not know, resolved or adopted. */
  readonly repaired: number;
  /** Verdicts not applied because the record rests on fresher evidence. */
  readonly yielded: number;
}

/** Why a finding is imported. */
export type ImportKind = 'new' | 'updated' | 'resolved' | 'refreshed' | 'restored' | 'repaired';

/** What to import after an evaluation, and the record afterwards. */
export interface ImportPlan {
  /** New, changed, resolved, refreshed and restored findings, in the record's order. */
  readonly imports: readonly Finding[];
  /** Why each finding of `imports` is imported, by finding id. */
  readonly kinds: ReadonlyMap<string, ImportKind>;
  readonly counts: PlanCounts;
  /** The account's record after the imports. */
  readonly records: readonly FindingRecord[];
  /** Whether the record changed (and so must be written back), imports or not. */
  readonly changed: boolean;
}
