import * as iam from 'aws-cdk-lib/aws-iam';
import { stateBucketName } from '../../functions/core/naming';
import type { OrgMfaConfig } from '../../functions/core/config';
import { wildcardResourceFinding } from './nag-finding-ids';
import type { RolePermissions } from './role-permissions';

/** What the state bucket's ARNs depend on. */
export type StateBucketConfig = Pick<OrgMfaConfig, 'partition' | 'hubAccountId'>;

/**
 * The kinds of object in the hub's state bucket, as key patterns. Each role gets exactly the kinds it
 * reads or writes; the keys are the ones the functions and the sweep workflow use.
 */
export const STATE_OBJECT_KEYS = {
  /** An account's record of active findings (`findings/<account>.json`). */
  findingsRecords: 'findings/*',
  /** An account's record of virtual MFA devices, the orphan rule's evidence (`devices/<account>.json`). */
  deviceRecords: 'devices/*',
  /** A sweep's account list, the Distributed Maps' items (`sweeps/<id>/accounts.json`). */
  sweepAccountLists: 'sweeps/*/accounts.json',
  /** A sweep's listing in progress, between ListAccounts invocations (`sweeps/<id>/listing.json`). */
  sweepListings: 'sweeps/*/listing.json',
  /** The sweep's last view of the organization, which the event path starts from. */
  organizationView: 'organization/accounts.json',
  /** A sweep's Distributed Map results: ResultWriter's manifest and result files (`sweeps/<id>/results/…`). */
  sweepResults: 'sweeps/*/results/*',
  /** Sweep reports, per account (JSON lines, CSV) and summary (`reports/sweep=<id>/…`). */
  reports: 'reports/*',
  /** The accounts' JSON-lines parts of sweep reports, read back into the organization's report. */
  reportParts: 'reports/sweep=*/format=jsonl/*',
} as const;

/** A kind of object in the state bucket. */
export type StateObjectKind = keyof typeof STATE_OBJECT_KEYS;

/** Key prefixes the bucket's lifecycle rules apply to. */
export const STATE_PREFIXES = { sweeps: 'sweeps/', reports: 'reports/' } as const;

/**
 * ARN of the state bucket. Its name is fixed (`stateBucketName`), so policies name it from
 * configuration alone, as literal ARNs that cdk-nag acknowledgements can quote.
 */
export function stateBucketArn(config: StateBucketConfig): string {
  return `arn:${config.partition}:s3:::${stateBucketName(config.hubAccountId)}`;
}

/** ARN pattern of one kind of object in the state bucket. */
export function stateObjectsArn(config: StateBucketConfig, kind: StateObjectKind): string {
  return `${stateBucketArn(config)}/${STATE_OBJECT_KEYS[kind]}`;
}

function objectPermissions(
  config: StateBucketConfig,
  options: { sid: string; actions: string[]; kind: StateObjectKind; reason: string },
): RolePermissions {
  const resource = stateObjectsArn(config, options.kind);
  return {
    statements: [
      new iam.PolicyStatement({ sid: options.sid, actions: options.actions, resources: [resource] }),
    ],
    acknowledgements: [{ id: wildcardResourceFinding(resource), reason: options.reason }],
  };
}

/**
 * Reading and conditionally rewriting accounts' findings records (PutObject with If-Match or
 * If-None-Match needs no other action). ListBucket is there because without it S3 answers a GetObject
 * for a missing key with AccessDenied instead of NoSuchKey, and a missing record is how an account's
 * first evaluation is recognized. It lists key names only (account and sweep ids), not contents.
 */
export function findingsRecordsPermissions(config: StateBucketConfig): RolePermissions {
  return readWriteMaybeMissing(config, {
    sid: 'ReadWriteFindingsRecords',
    kind: 'findingsRecords',
    reason:
      'One findings record per account of the organization, named after the account; accounts join at any time.',
  });
}

/**
 * ListBucket on the state bucket: without it S3 answers a GetObject for a missing key with AccessDenied
 * instead of NoSuchKey. One statement for every kind of record (combinePermissions keeps one copy).
 */
function tellMissingRecords(config: StateBucketConfig): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'TellMissingRecords',
    actions: ['s3:ListBucket'],
    resources: [stateBucketArn(config)],
  });
}

/**
 * Reading and rewriting objects that may not exist yet (records, a listing in progress): their object
 * permissions, and ListBucket so that a missing one reads as NoSuchKey.
 */
function readWriteMaybeMissing(
  config: StateBucketConfig,
  options: { sid: string; kind: StateObjectKind; reason: string },
): RolePermissions {
  const objects = objectPermissions(config, { ...options, actions: ['s3:GetObject', 's3:PutObject'] });
  return {
    statements: [...objects.statements, tellMissingRecords(config)],
    acknowledgements: objects.acknowledgements,
  };
}

/**
 * Reading and conditionally rewriting accounts' device records (orgmfa's evidence for the orphan rule).
 * ListBucket, as for the findings records, makes a missing record read as NoSuchKey: an account's
 * first device event is recognized that way. It lists key names only (account ids), not contents.
 */
export function deviceRecordsPermissions(config: StateBucketConfig): RolePermissions {
  return readWriteMaybeMissing(config, {
    sid: 'ReadWriteDeviceRecords',
    kind: 'deviceRecords',
    reason:
      'One device record per account of the organization, named after the account; accounts join at any time.',
  });
}

/** Writing a sweep's account list (the Distributed Map's items). */
export function writeSweepAccountListsPermissions(config: StateBucketConfig): RolePermissions {
  return objectPermissions(config, {
    sid: 'WriteSweepAccountLists',
    actions: ['s3:PutObject'],
    kind: 'sweepAccountLists',
    reason:
      "Each sweep writes its account list under its own id, the execution's name, unknown before it starts.",
  });
}

/** Reading a sweep's account list: the accounts' names and OU paths, for the report. */
export function readSweepAccountListsPermissions(config: StateBucketConfig): RolePermissions {
  return objectPermissions(config, {
    sid: 'ReadSweepAccountLists',
    actions: ['s3:GetObject'],
    kind: 'sweepAccountLists',
    reason:
      "Each sweep's account list is named after its own id, the execution's name, unknown before it starts.",
  });
}

/** Reading the accounts' JSON-lines parts of sweep reports (not the summaries, CSV, HTML or OCSF objects). */
export function readReportPartsPermissions(config: StateBucketConfig): RolePermissions {
  return objectPermissions(config, {
    sid: 'ReadSweepReportParts',
    actions: ['s3:GetObject'],
    kind: 'reportParts',
    reason:
      "One part per account of the organization and sweep, named after both; accounts join at any time and a sweep's id is its execution's name.",
  });
}

/** Reading a sweep's Distributed Map results (manifest and result files). */
export function readSweepResultsPermissions(config: StateBucketConfig): RolePermissions {
  return objectPermissions(config, {
    sid: 'ReadSweepResults',
    actions: ['s3:GetObject'],
    kind: 'sweepResults',
    reason:
      "Step Functions names a sweep's result files after its execution and Map Run, unknown before it starts.",
  });
}

/** Writing sweep reports (per account, and the summary). */
export function writeReportsPermissions(config: StateBucketConfig): RolePermissions {
  return objectPermissions(config, {
    sid: 'WriteSweepReports',
    actions: ['s3:PutObject'],
    kind: 'reports',
    reason: 'Each sweep writes its report under its own id, one object per account and format; write-only.',
  });
}

/**
 * Reading and writing a sweep's listing in progress. ListBucket, as for the records, makes the listing
 * of a sweep's first invocation (none saved yet) read as NoSuchKey; it lists key names only.
 */
export function sweepListingsPermissions(config: StateBucketConfig): RolePermissions {
  return readWriteMaybeMissing(config, {
    sid: 'ReadWriteSweepListings',
    kind: 'sweepListings',
    reason:
      "Each sweep keeps its listing in progress under its own id, the execution's name, unknown before it starts.",
  });
}

/** Writing the organization view (the sweep's listing, for the event path's membership checks). */
export function writeOrganizationViewPermissions(config: StateBucketConfig): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'WriteOrganizationView',
    actions: ['s3:PutObject'],
    resources: [stateObjectsArn(config, 'organizationView')],
  });
}

/** Reading the organization view: the event path's membership checks start from it. */
export function readOrganizationViewPermissions(config: StateBucketConfig): RolePermissions {
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'ReadOrganizationView',
        actions: ['s3:GetObject'],
        resources: [stateObjectsArn(config, 'organizationView')],
      }),
    ],
    acknowledgements: [],
  };
}
