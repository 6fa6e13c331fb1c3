import { CONTROLS } from '../compliance/controls';
import type { ControlId } from '../compliance/model';
import { SEVERITIES } from './finding-rows';
import type { FindingRow } from './report-model';

/**
 * The HTML report's rows as compact columnar data: each column an array with one entry per row, and
 * repeated strings (accounts, resources, details, reasons) stored once in a dictionary and referenced
 * by index. A detail or a resource id is stored as a template (see {@link Template}) because it repeats
 * the row's resource and account: "User alice has …" and "User bob has …" share one template.
 */

/** A template's parts: text as it is, 0 for the row's resource (short name), 1 for the row's account id. */
export type Template = readonly (string | 0 | 1)[];

export interface PackedRows {
  readonly count: number;
  readonly severities: readonly string[];
  readonly controls: readonly {
    readonly id: ControlId;
    readonly title: string;
    readonly remediation: string;
    readonly url: string;
  }[];
  /** [account id, name or null, OU path or null]. */
  readonly accounts: readonly (readonly [string, string | null, string | null])[];
  readonly resources: readonly string[];
  readonly templates: readonly Template[];
  readonly reasons: readonly string[];
  readonly untils: readonly string[];
  readonly columns: {
    /** Index into severities. */
    readonly severity: readonly number[];
    /** Index into controls. */
    readonly control: readonly number[];
    readonly account: readonly number[];
    readonly resource: readonly number[];
    /** 0 AwsIamUser, 1 AwsAccount. */
    readonly resourceType: readonly number[];
    /** Template of the resource id. */
    readonly resourceId: readonly number[];
    /** Template of the detail. */
    readonly detail: readonly number[];
    /** 0 FAILED, 1 EXEMPT. */
    readonly status: readonly number[];
    /** Index into reasons / untils, -1 for none. */
    readonly reason: readonly number[];
    readonly until: readonly number[];
    /**
     * The finding id without its `orgmfa/<account>/<control>/` prefix (the part that differs per row);
     * a finding id of another shape is kept whole behind a `!`.
     */
    readonly findingId: readonly string[];
  };
}

/** Assigns each distinct key one index, in order of first appearance. */
class Dictionary<T> {
  readonly values: T[] = [];
  private readonly index = new Map<string, number>();
  constructor(private readonly keyOf: (value: T) => string) {}
  add(value: T): number {
    const key = this.keyOf(value);
    let at = this.index.get(key);
    if (at === undefined) {
      at = this.values.length;
      this.values.push(value);
      this.index.set(key, at);
    }
    return at;
  }
}

/** `text` split around each occurrence of the row's resource (0) and account id (1), longest match first. */
export function toTemplate(text: string, resource: string, accountId: string): Template {
  const tokens = (
    [
      [resource, 0],
      [accountId, 1],
    ] as const
  )
    .filter(([token]) => token !== '')
    .sort(([a], [b]) => b.length - a.length);
  const parts: (string | 0 | 1)[] = [];
  let literal = '';
  for (let at = 0; at < text.length;) {
    const match = tokens.find(([token]) => text.startsWith(token, at));
    if (match === undefined) {
      literal += text[at];
      at += 1;
      continue;
    }
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(match[1]);
    at += match[0].length;
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

/** Packs rows (in their order) for the HTML report's table. */
export function packRows(rows: readonly FindingRow[]): PackedRows {
  const controlIds = Object.keys(CONTROLS) as ControlId[];
  const accounts = new Dictionary<readonly [string, string | null, string | null]>((a) => a[0]);
  const resources = new Dictionary<string>((r) => r);
  const templates = new Dictionary<Template>((t) => JSON.stringify(t));
  const reasons = new Dictionary<string>((r) => r);
  const untils = new Dictionary<string>((u) => u);
  const columns = {
    severity: [] as number[],
    control: [] as number[],
    account: [] as number[],
    resource: [] as number[],
    resourceType: [] as number[],
    resourceId: [] as number[],
    detail: [] as number[],
    status: [] as number[],
    reason: [] as number[],
    until: [] as number[],
    findingId: [] as string[],
  };
  for (const row of rows) {
    const prefix = `orgmfa/${row.accountId}/${row.control}/`;
    const suffix = row.findingId.startsWith(prefix) ? row.findingId.slice(prefix.length) : undefined;
    columns.severity.push(SEVERITIES.indexOf(row.severity));
    columns.control.push(controlIds.indexOf(row.control));
    columns.account.push(accounts.add([row.accountId, row.accountName, row.ouPath]));
    columns.resource.push(resources.add(row.resource));
    columns.resourceType.push(row.resourceType === 'AwsIamUser' ? 0 : 1);
    columns.resourceId.push(templates.add(toTemplate(row.resourceId, row.resource, row.accountId)));
    columns.detail.push(templates.add(toTemplate(row.detail, row.resource, row.accountId)));
    columns.status.push(row.status === 'EXEMPT' ? 1 : 0);
    columns.reason.push(row.exemptionReason === null ? -1 : reasons.add(row.exemptionReason));
    columns.until.push(row.exemptUntil === null ? -1 : untils.add(row.exemptUntil));
    columns.findingId.push(suffix === undefined || suffix.startsWith('!') ? `!${row.findingId}` : suffix);
  }
  return {
    count: rows.length,
    severities: SEVERITIES,
    controls: controlIds.map((id) => ({
      id,
      title: CONTROLS[id].title,
      remediation: CONTROLS[id].remediation.text,
      url: CONTROLS[id].remediation.url,
    })),
    accounts: accounts.values,
    resources: resources.values,
    templates: templates.values,
    reasons: reasons.values,
    untils: untils.values,
    columns,
  };
}
