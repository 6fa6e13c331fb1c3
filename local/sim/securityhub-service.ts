import { ArrayIndex } from './array-index';
import { awsError } from './aws-errors';
import type { AccountFixture, SecurityHubFixture } from './fixture';
import type { ServiceContext, ServiceHandler } from './simulated-aws';

/**
 * Security Hub of one account in one region, for a finding provider using the account's default
 * product (a custom integration), with the rules orgmfa depends on:
 * - BatchImportFindings takes at most 100 findings; every finding's `ProductArn` must be the calling
 *   account's default product in the client's region and its `AwsAccountId` the calling account. A
 *   finding for another account (or another account's or region's product) is refused for the whole
 *   request with AccessDeniedException: that is how AWS answers it (AWS Support, quoted in
 *   prowler-cloud/prowler#867), not with a FailedFindings entry.
 * - In an account without Security Hub every finding comes back in FailedFindings with `InvalidAccess`
 *   (Security Hub user guide, "BatchImportFindings for finding providers"); GetFindings is refused
 *   with InvalidAccessException.
 * - A finding with the Id of a stored one updates it only when its UpdatedAt is later; an update whose
 *   UpdatedAt matches or precedes the stored one is ignored (same page). Ignored is not failed: it is
 *   counted as a success and the stored finding does not change.
 * - A finding missing a required ASFF attribute fails with `InvalidInput`.
 * - `RecordState` and `Compliance.Status` change only through an import (no BatchUpdateFindings here),
 *   and the workflow fields (`Workflow`, `Note`, `UserDefinedFields`, `VerificationState`) of a stored
 *   finding are not changed by an import. Any principal of the account may import with its default
 *   product, so it can update (or hide) the findings another importer of the account made.
 * - Security Hub CSPM records when it processed an import (`ProcessedAt`) and deletes an ACTIVE finding
 *   90 days, an ARCHIVED one 30 days, after its last update (the later of `UpdatedAt` and
 *   `ProcessedAt`) ("Creating and updating findings in Security Hub CSPM").
 */
export const securityHubService: ServiceHandler = (operation, input, ctx) => {
  const store = hub(ctx.account);
  if (store !== undefined) expire(store, ctx.sim.clock().getTime());
  switch (operation) {
    case 'BatchImportFindings':
      return batchImportFindings(input, ctx);
    case 'GetFindings':
      return getFindings(input, ctx);
    default:
      throw awsError('securityhub', 'InvalidAction', `securityhub:${operation} is not simulated`);
  }
};

/** Security Hub's limits on BatchImportFindings. */
export const MAX_FINDINGS_PER_BATCH = 100;
export const MAX_FINDING_BYTES = 240 * 1024;
export const MAX_BATCH_BYTES = 6 * 1024 * 1024;

/** GetFindings' largest page, and its page size when MaxResults is not given. */
export const MAX_GET_FINDINGS_RESULTS = 100;

type Finding = Record<string, unknown>;

const DAY_MS = 86_400_000;

/** How long Security Hub CSPM keeps a finding after its last update, by record state. */
export const FINDING_RETENTION_MS = { ACTIVE: 90 * DAY_MS, ARCHIVED: 30 * DAY_MS } as const;

/** Deletes the findings whose retention ended. */
function expire(store: SecurityHubFixture, now: number): void {
  const kept = (store.findings as Finding[]).filter((finding) => {
    const updated = Math.max(
      Date.parse(String(finding.UpdatedAt)),
      Date.parse(String(finding.ProcessedAt ?? 0)),
    );
    const retention =
      finding.RecordState === 'ARCHIVED' ? FINDING_RETENTION_MS.ARCHIVED : FINDING_RETENTION_MS.ACTIVE;
    return Number.isNaN(updated) || now - updated <= retention;
  });
  if (kept.length !== store.findings.length) store.findings = kept;
}

/** The account's default product ARN in `region`: what a custom integration imports with. */
export function defaultProductArn(accountId: string, region: string): string {
  return `arn:aws:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function notSubscribed(account: AccountFixture): string {
  return `Account ${account.id} is not subscribed to AWS Security Hub`;
}

/** The account's Security Hub if it is enabled. */
function hub(account: AccountFixture): SecurityHubFixture | undefined {
  return account.securityHub?.enabled === true ? account.securityHub : undefined;
}

function batchImportFindings(input: Record<string, unknown>, ctx: ServiceContext): object {
  const { account, caller, region } = ctx;
  const findings = input.Findings;
  if (!Array.isArray(findings)) {
    throw awsError('securityhub', 'InvalidInputException', 'Findings is required and must be a list.');
  }
  if (findings.length > MAX_FINDINGS_PER_BATCH) {
    throw awsError(
      'securityhub',
      'InvalidInputException',
      `Findings contains ${findings.length} findings; a BatchImportFindings request accepts at most ${MAX_FINDINGS_PER_BATCH}.`,
    );
  }
  if (Buffer.byteLength(JSON.stringify(findings)) > MAX_BATCH_BYTES) {
    throw awsError('securityhub', 'InvalidInputException', 'The request is larger than 6 MB.');
  }
  const product = defaultProductArn(account.id, region);
  for (const finding of findings as Finding[]) {
    const productArn = finding?.ProductArn;
    const accountId = finding?.AwsAccountId;
    if (
      (typeof productArn === 'string' && productArn !== product) ||
      (typeof accountId === 'string' && accountId !== account.id)
    ) {
      throw awsError(
        'securityhub',
        'AccessDeniedException',
        `User: ${caller.sessionArn} is not authorized to perform: securityhub:BatchImportFindings on resource: ${typeof productArn === 'string' ? productArn : product}`,
      );
    }
  }
  const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
  const fail = (finding: Finding, code: string, message: string) =>
    failed.push({
      Id: typeof finding?.Id === 'string' ? finding.Id : '',
      ErrorCode: code,
      ErrorMessage: message,
    });
  const store = hub(account);
  for (const finding of findings as Finding[]) {
    if (store === undefined) {
      fail(finding, 'InvalidAccess', notSubscribed(account));
      continue;
    }
    const problem = asffProblem(finding);
    if (problem !== undefined) {
      fail(finding, 'InvalidInput', `Finding does not adhere to Amazon Finding Format. ${problem}`);
      continue;
    }
    upsert(store, finding, region, ctx.sim.clock().toISOString());
  }
  return {
    FailedCount: failed.length,
    SuccessCount: findings.length - failed.length,
    FailedFindings: failed,
  };
}

/** Security Hub's own attributes of a stored finding, which an import does not replace. */
const WORKFLOW_FIELDS = ['Workflow', 'WorkflowState', 'Note', 'UserDefinedFields', 'VerificationState'];

/** Stored findings by Id and ProductArn: an import costs the same however many findings the account holds. */
const STORED = new ArrayIndex<Finding>((f) => `${String(f.ProductArn)} ${String(f.Id)}`);

function upsert(store: SecurityHubFixture, finding: Finding, region: string, processedAt: string): void {
  const findings = store.findings as Finding[];
  const index = STORED.position(findings, `${String(finding.ProductArn)} ${String(finding.Id)}`);
  const imported: Finding = structuredClone(finding);
  if (index < 0) {
    STORED.push(findings, {
      ...imported,
      // What Security Hub fills in on a new finding of a custom integration.
      ProductName: 'Default',
      CompanyName: 'Personal',
      Region: region,
      RecordState: imported.RecordState ?? 'ACTIVE',
      WorkflowState: 'NEW',
      Workflow: { Status: 'NEW' },
      ProcessedAt: processedAt,
    });
    return;
  }
  const stored = findings[index]!;
  // An update is applied only when it is later than what is stored; otherwise it is ignored.
  if (Date.parse(String(imported.UpdatedAt)) <= Date.parse(String(stored.UpdatedAt))) return;
  const kept = Object.fromEntries(WORKFLOW_FIELDS.filter((k) => k in stored).map((k) => [k, stored[k]]));
  findings[index] = {
    ...imported,
    ProductName: stored.ProductName,
    CompanyName: stored.CompanyName,
    Region: stored.Region,
    RecordState: imported.RecordState ?? stored.RecordState,
    ProcessedAt: processedAt,
    ...kept,
  };
}

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Title',
  'UpdatedAt',
] as const;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** What makes `finding` invalid ASFF, worded like Security Hub's schema errors; undefined if valid. */
function asffProblem(finding: Finding): string | undefined {
  if (typeof finding !== 'object' || finding === null) return 'data should be object.';
  for (const key of REQUIRED) {
    if (finding[key] === undefined) return `data should have required property '${key}'.`;
  }
  for (const key of ['Id', 'GeneratorId', 'Title', 'Description'] as const) {
    if (typeof finding[key] !== 'string' || finding[key] === '')
      return `data.${key} should NOT be shorter than 1 characters.`;
  }
  if (finding.SchemaVersion !== '2018-10-08')
    return 'data.SchemaVersion should be equal to one of the allowed values.';
  for (const key of ['CreatedAt', 'UpdatedAt'] as const) {
    const value = finding[key];
    if (typeof value !== 'string' || !ISO_8601.test(value) || Number.isNaN(Date.parse(value))) {
      return `data.${key} should match format "date-time".`;
    }
  }
  const resources = finding.Resources;
  if (!Array.isArray(resources) || resources.length === 0)
    return 'data.Resources should NOT have fewer than 1 items.';
  for (const [i, resource] of (resources as Finding[]).entries()) {
    for (const key of ['Type', 'Id'] as const) {
      if (typeof resource?.[key] !== 'string' || resource[key] === '') {
        return `data.Resources[${i}].${key} should NOT be shorter than 1 characters.`;
      }
    }
  }
  // Severity and Types: either at the top or, as finding providers should, under FindingProviderFields.
  const provider = (finding.FindingProviderFields ?? {}) as Finding;
  const severity = (finding.Severity ?? provider.Severity) as Finding | undefined;
  if (severity?.Label === undefined && severity?.Normalized === undefined) {
    return "data should have required property 'FindingProviderFields', data should match some schema in anyOf.";
  }
  const types = finding.Types ?? provider.Types;
  if (!Array.isArray(types) || types.length === 0) {
    return "data should have required property 'Types', data should match some schema in anyOf.";
  }
  const compliance = finding.Compliance as Finding | undefined;
  if (
    compliance !== undefined &&
    !['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'].includes(String(compliance.Status))
  ) {
    return 'data.Compliance.Status should be equal to one of the allowed values.';
  }
  if (
    finding.RecordState !== undefined &&
    finding.RecordState !== 'ACTIVE' &&
    finding.RecordState !== 'ARCHIVED'
  ) {
    return 'data.RecordState should be equal to one of the allowed values.';
  }
  if (Buffer.byteLength(JSON.stringify(finding)) > MAX_FINDING_BYTES)
    return 'data should NOT be larger than 240 KB.';
  return undefined;
}

/** The GetFindings filters the simulation answers, by the finding attribute each one reads. */
const FILTERABLE: Record<string, (f: Finding) => unknown> = {
  Id: (f) => f.Id,
  ProductArn: (f) => f.ProductArn,
  GeneratorId: (f) => f.GeneratorId,
  AwsAccountId: (f) => f.AwsAccountId,
  Region: (f) => f.Region,
  Title: (f) => f.Title,
  RecordState: (f) => f.RecordState,
  ComplianceStatus: (f) => (f.Compliance as Finding | undefined)?.Status,
  WorkflowStatus: (f) => (f.Workflow as Finding | undefined)?.Status,
  SeverityLabel: (f) => (f.Severity as Finding | undefined)?.Label,
};

interface StringFilter {
  Value?: string;
  Comparison?: string;
}

const POSITIVE: Record<string, (actual: string, value: string) => boolean> = {
  EQUALS: (a, v) => a === v,
  PREFIX: (a, v) => a.startsWith(v),
  CONTAINS: (a, v) => a.includes(v),
};
const NEGATIVE: Record<string, (actual: string, value: string) => boolean> = {
  NOT_EQUALS: (a, v) => a !== v,
  PREFIX_NOT_EQUALS: (a, v) => !a.startsWith(v),
  NOT_CONTAINS: (a, v) => !a.includes(v),
};

/**
 * Security Hub's StringFilter rules: for one attribute, the positive comparisons are ORed and the
 * negative ones ANDed; different attributes are ANDed.
 */
function matcher(filters: Record<string, unknown>): (finding: Finding) => boolean {
  const tests = Object.entries(filters).map(([key, raw]) => {
    const read = FILTERABLE[key];
    if (read === undefined) {
      throw awsError(
        'securityhub',
        'InvalidInputException',
        `The GetFindings filter ${key} is not simulated.`,
      );
    }
    const list = (Array.isArray(raw) ? raw : []) as StringFilter[];
    for (const f of list) {
      const comparison = String(f.Comparison);
      if (
        typeof f.Value !== 'string' ||
        (POSITIVE[comparison] === undefined && NEGATIVE[comparison] === undefined)
      ) {
        throw awsError(
          'securityhub',
          'InvalidInputException',
          `Invalid filter for ${key}: a Value and a valid Comparison are required.`,
        );
      }
    }
    const positive = list.filter((f) => POSITIVE[String(f.Comparison)] !== undefined);
    const negative = list.filter((f) => NEGATIVE[String(f.Comparison)] !== undefined);
    return (finding: Finding) => {
      const value = read(finding);
      const actual = value === undefined ? '' : String(value);
      if (positive.length > 0 && !positive.some((f) => POSITIVE[f.Comparison!]!(actual, f.Value!)))
        return false;
      return negative.every((f) => NEGATIVE[f.Comparison!]!(actual, f.Value!));
    };
  });
  return (finding) => tests.every((test) => test(finding));
}

const TOKEN_PREFIX = 'orgmfa-sim-findings:';

function getFindings(input: Record<string, unknown>, { account }: ServiceContext): object {
  const store = hub(account);
  if (store === undefined) throw awsError('securityhub', 'InvalidAccessException', notSubscribed(account));
  const maxResults = Number(input.MaxResults ?? MAX_GET_FINDINGS_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_GET_FINDINGS_RESULTS) {
    throw awsError(
      'securityhub',
      'InvalidInputException',
      `MaxResults must be between 1 and ${MAX_GET_FINDINGS_RESULTS}.`,
    );
  }
  let start = 0;
  if (input.NextToken !== undefined) {
    const text = Buffer.from(String(input.NextToken), 'base64').toString('utf8');
    start = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : Number.NaN;
    if (!Number.isInteger(start) || start < 0) {
      throw awsError('securityhub', 'InvalidInputException', 'The NextToken is not valid.');
    }
  }
  const selected = (store.findings as Finding[]).filter(
    matcher((input.Filters ?? {}) as Record<string, unknown>),
  );
  const next = start + maxResults;
  return {
    Findings: selected.slice(start, next).map((f) => structuredClone(f)),
    ...(next < selected.length
      ? { NextToken: Buffer.from(`${TOKEN_PREFIX}${next}`).toString('base64') }
      : {}),
  };
}
